import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant, startTestApp, TEST_PASSWORD, Visitor, type TestApp, type TestTenant } from '../helpers/app.js';
import { errorSummary } from '../helpers/pages.js';

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

  it('names each missing answer, keeps the email typed and where to go after, and signs nobody in', async () => {
    const v = new Visitor(t.app);
    await v.get('/sign-in?returnTo=/people');
    const empty = await v.post('/sign-in', { email: '', password: '', returnTo: '/people' });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual({ email: 'Enter your email address', password: 'Enter your password' });
    expect(empty.body).toContain('name="returnTo" value="/people"');
    const noPassword = await v.post('/sign-in', { email: tenant.users['social-worker'].email, password: '', returnTo: '/people' });
    expect(errorSummary(noPassword.body)).toEqual({ password: 'Enter your password' });
    expect(noPassword.body).toContain(`value="${tenant.users['social-worker'].email}"`);
    expect(v.cookies.wa_session).toBeUndefined();
    const signedIn = await v.post('/sign-in', { email: tenant.users['social-worker'].email, password: 'a-test-password-long-enough', returnTo: '/people' });
    expect(signedIn.statusCode).toBe(401);
  });

  it('goes where the user was going, never off the site, and sends a signed-in user home', async () => {
    const v = new Visitor(t.app);
    const form = await v.get('/sign-in?returnTo=/people&timedOut=1');
    expect(form.body).toContain('name="returnTo" value="/people"');
    expect(form.body).toContain('You were signed out because you had not used Wraparound');
    const res = await v.post('/sign-in', { email: tenant.users['social-worker'].email, password: TEST_PASSWORD, returnTo: '/people' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/people');
    expect((await v.get('/sign-in')).headers.location).toBe('/');

    const w = new Visitor(t.app);
    await w.get('/sign-in');
    const offSite = await w.post('/sign-in', { email: tenant.users['social-worker'].email, password: TEST_PASSWORD, returnTo: '//elsewhere.invalid/' });
    expect(offSite.headers.location).toBe('/');
  });
});
