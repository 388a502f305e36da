/** API scopes are `resource:read` or `resource:write`. */
export const SCOPE_PATTERN = /^[a-z][a-z-]*:(read|write)$/;

export function scopeProblem(scopes: string[]): string | null {
  if (scopes.length === 0) return 'Give at least one scope, like people:read';
  const bad = scopes.filter((s) => !SCOPE_PATTERN.test(s));
  return bad.length ? `Scopes must look like resource:read or resource:write (not ${bad.join(', ')})` : null;
}
