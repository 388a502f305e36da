import { describe, expect, it } from 'vitest';
import { CASE_HOLDING_ROLES, roleConflict, ROLES, type Role } from './roles.js';

describe('roleConflict', () => {
  it('refuses an administrator who also holds any role that works with families, and nothing else', () => {
    for (const role of ROLES) {
      const conflict = roleConflict(['admin', role]);
      if (CASE_HOLDING_ROLES.includes(role)) expect(conflict, role).toMatch(/^An administrator cannot also hold a role that works with families/);
      else expect(conflict, role).toBeNull();
    }
  });

  it('lets every pair of roles without the administrator be held together', () => {
    const others = ROLES.filter((r): r is Exclude<Role, 'admin'> => r !== 'admin');
    for (const a of others) for (const b of others) expect(roleConflict([a, b]), `${a} + ${b}`).toBeNull();
  });

  it('names each conflicting role', () => {
    expect(roleConflict(['admin', 'auditor', 'social-worker', 'idva'])).toBe(
      'An administrator cannot also hold a role that works with families (social worker; IDVA or IDSVA). Give the administrator role to a separate account',
    );
  });
});
