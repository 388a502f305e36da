import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIONS, actionsFor, can, type Action, type Actor, type CaseResource, type MaracCaseResource } from './policy.js';
import { isRole, ROLE_LABELS, ROLES, type Role } from './roles.js';

/**
 * What each role may do, written out from SPEC.md section 1 (not derived from the code under test).
 * Anything not listed is refused. Adding an action to ACTIONS without deciding it here makes it
 * "refused" for every role, so granting it anywhere fails this test until the matrix is updated.
 */
const EVERYONE: readonly Action[] = ['home:view', 'account:manage-own'];
const READ_PEOPLE: readonly Action[] = ['person:view', 'case:view', 'restricted:break-glass'];
const RECORD_PEOPLE: readonly Action[] = [...READ_PEOPLE, 'person:create', 'person:edit'];
const RECORD_RISK: readonly Action[] = ['risk:view', 'risk:record', 'marac:refer'];
const EXPECTED: Record<Role, readonly Action[]> = {
  // MASH: contacts in the MASH, and the person history needed to screen them; the manager decides,
  // opens and allocates cases, and grants access to restricted records.
  // Everyone who works with victims and children completes risk checklists and may refer to the Marac.
  'mash-worker': [...EVERYONE, ...RECORD_PEOPLE, ...RECORD_RISK, 'contact:view', 'contact:record'],
  'mash-manager': [...EVERYONE, ...RECORD_PEOPLE, ...RECORD_RISK, 'contact:view', 'contact:record', 'contact:decide', 'contact:assign', 'mash:timeliness', 'person:merge', 'case:create', 'case:allocate', 'restricted:grant', 'whereabouts:withhold'],
  // Case work: which people and cases is decided per resource (allocation, relationship, restriction).
  // MASH workers edit contacts, not cases; only case workers and their managers edit cases.
  'social-worker': [...EVERYONE, ...RECORD_PEOPLE, ...RECORD_RISK, 'case:create', 'case:edit', 'whereabouts:withhold'],
  'team-manager': [...EVERYONE, ...RECORD_PEOPLE, ...RECORD_RISK, 'case:create', 'case:edit', 'case:allocate', 'case:approve-change', 'assessment:authorise', 'person:merge', 'restricted:grant', 'whereabouts:withhold', 'whereabouts:view-withheld', 'whereabouts:grant', 'census:export', 'census:repeat-plans'],
  // Conference chairs read cases going to conference or the Marac and record conference matters
  // only (nothing yet); Marac coordinators read, refer, and keep the queue of referrals.
  iro: [...EVERYONE, ...READ_PEOPLE, 'risk:view'],
  'marac-coordinator': [...EVERYONE, ...READ_PEOPLE, 'risk:view', 'marac:refer', 'marac:coordinate'],
  // IDVAs support high-risk victims: they may see and set withheld whereabouts.
  idva: [...EVERYONE, ...RECORD_PEOPLE, ...RECORD_RISK, 'whereabouts:withhold', 'whereabouts:view-withheld'],
  // Agency representatives see only what is shared with them for a Marac: their agency's meetings, per case.
  'agency-rep': [...EVERYONE, 'marac:attend', 'information-request:answer'],
  // Admin: users, teams, configuration, and no case content.
  admin: [...EVERYONE, 'users:view', 'users:manage', 'teams:manage', 'settings:manage'],
  // Auditor / DPO: the audit log, break-glass use, and who the users are, to read it.
  auditor: [...EVERYONE, 'audit:view', 'users:view', 'break-glass:review'],
  // Analyst: reports, aggregates only (the repeat-plan audit's counts, never the census's child-level records).
  analyst: [...EVERYONE, 'reports:view', 'mash:timeliness', 'census:repeat-plans'],
};

const CONTENT: readonly Action[] = ['person:view', 'person:create', 'person:edit', 'case:view', 'case:edit', 'contact:view', 'contact:record', 'contact:decide', 'whereabouts:view-withheld'];

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
    expect(ROLES.filter((role) => can(actor([role]), 'contact:record')).sort()).toEqual(['mash-manager', 'mash-worker']);
  });

  it('only the MASH manager records threshold decisions; the timeliness counts are for them and the analyst', () => {
    expect(ROLES.filter((role) => can(actor([role]), 'contact:decide'))).toEqual(['mash-manager']);
    expect(ROLES.filter((role) => can(actor([role]), 'mash:timeliness')).sort()).toEqual(['analyst', 'mash-manager']);
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

describe('people and cases as resources', () => {
  const person = (o: { restricted?: boolean; grant?: boolean; related?: boolean; whereaboutsGrant?: boolean } = {}) => ({
    kind: 'person' as const,
    tenantId: 'tenant-a',
    id: 'p1',
    restricted: o.restricted ?? false,
    actorHasGrant: o.grant ?? false,
    related: o.related ?? false,
    whereaboutsGrant: o.whereaboutsGrant ?? false,
  });
  const kase = (o: { restricted?: boolean; grant?: boolean; workerId?: string | null; teamId?: string | null; related?: boolean; withheldMember?: boolean } = {}) => ({
    kind: 'case' as const,
    tenantId: 'tenant-a',
    id: 'c1',
    restricted: o.restricted ?? false,
    actorHasGrant: o.grant ?? false,
    workerId: o.workerId ?? null,
    teamId: o.teamId ?? null,
    related: o.related ?? false,
    withheldMember: o.withheldMember ?? false,
  });

  it('a restricted person needs a grant to open, whatever the relationship', () => {
    for (const role of ['mash-worker', 'social-worker', 'idva', 'team-manager'] as const) {
      expect(can(actor([role]), 'person:view', person({ restricted: true, related: true }))).toBe(false);
      expect(can(actor([role]), 'person:view', person({ restricted: true, grant: true, related: true }))).toBe(true);
      expect(can(actor([role]), 'restricted:break-glass', person({ restricted: true }))).toBe(true);
    }
    expect(can(actor(['admin']), 'restricted:break-glass', person({ restricted: true }))).toBe(false);
  });

  it('social workers and team managers open a person only with a relationship; the front door and IDVAs find anyone', () => {
    for (const role of ['social-worker', 'team-manager'] as const) {
      expect(can(actor([role]), 'person:view', person())).toBe(false);
      expect(can(actor([role]), 'person:view', person({ related: true }))).toBe(true);
      expect(can(actor([role]), 'person:view', person({ grant: true }))).toBe(true);
      expect(can(actor([role]), 'restricted:break-glass', person())).toBe(true);
      expect(can(actor([role]), 'restricted:break-glass', person({ related: true }))).toBe(false);
    }
    for (const role of ['mash-worker', 'mash-manager', 'idva', 'marac-coordinator', 'iro'] as const) expect(can(actor([role]), 'person:view', person())).toBe(true);
  });

  it('domestic abuse content about a person needs a relationship (or a grant or break-glass) for every role', () => {
    for (const role of ['mash-worker', 'mash-manager', 'social-worker', 'team-manager', 'iro', 'marac-coordinator', 'idva'] as const) {
      expect(can(actor([role]), 'risk:view', person())).toBe(false);
      expect(can(actor([role]), 'risk:view', person({ related: true }))).toBe(true);
      expect(can(actor([role]), 'risk:view', person({ grant: true }))).toBe(true);
      expect(can(actor([role]), 'risk:view', person({ restricted: true, related: true }))).toBe(false);
    }
  });

  it('a person of another tenant is never visible', () => {
    expect(can(actor(['mash-worker']), 'person:view', { ...person({ related: true }), tenantId: 'tenant-b' })).toBe(false);
  });

  it('cases open to the allocated worker or team, managers of unallocated cases, and those with a relationship', () => {
    const sw = actor(['social-worker'], { teamIds: ['team-1'] });
    // The facts loader marks allocation as a relationship; the policy also reads allocation for editing.
    expect(can(sw, 'case:view', kase())).toBe(false);
    expect(can(sw, 'case:view', kase({ workerId: 'user-1', related: true }))).toBe(true);
    expect(can(sw, 'case:edit', kase({ workerId: 'user-1', related: true }))).toBe(true);
    expect(can(sw, 'case:edit', kase({ teamId: 'team-1', related: true }))).toBe(true);
    expect(can(sw, 'case:edit', kase({ teamId: 'team-2', related: true }))).toBe(false);
    for (const role of ['mash-worker', 'mash-manager', 'iro', 'marac-coordinator', 'idva'] as const) {
      expect(can(actor([role]), 'case:view', kase())).toBe(false);
      expect(can(actor([role]), 'case:view', kase({ related: true }))).toBe(true);
      expect(can(actor([role]), 'case:edit', kase({ related: true }))).toBe(false);
    }
    expect(can(actor(['team-manager']), 'case:edit', kase({ related: true }))).toBe(true);
    expect(can(actor(['team-manager'], { teamIds: ['team-2'] }), 'case:edit', kase({ teamId: 'team-1', related: true }))).toBe(false);
  });

  it('merging records: a MASH manager any open record, a team manager one they work with; a restricted record needs a grant', () => {
    expect(can(actor(['mash-manager']), 'person:merge', person())).toBe(true);
    expect(can(actor(['mash-manager']), 'person:merge', person({ restricted: true }))).toBe(false);
    expect(can(actor(['mash-manager']), 'person:merge', person({ restricted: true, grant: true }))).toBe(true);
    expect(can(actor(['team-manager']), 'person:merge', person())).toBe(false);
    expect(can(actor(['team-manager']), 'person:merge', person({ related: true }))).toBe(true);
    for (const role of ['mash-worker', 'social-worker', 'idva', 'marac-coordinator', 'iro', 'admin'] as const) {
      expect(can(actor([role]), 'person:merge', person({ related: true, grant: true })), role).toBe(false);
    }
  });

  it('a restricted case needs a grant whatever the role or allocation', () => {
    expect(can(actor(['mash-manager']), 'case:view', kase({ restricted: true, related: true }))).toBe(false);
    expect(can(actor(['social-worker']), 'case:view', kase({ restricted: true, workerId: 'user-1', related: true }))).toBe(false);
    expect(can(actor(['social-worker']), 'case:view', kase({ restricted: true, grant: true, workerId: 'user-1', related: true }))).toBe(true);
  });

  it('allocating a family with withheld whereabouts needs a manager who may see them', () => {
    // Approving a worker's step-down or closure: a team manager of the case's team (or of an unallocated case), nobody else.
    expect(can(actor(['team-manager'], { teamIds: ['team-9'] }), 'case:approve-change', kase({ teamId: 'team-9', workerId: 'worker-1', related: true }))).toBe(true);
    expect(can(actor(['team-manager'], { teamIds: ['team-2'] }), 'case:approve-change', kase({ teamId: 'team-9', workerId: 'worker-1', related: true }))).toBe(false);
    expect(can(actor(['team-manager']), 'case:approve-change', kase({ related: true }))).toBe(true);
    expect(can(actor(['mash-manager']), 'case:approve-change', kase({ related: true }))).toBe(false);
    expect(can(actor(['social-worker'], { teamIds: ['team-9'] }), 'case:approve-change', kase({ teamId: 'team-9', workerId: 'user-1', related: true }))).toBe(false);
    expect(can(actor(['mash-manager']), 'case:allocate', kase({ related: true }))).toBe(true);
    expect(can(actor(['mash-manager']), 'case:allocate', kase({ related: true, withheldMember: true }))).toBe(false);
    expect(can(actor(['team-manager']), 'case:allocate', kase({ related: true, withheldMember: true }))).toBe(true);
    expect(can(actor(['social-worker']), 'case:allocate', kase({ workerId: 'user-1', related: true }))).toBe(false);
    // A manager allocates only a case they may see.
    expect(can(actor(['mash-manager']), 'case:allocate', kase({ teamId: 'team-9' }))).toBe(false);
    expect(can(actor(['team-manager'], { teamIds: ['team-2'] }), 'case:allocate', kase({ teamId: 'team-9' }))).toBe(false);
  });

  it('withheld whereabouts: by role (team managers, IDVAs) or a named grant; never by allocation or relationship', () => {
    expect(can(actor(['team-manager']), 'whereabouts:view-withheld')).toBe(true);
    expect(can(actor(['idva']), 'whereabouts:view-withheld')).toBe(true);
    expect(can(actor(['social-worker']), 'whereabouts:view-withheld')).toBe(false);
    expect(can(actor(['social-worker']), 'whereabouts:view-withheld', kase({ workerId: 'user-1', related: true }))).toBe(false);
    expect(can(actor(['social-worker']), 'whereabouts:view-withheld', person({ related: true }))).toBe(false);
    expect(can(actor(['social-worker']), 'whereabouts:view-withheld', person({ related: true, whereaboutsGrant: true }))).toBe(true);
    expect(can(actor(['mash-worker']), 'whereabouts:view-withheld', person({ whereaboutsGrant: true }))).toBe(true);
    // A grant on a record the actor cannot open shows nothing.
    expect(can(actor(['social-worker']), 'whereabouts:view-withheld', person({ restricted: true, related: true, whereaboutsGrant: true }))).toBe(false);
    expect(can(actor(['admin']), 'whereabouts:view-withheld', person({ whereaboutsGrant: true }))).toBe(false);
    expect(can(actor(['mash-manager']), 'whereabouts:view-withheld', kase({ related: true }))).toBe(false);
  });

  it('property: no relationship, grant or role-free path shows withheld whereabouts without the role or a named grant', () => {
    fc.assert(
      fc.property(fc.subarray([...ROLES]), fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), (roles, restricted, grant, related, whereaboutsGrant) => {
        const a = actor(roles);
        const p = person({ restricted, grant, related, whereaboutsGrant });
        if (can(a, 'whereabouts:view-withheld', p)) {
          expect(roles.some((r) => expected(r, 'whereabouts:view-withheld')) || (whereaboutsGrant && roles.some((r) => expected(r, 'person:view')))).toBe(true);
          expect(can(a, 'person:view', p)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('Marac cases as resources', () => {
  const mcase = (facts: Partial<MaracCaseResource> = {}): MaracCaseResource => ({ kind: 'marac-case', tenantId: 'tenant-a', id: 'mc-1', agencyMember: true, window: 'open', releasedToAgency: false, restrictedWithoutGrant: false, ...facts });
  const rep = (overrides: Partial<Actor> = {}) => actor(['agency-rep'], { agencyId: 'agency-1', ...overrides });

  it('a representative sees a case only through their agency’s meeting, inside the window', () => {
    expect(can(rep(), 'marac:attend', mcase())).toBe(true);
    expect(can(rep(), 'marac:attend', mcase({ agencyMember: false }))).toBe(false);
    expect(can(rep(), 'marac:attend', mcase({ window: 'not-yet-circulated' }))).toBe(false);
    expect(can(rep(), 'marac:attend', mcase({ window: 'closed' }))).toBe(false);
    // A representative not yet given an agency sees nothing.
    expect(can(rep({ agencyId: null }), 'marac:attend', mcase())).toBe(false);
    expect(can(rep(), 'marac:attend', mcase({ tenantId: 'tenant-b' }))).toBe(false);
    expect(can(rep({ active: false }), 'marac:attend', mcase())).toBe(false);
  });

  it('the coordinator is held to a restricted victim’s record without a grant; partner agencies see what the Marac shares', () => {
    expect(can(actor(['marac-coordinator']), 'marac:coordinate', mcase({ restrictedWithoutGrant: true }))).toBe(false);
    expect(can(rep(), 'marac:attend', mcase({ restrictedWithoutGrant: true }))).toBe(true);
  });

  it('only a representative attends; the coordinator coordinates every case; nobody else reaches one', () => {
    expect(can(actor(['marac-coordinator']), 'marac:coordinate', mcase({ agencyMember: false, window: 'closed' }))).toBe(true);
    expect(can(actor(['marac-coordinator']), 'marac:attend', mcase())).toBe(false);
    for (const role of ROLES.filter((r) => r !== 'agency-rep' && r !== 'marac-coordinator')) {
      expect(can(actor([role], { agencyId: 'agency-1' }), 'marac:attend', mcase()), role).toBe(false);
      expect(can(actor([role], { agencyId: 'agency-1' }), 'marac:coordinate', mcase()), role).toBe(false);
    }
  });

  it('withheld whereabouts reach a representative only when released to their agency, inside the window', () => {
    expect(can(rep(), 'whereabouts:view-withheld', mcase())).toBe(false);
    expect(can(rep(), 'whereabouts:view-withheld', mcase({ releasedToAgency: true }))).toBe(true);
    expect(can(rep(), 'whereabouts:view-withheld', mcase({ releasedToAgency: true, window: 'closed' }))).toBe(false);
    expect(can(rep(), 'whereabouts:view-withheld', mcase({ releasedToAgency: true, agencyMember: false }))).toBe(false);
    expect(can(rep(), 'whereabouts:view-withheld')).toBe(false);
    // A release to an agency opens nothing to a role that does not attend for one.
    expect(can(actor(['social-worker'], { agencyId: 'agency-1' }), 'whereabouts:view-withheld', mcase({ releasedToAgency: true }))).toBe(false);
  });

  it('property: a representative reaches a case only as a member inside the window, and withheld whereabouts only with a release too', () => {
    fc.assert(
      fc.property(fc.subarray([...ROLES]), fc.boolean(), fc.constantFrom('not-yet-circulated' as const, 'open' as const, 'closed' as const), fc.boolean(), fc.boolean(), (roles, agencyMember, window, releasedToAgency, hasAgency) => {
        const a = actor(roles, { agencyId: hasAgency ? 'agency-1' : null });
        const m = mcase({ agencyMember, window, releasedToAgency });
        if (can(a, 'marac:attend', m)) expect(roles.includes('agency-rep') && agencyMember && window === 'open' && hasAgency).toBe(true);
        if (can(a, 'whereabouts:view-withheld', m)) expect(can(a, 'marac:attend', m) && releasedToAgency).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('Marac actions as resources', () => {
  const owned = { kind: 'marac-action' as const, tenantId: 'tenant-a', id: 'act-1', agencyId: 'agency-1' };
  it('a representative reaches only the actions their agency owns; the coordinator every one', () => {
    expect(can(actor(['agency-rep'], { agencyId: 'agency-1' }), 'marac:attend', owned)).toBe(true);
    expect(can(actor(['agency-rep'], { agencyId: 'agency-2' }), 'marac:attend', owned)).toBe(false);
    expect(can(actor(['agency-rep'], { agencyId: null }), 'marac:attend', owned)).toBe(false);
    expect(can(actor(['agency-rep'], { agencyId: 'agency-1', tenantId: 'tenant-b' }), 'marac:attend', owned)).toBe(false);
    expect(can(actor(['marac-coordinator']), 'marac:coordinate', owned)).toBe(true);
    for (const role of ROLES.filter((r) => r !== 'agency-rep' && r !== 'marac-coordinator')) {
      expect(can(actor([role], { agencyId: 'agency-1' }), 'marac:attend', owned), role).toBe(false);
      expect(can(actor([role], { agencyId: 'agency-1' }), 'marac:coordinate', owned), role).toBe(false);
    }
  });
});

describe('assessments and requests for information', () => {
  const kase = (overrides: Partial<Omit<CaseResource, 'kind'>> = {}): CaseResource => ({ kind: 'case', tenantId: 'tenant-a', id: 'case-1', restricted: false, actorHasGrant: false, related: false, workerId: null, teamId: null, withheldMember: false, ...overrides });
  it('a manager of the case’s team, or of a case nobody has yet, authorises an assessment', () => {
    expect(can(actor(['team-manager'], { teamIds: ['team-9'] }), 'assessment:authorise', kase({ teamId: 'team-9', workerId: 'worker-1', related: true }))).toBe(true);
    expect(can(actor(['team-manager'], { teamIds: ['team-2'] }), 'assessment:authorise', kase({ teamId: 'team-9', workerId: 'worker-1', related: true }))).toBe(false);
    expect(can(actor(['team-manager'], { teamIds: ['team-9'] }), 'assessment:authorise', kase({ teamId: 'team-9', related: true, restricted: true }))).toBe(false);
    expect(can(actor(['social-worker'], { teamIds: ['team-9'] }), 'assessment:authorise', kase({ teamId: 'team-9', related: true }))).toBe(false);
  });

  const request = { kind: 'information-request' as const, tenantId: 'tenant-a', id: 'req-1', agencyId: 'agency-1', open: true };
  it('a representative answers only their agency’s request, only while it is open', () => {
    expect(can(actor(['agency-rep'], { agencyId: 'agency-1' }), 'information-request:answer', request)).toBe(true);
    expect(can(actor(['agency-rep'], { agencyId: 'agency-2' }), 'information-request:answer', request)).toBe(false);
    expect(can(actor(['agency-rep'], { agencyId: null }), 'information-request:answer', request)).toBe(false);
    expect(can(actor(['agency-rep'], { agencyId: 'agency-1' }), 'information-request:answer', { ...request, open: false })).toBe(false);
    expect(can(actor(['agency-rep'], { agencyId: 'agency-1' }), 'information-request:answer', { ...request, agencyId: null })).toBe(false);
    expect(can(actor(['agency-rep'], { agencyId: 'agency-1', tenantId: 'tenant-b' }), 'information-request:answer', request)).toBe(false);
    for (const role of ROLES.filter((r) => r !== 'agency-rep')) expect(can(actor([role], { agencyId: 'agency-1' }), 'information-request:answer', request), role).toBe(false);
    expect(can(actor(['agency-rep'], { agencyId: 'agency-1' }), 'marac:attend', request)).toBe(false);
  });
});
