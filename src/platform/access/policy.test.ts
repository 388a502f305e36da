import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIONS, actionsFor, can, type Action, type Actor } from './policy.js';
import { isRole, ROLE_LABELS, ROLES, type Role } from './roles.js';

/**
 * What each role may do, written out from SPEC.md section 1 (not derived from the code under test).
 * Anything not listed is refused. Adding an action to ACTIONS without deciding it here makes it
 * "refused" for every role, so granting it anywhere fails this test until the matrix is updated.
 */
const EVERYONE: readonly Action[] = ['home:view', 'account:manage-own'];
const EXPECTED: Record<Role, readonly Action[]> = {
  // MASH: contacts in the MASH, and the person history needed to screen them.
  'mash-worker': [...EVERYONE, 'person:view', 'case:view', 'contact:view'],
  'mash-manager': [...EVERYONE, 'person:view', 'case:view', 'contact:view'],
  // Case work: people and cases (which ones is decided per resource by later features).
  'social-worker': [...EVERYONE, 'person:view', 'case:view'],
  'team-manager': [...EVERYONE, 'person:view', 'case:view'],
  iro: [...EVERYONE, 'person:view', 'case:view'],
  'marac-coordinator': [...EVERYONE, 'person:view', 'case:view'],
  idva: [...EVERYONE, 'person:view', 'case:view'],
  // Agency representatives see only what is shared with them for a Marac: nothing yet.
  'agency-rep': [...EVERYONE],
  // Admin: users, teams, configuration, and no case content.
  admin: [...EVERYONE, 'users:view', 'users:manage', 'teams:manage'],
  // Auditor / DPO: the audit log (and who the users are, to read it).
  auditor: [...EVERYONE, 'audit:view', 'users:view'],
  // Analyst: reports, aggregates only.
  analyst: [...EVERYONE, 'reports:view'],
};

const CONTENT: readonly Action[] = ['person:view', 'case:view', 'contact:view'];

function expected(role: Role, action: Action): boolean {
  return EXPECTED[role].includes(action);
}

function actor(roles: readonly Role[], overrides: Partial<Actor> = {}): Actor {
  return { id: 'user-1', tenantId: 'tenant-a', roles, active: true, ...overrides };
}

describe('the role × action matrix', () => {
  it('covers every role of SPEC.md section 1', () => {
    expect([...ROLES].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(ROLES).toHaveLength(11);
  });

  it('has no duplicate actions', () => {
    expect(new Set(ACTIONS).size).toBe(ACTIONS.length);
  });

  for (const role of ROLES) {
    for (const action of ACTIONS) {
      const allowed = expected(role, action);
      it(`${role} ${allowed ? 'may' : 'may not'} ${action}`, () => {
        expect(can(actor([role]), action)).toBe(allowed);
      });
    }
  }

  it('actionsFor gives exactly the expected grants for each role', () => {
    for (const role of ROLES) expect([...actionsFor(role)].sort()).toEqual([...EXPECTED[role]].sort());
  });

  it('every role may see home and manage its own account', () => {
    for (const role of ROLES) {
      expect(can(actor([role]), 'home:view')).toBe(true);
      expect(can(actor([role]), 'account:manage-own')).toBe(true);
    }
  });

  it('admin, auditor, analyst and agency-rep see no person, case or contact content', () => {
    for (const role of ['admin', 'auditor', 'analyst', 'agency-rep'] as const) {
      for (const action of CONTENT) expect(can(actor([role]), action)).toBe(false);
    }
  });

  it('only MASH roles see contacts', () => {
    const withContacts = ROLES.filter((role) => can(actor([role]), 'contact:view'));
    expect(withContacts.sort()).toEqual(['mash-manager', 'mash-worker']);
  });

  it('only the auditor sees the audit log, only the analyst sees reports, only the admin manages', () => {
    expect(ROLES.filter((role) => can(actor([role]), 'audit:view'))).toEqual(['auditor']);
    expect(ROLES.filter((role) => can(actor([role]), 'reports:view'))).toEqual(['analyst']);
    expect(ROLES.filter((role) => can(actor([role]), 'users:manage'))).toEqual(['admin']);
    expect(ROLES.filter((role) => can(actor([role]), 'teams:manage'))).toEqual(['admin']);
    expect(ROLES.filter((role) => can(actor([role]), 'users:view')).sort()).toEqual(['admin', 'auditor']);
  });
});

describe('who the actor is', () => {
  it('refuses everything to no actor', () => {
    for (const action of ACTIONS) expect(can(null, action)).toBe(false);
  });

  it('refuses everything to an inactive actor, whatever their roles', () => {
    const inactive = actor([...ROLES], { active: false });
    for (const action of ACTIONS) expect(can(inactive, action)).toBe(false);
  });

  it('refuses everything, even home, to an actor with no roles', () => {
    for (const action of ACTIONS) expect(can(actor([]), action)).toBe(false);
  });

  it('gives several roles the union of their grants', () => {
    const both = actor(['admin', 'social-worker']);
    expect(can(both, 'users:manage')).toBe(true);
    expect(can(both, 'case:view')).toBe(true);
    expect(can(both, 'contact:view')).toBe(false);
    expect(can(both, 'audit:view')).toBe(false);
    for (const action of ACTIONS) {
      expect(can(both, action)).toBe(expected('admin', action) || expected('social-worker', action));
    }
  });

  it('property: can() is true iff the actor is active and some role grants the action', () => {
    fc.assert(
      fc.property(fc.subarray([...ROLES]), fc.constantFrom(...ACTIONS), fc.boolean(), (roles, action, active) => {
        const want = active && roles.some((role) => expected(role, action));
        expect(can(actor(roles, { active }), action)).toBe(want);
      }),
      { numRuns: 500 },
    );
  });
});

describe('resources', () => {
  const admin = actor(['admin'], { id: 'admin-1', tenantId: 'tenant-a' });
  const worker = actor(['social-worker'], { id: 'worker-1', tenantId: 'tenant-a' });

  it('allows a tenant resource of the actor’s own tenant', () => {
    expect(can(admin, 'users:manage', { kind: 'tenant', id: 'tenant-a' })).toBe(true);
  });

  it('refuses a tenant resource of another tenant, whatever the role grants', () => {
    for (const action of ACTIONS) {
      expect(can(actor([...ROLES]), action, { kind: 'tenant', id: 'tenant-b' })).toBe(false);
    }
  });

  it('refuses a user resource of another tenant', () => {
    expect(can(admin, 'users:view', { kind: 'user', id: 'user-9', tenantId: 'tenant-b' })).toBe(false);
    expect(can(admin, 'users:manage', { kind: 'user', id: 'user-9', tenantId: 'tenant-b' })).toBe(false);
    // Even the actor's own id, if the resource says another tenant.
    expect(can(admin, 'account:manage-own', { kind: 'user', id: 'admin-1', tenantId: 'tenant-b' })).toBe(false);
  });

  it('allows a user resource of the same tenant when the role grants the action', () => {
    expect(can(admin, 'users:manage', { kind: 'user', id: 'user-9', tenantId: 'tenant-a' })).toBe(true);
  });

  it('does not let a resource grant what the role does not', () => {
    expect(can(worker, 'users:manage', { kind: 'user', id: 'worker-1', tenantId: 'tenant-a' })).toBe(false);
    expect(can(worker, 'users:view', { kind: 'tenant', id: 'tenant-a' })).toBe(false);
  });

  it('allows account:manage-own on oneself only', () => {
    expect(can(worker, 'account:manage-own', { kind: 'user', id: 'worker-1', tenantId: 'tenant-a' })).toBe(true);
    expect(can(worker, 'account:manage-own', { kind: 'user', id: 'worker-2', tenantId: 'tenant-a' })).toBe(false);
    // An admin's power over users does not make another user's account "their own".
    expect(can(admin, 'account:manage-own', { kind: 'user', id: 'worker-1', tenantId: 'tenant-a' })).toBe(false);
  });

  it('refuses any resource to an inactive actor', () => {
    const inactive = actor(['admin'], { active: false });
    expect(can(inactive, 'users:manage', { kind: 'tenant', id: 'tenant-a' })).toBe(false);
    expect(can(inactive, 'account:manage-own', { kind: 'user', id: 'user-1', tenantId: 'tenant-a' })).toBe(false);
  });
});

describe('roles', () => {
  it('recognises exactly the listed roles', () => {
    for (const role of ROLES) expect(isRole(role)).toBe(true);
    for (const notRole of ['', 'Admin', 'superuser', 'social worker', 'toString', 'constructor', 'admin ']) {
      expect(isRole(notRole)).toBe(false);
    }
  });

  it('labels every role', () => {
    for (const role of ROLES) expect(ROLE_LABELS[role]).toMatch(/\S/);
    expect(Object.keys(ROLE_LABELS).sort()).toEqual([...ROLES].sort());
    expect(ROLE_LABELS['mash-worker']).toBe('MASH worker');
    expect(ROLE_LABELS.idva).toBe('IDVA or IDSVA');
  });
});
