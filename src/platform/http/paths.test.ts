import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paths, safeReturnPath, withQuery } from './paths.js';

describe('safeReturnPath', () => {
  it('accepts same-site paths with a query', () => {
    for (const path of ['/', '/x?y=1', '/admin/users/abc', '/admin/users?page=2&q=a%20b', '/a#top']) {
      expect(safeReturnPath(path)).toBe(path);
    }
  });

  it('refuses other sites and schemes', () => {
    for (const path of [
      '//evil.example',
      '//evil.example/x',
      '/\\evil.example',
      '\\\\evil.example',
      'https://evil.example/',
      'http://evil.example',
      'javascript:alert(1)',
      'evil.example',
      'x?y=1',
      '',
    ]) {
      expect(safeReturnPath(path)).toBe('/');
    }
  });

  it('refuses whitespace anywhere, which browsers strip to make //', () => {
    for (const path of [' /x', '/x ', '/\t/evil.example', '/\n/evil.example', '/x y', '/\u00a0x']) {
      expect(safeReturnPath(path)).toBe('/');
    }
  });

  it('refuses anything not a string', () => {
    for (const value of [undefined, null, 1, ['/x'], { path: '/x' }, true]) {
      expect(safeReturnPath(value)).toBe('/');
    }
  });

  it('property: whatever it returns is a single-slash path on this site', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `/${s}`), fc.webUrl(), fc.webPath()), (value) => {
        const result = safeReturnPath(value);
        expect(result).toMatch(/^\/(?![/\\])\S*$/);
        expect(new URL(result, 'https://wraparound.example').origin).toBe('https://wraparound.example');
      }),
      { numRuns: 500 },
    );
    // 500 generated URLs take well under a second alone, but several seconds on a shared, busy machine.
  }, 30_000);
});

describe('withQuery', () => {
  it('adds the query, leaving out undefined and empty values', () => {
    expect(withQuery('/sign-in', { returnTo: '/x', timedOut: undefined, q: '' })).toBe('/sign-in?returnTo=%2Fx');
  });

  it('gives the bare path when nothing is left', () => {
    expect(withQuery('/sign-in', {})).toBe('/sign-in');
    expect(withQuery('/sign-in', { a: undefined, b: '' })).toBe('/sign-in');
  });

  it('encodes values and keeps numbers, including zero', () => {
    expect(withQuery('/admin/users', { q: 'a&b=c d', page: 2, zero: 0 })).toBe('/admin/users?q=a%26b%3Dc+d&page=2&zero=0');
    const back = new URL(withQuery('/x', { q: 'a&b=c d/é' }), 'https://h.example');
    expect(back.searchParams.get('q')).toBe('a&b=c d/é');
  });
});

describe('paths', () => {
  it('builds admin user paths, with the route pattern by default', () => {
    expect(paths.admin.user()).toBe('/admin/users/:userId');
    expect(paths.admin.user('abc')).toBe('/admin/users/abc');
    expect(paths.admin.userDeactivate()).toBe('/admin/users/:userId/deactivate');
    expect(paths.admin.userDeactivate('abc')).toBe('/admin/users/abc/deactivate');
    expect(paths.admin.userReactivate('abc')).toBe('/admin/users/abc/reactivate');
    expect(paths.admin.userResetPassword('abc')).toBe('/admin/users/abc/reset-password');
    expect(paths.admin.userResetPassword()).toBe('/admin/users/:userId/reset-password');
    expect(paths.admin.users).toBe('/admin/users');
    expect(paths.admin.newUser).toBe('/admin/users/new');
    expect(paths.admin.teams).toBe('/admin/teams');
  });

  it('keeps API paths under /api/v1', () => {
    expect(paths.api.openapi).toBe('/api/v1/openapi.json');
    expect(paths.api.whoami).toBe('/api/v1/whoami');
  });

  it('is the home page that safeReturnPath falls back to', () => {
    expect(paths.home).toBe('/');
  });
});
