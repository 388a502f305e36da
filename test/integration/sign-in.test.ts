import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant, startTestApp, Visitor, type TestApp, type TestTenant } from '../helpers/app.js';

let t: TestApp;
let tenant: TestTenant;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
});
afterAll(() => t.close());

describe('sign-in', () => {
  it('signs in with the right password and shows the home page', async () => {
    const v = new Visitor(t.app);
    const res = await v.signIn(tenant.users['social-worker'].email);
    expect(res.statusCode).toBe(303);
    const home = await v.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Test social-worker');
  });

  it('refuses a wrong password with the same message as an unknown email', async () => {
    const a = new Visitor(t.app);
    const wrong = await a.signIn(tenant.users['idva'].email, 'not-the-password-at-all');
    const b = new Visitor(t.app);
    const unknown = await b.signIn('nobody@nowhere.invalid', 'not-the-password-at-all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const message = (body: string) => /<a href="#email">([^<]+)<\/a>/.exec(body)?.[1];
    expect(message(wrong.body)).toBeTruthy();
    expect(message(wrong.body)).toBe(message(unknown.body));
  });
});
