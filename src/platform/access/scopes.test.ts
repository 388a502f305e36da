import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCOPE_PATTERN, scopeProblem } from './scopes.js';

describe('scopeProblem', () => {
  it('needs at least one scope', () => {
    expect(scopeProblem([])).toBe('Give at least one scope, like people:read');
  });

  it('accepts resource:read and resource:write', () => {
    expect(scopeProblem(['people:read'])).toBeNull();
    expect(scopeProblem(['people:read', 'police-notifications:write', 'marac-cases:read'])).toBeNull();
  });

  it('names every scope that does not fit, and only those', () => {
    expect(scopeProblem(['people:read', 'People:read', 'people:delete'])).toBe(
      'Scopes must look like resource:read or resource:write (not People:read, people:delete)',
    );
  });

  it('refuses malformed scopes', () => {
    for (const bad of ['people', ':read', 'people:', 'people:read ', ' people:read', 'people:readwrite', '1people:read', '-people:read', 'people_x:read', 'people:read:write', 'people:*', '*']) {
      expect(scopeProblem([bad]), bad).not.toBeNull();
    }
  });

  it('property: accepts exactly the lower-case resource:read|write shape', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z-]{0,20}$/), fc.constantFrom('read', 'write'), (resource, access) => {
        const scope = `${resource}:${access}`;
        expect(SCOPE_PATTERN.test(scope)).toBe(true);
        expect(scopeProblem([scope])).toBeNull();
      }),
    );
    fc.assert(
      fc.property(fc.string(), (scope) => {
        fc.pre(!/^[a-z][a-z-]*:(read|write)$/.test(scope));
        expect(scopeProblem([scope])).not.toBeNull();
      }),
    );
  });
});
