import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminService } from '../../src/features/admin/service.js';
import { casesService } from '../../src/features/cases/service.js';
import { ContactError, contactsService } from '../../src/features/contacts/service.js';
import { peopleService, VersionConflict } from '../../src/features/people/service.js';
import type { Role } from '../../src/platform/access/roles.js';
import { createTestTenant, startTestApp, userOfRole, type TestApp, type TestTenant } from '../helpers/app.js';
import { policeNotification } from '../helpers/contacts.js';
import { within } from '../helpers/database.js';

// Issue 11, "What to build" 6: many people saving the same record at once. No save is lost without
// the saver being told what changed, nothing deadlocks, and a threshold decision is made once.

const EDITORS = 50;

let t: TestApp;
let tenant: TestTenant;

const user = (role: Role) => userOfRole(t.db, tenant, role);

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
});
afterAll(() => t.close());

describe(`${EDITORS} people saving at once`, () => {
  it('saves one change to a person and tells every other editor what changed, with no deadlock', async () => {
    const manager = await user('team-manager');
    const people = peopleService(t.db);
    const caller = { kind: 'user' as const, user: manager };
    const { id } = await people.create(caller, { givenName: 'Tamsin', familyName: 'Oakhurst' }, 'r');
    const saves = await within(
      120_000,
      `${EDITORS} saves of one person`,
      Promise.allSettled(Array.from({ length: EDITORS }, (_, i) => people.update(caller, id, 1, { otherNames: [`Name ${i}`] }, `r${i}`))),
    );
    const saved = saves.filter((s) => s.status === 'fulfilled');
    const refused = saves.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    expect(saved).toHaveLength(1);
    expect(refused).toHaveLength(EDITORS - 1);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(VersionConflict);
      expect((r.reason as VersionConflict).changedFields).toEqual(['otherNames']);
    }
    const row = await t.db.owner().selectFrom('people').select(['version', 'other_names']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.version).toBe(2);
    const changes = await t.db.owner().selectFrom('person_changes').select('version').where('person_id', '=', id).execute();
    expect(changes).toHaveLength(1);
    const audited = await t.db.owner().selectFrom('audit_events').select('details').where('tenant_id', '=', tenant.id).where('action', '=', 'person.update').where('subject_id', '=', id).execute();
    expect(audited).toHaveLength(1);
    expect(audited[0]!.details).toMatchObject({ version: 2 });
    expect(row.other_names).toHaveLength(1);
  });

  it('closes a case once when everyone closes it at once, and keeps every stage change accepted at the same time', async () => {
    const manager = await user('team-manager');
    const worker = await user('social-worker');
    const people = peopleService(t.db);
    const child = (await people.create({ kind: 'user', user: manager }, { givenName: 'Ottilie', familyName: 'Marchbank', dateOfBirth: '2016-03-02' }, 'r')).id;
    const cases = casesService(t.db);
    // The worker's team, which the manager manages: their own closures and step-downs need nobody's approval.
    const system = { kind: 'system' as const, tenantId: tenant.id };
    const team = await adminService(t.db).createTeam(system, 'Child in need West', null);
    await adminService(t.db).updateUser(system, manager.id, { name: manager.name, roles: ['team-manager'], teamIds: [team.id] }, null);
    const teamManager = await user('team-manager');
    const { id } = await cases.open(manager, { stage: 'child-in-need', members: [{ personId: child, role: 'child' }], workerId: worker.id, teamId: team.id }, 'r');
    const half = EDITORS / 2;
    const attempts = await within(
      120_000,
      `${EDITORS} changes of one case`,
      Promise.allSettled([
        // The team manager's own changes are made at once (a worker's closure would wait for their approval).
        ...Array.from({ length: half }, (_, i) => cases.changeStatus(teamManager, id, { type: 'closed', reason: `Closing ${i}` }, `c${i}`)),
        ...Array.from({ length: half }, (_, i) => cases.changeStatus(teamManager, id, { type: 'stage-changed', stage: i % 2 ? 'child-protection' : 'child-in-need', reason: `Stage ${i}` }, `s${i}`)),
      ]),
    );
    const closes = attempts.slice(0, half);
    expect(closes.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    for (const a of closes.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) {
      expect((a.reason as { status?: number }).status).toBe(409);
    }
    const events = await t.db.owner().selectFrom('case_events').select('type').where('case_id', '=', id).execute();
    expect(events.filter((e) => e.type === 'closed')).toHaveLength(1);
    // A stage change after the close, or to the stage the case is at, is refused (409); every one accepted is in the chronology.
    const stages = attempts.slice(half);
    for (const a of stages.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) expect((a.reason as { status?: number }).status).toBe(409);
    expect(events.filter((e) => e.type === 'stage-changed')).toHaveLength(stages.filter((a) => a.status === 'fulfilled').length);
  });
});

describe('two managers deciding the same contact at once', () => {
  it('makes exactly one decision, and tells the other manager it was decided', async () => {
    const contacts = contactsService(t.db);
    const managers = [await user('mash-manager'), await user('mash-manager')];
    const team = await adminService(t.db).createTeam({ kind: 'system', tenantId: tenant.id }, 'Early help East', null);
    const caller = { kind: 'user' as const, user: managers[0]! };
    for (let round = 0; round < 5; round++) {
      // Everyone on it linked, so that either decision may be made; the early help one opens a case.
      const notification = policeNotification();
      for (const p of notification.people) Object.assign(p, { personId: (await peopleService(t.db).create(caller, { givenName: p.givenName, familyName: `${p.familyName}${round}` }, 'r')).id });
      const contact = await contacts.receive({ kind: 'system', tenantId: tenant.id }, notification, null);
      const decisions = await within(
        60_000,
        'two decisions at once',
        Promise.allSettled(
          managers.map((m, i) =>
            contacts.decide({ kind: 'user', user: m }, contact.id, { pathway: i ? 'early-help' : 'no-further-action', reason: `Manager ${i} decided`, daServiceReferral: null, checkMarac: false, teamId: team.id }, `d${round}-${i}`),
          ),
        ),
      );
      expect(decisions.filter((d) => d.status === 'fulfilled')).toHaveLength(1);
      const refused = decisions.find((d): d is PromiseRejectedResult => d.status === 'rejected')!;
      expect(refused.reason).toBeInstanceOf(ContactError);
      expect((refused.reason as ContactError).status).toBe(409);
      const events = await t.db.owner().selectFrom('contact_events').select('type').where('contact_id', '=', contact.id).where('type', '=', 'decided').execute();
      expect(events).toHaveLength(1);
      // At most one case: the early help decision's, if it was the one made.
      const decided = await t.db.owner().selectFrom('contacts').select(['decided_pathway', 'case_id']).where('id', '=', contact.id).executeTakeFirstOrThrow();
      const child = (notification.people.find((p) => p.role === 'child') as { personId: string }).personId;
      const cases = await t.db.owner().selectFrom('case_members').select('case_id').where('person_id', '=', child).execute();
      expect(cases).toHaveLength(decided.decided_pathway === 'early-help' ? 1 : 0);
    }
  });
});
