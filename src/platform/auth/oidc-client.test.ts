import { describe, expect, it } from 'vitest';
import { issuerProblem } from './oidc-client.js';

describe('issuerProblem', () => {
  it('accepts an https issuer, such as Entra ID’s for one council', () => {
    expect(issuerProblem('https://login.microsoftonline.com/0b7d1c3e-0000-4000-8000-000000000001/v2.0', true)).toBeNull();
    expect(issuerProblem('https://sso.council.example', false)).toBeNull();
  });

  it('accepts plain http only to this machine, and never in production', () => {
    for (const local of ['http://127.0.0.1:4000', 'http://localhost:4000/', 'http://[::1]:4000']) {
      expect(issuerProblem(local, false), local).toBeNull();
      expect(issuerProblem(local, true), local).toMatch(/https:\/\//);
    }
    expect(issuerProblem('http://login.example', false)).toMatch(/https:\/\//);
  });

  it('refuses what is not an http or https URL, or has a query or a fragment', () => {
    expect(issuerProblem('login.microsoftonline.com', false)).toMatch(/must be a URL/);
    expect(issuerProblem('ftp://login.example', false)).toMatch(/https:\/\//);
    expect(issuerProblem('https://login.example/?tenant=x', false)).toMatch(/query or a fragment/);
    expect(issuerProblem('https://login.example/#x', false)).toMatch(/query or a fragment/);
  });
});
