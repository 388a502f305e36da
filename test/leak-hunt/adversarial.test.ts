import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminService } from '../../src/features/admin/service.js';
import { ROLES, type Role } from '../../src/platform/access/roles.js';
import { loadUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { signedIn, TEST_PASSWORD } from '../helpers/app.js';
import { policeNotification } from '../helpers/contacts.js';
import { changedTables, fingerprint, Hunt, SEES_WITHHELD_BY_ROLE, type Adversary, type Reader } from './adversary.js';
import { ATTEMPTS, type Turn } from './attempts.js';
import { NETWORK_SECRET } from './safety-plans.js';
import { buildFamily, familySpec, leaks, startHunt, type HuntWorld } from './family.js';

/**
 * The adversarial leak hunt (issue 10, item 7). Every role, as a fresh practitioner with no cases in a
 * team of their own (and, first, the social worker the family's case is allocated to), goes after one
 * generated victim whose whereabouts are withheld. Through the pages, as a person would, each tries
 * every state change that could bring them closer (attempts.ts): open a case with her, or with her
 * child and add her; break glass on her record and case; allocate her family's case to themselves, a
 * colleague or their team; restrict her record and case and look; give themselves or a colleague
 * access and sight of her whereabouts; lift and withdraw; record a checklist with her, refer her to the
 * Marac, link her to a notification; give themselves a role; approve a request for one. Each adversary
 * acts in the world the ones before left.
 *
 * After each attempt, whatever it answered, every hunted output is read again: the pages as that
 * practitioner, the API as a partner system. No withheld value may appear, but on a screen to a role
 * that holds them (team manager, IDVA) or to someone a manager gave a named grant; and her record,
 * when it opens (break-glass, a case), still says "Withheld".
 *
 * To keep the run short:
 * - an attempt that changed nothing (every table but the audit log, the sessions and the API clients
 *   hashed the same before and after) is followed by a read of the outputs nearest her, not all of
 *   them: the outputs are made from those tables, so they read as before;
 * - attempts that only add (a case, a checklist, a link) are tried together and read after once: what
 *   one opens, the next cannot close. Restricting, lifting, granting, withdrawing and allocating each
 *   have a reading of their own;
 * - a practitioner who may see her whereabouts anyway is no test of their own pages, so after their
 *   attempts the hunt reads as the family's allocated social worker instead: what a manager does must
 *   not show her to the worker either;
 * - pages the reader's role is refused by the router are read on the first reading only.
 */

/**
 * Server errors the hunt finds today, not leaks, to be mended where they arise:
 * - A person's Risk tab for an IDVA who does not support her (a role that opens anyone's record, with no
 *   relationship): risk/tab-routes.ts calls `risk.personRisk` without `attempt`, so its refusal
 *   (AccessRefused, 403 "You do not work with this person") reaches the error handler as a 500.
 */
const KNOWN_SERVER_ERRORS = new Set<string>([]);

const ALLOCATED = 'allocated social worker';
// The allocated worker goes first, before any manager has given anyone a named grant.
const LABELS: string[] = [ALLOCATED, ...ROLES];

let w: HuntWorld;
let hunt: Hunt;
let allocatedWorker: Reader;
const adversaries = new Map<string, Adversary>();
const colleagues = new Map<string, Role>();
const timings: string[] = [];

beforeAll(async () => {
  w = await startHunt();
  hunt = new Hunt(w);
  const system = { kind: 'system', tenantId: w.tenant.id } as const;
  const admin = adminService(w.t.db);
  const tenantAdmin = { kind: 'user', user: (await w.t.db.tenant(w.tenant.id, (trx) => loadUser(trx, w.tenant.users.admin.id)))! } as const;
  const worker = w.tenant.users['social-worker'];
  allocatedWorker = { label: 'the family’s allocated social worker', id: worker.id, role: 'social-worker', visitor: await signedIn(w.t.app, worker.email) };
  // One family, everything about her withheld, her case allocated to the tenant's social worker. Each
  // adversary goes after her in turn, in the world the ones before left.
  const [spec] = fc.sample(familySpec, 1);
  // Her duplicate record is merged into hers: every adversary goes after the merged record (leak-hunt.test.ts also reads families whose merge was undone).
  const built = await buildFamily(w, { ...spec!, children: 1, withheldAddress: true, withheldContact: true, olderAddressWithheld: true, allocation: 'worker', duplicate: 'merged' });
  hunt.families.push(built);
  const [given, familyName] = built.victimName.split(' ');
  for (const label of LABELS) {
    const role: Role = label === ALLOCATED ? 'social-worker' : (label as Role);
    const person = (name: string, teamId: string) =>
      admin.createUser(system, { email: `${name.replace(/\W+/g, '-')}@${w.tenant.slug}.test.invalid`, name, roles: [role], teamIds: [teamId], password: TEST_PASSWORD }, null).then((r) => r.user);
    const teamId = label === ALLOCATED ? w.teamId : (await admin.createTeam(system, `Team of the ${label}`, null)).id;
    const me = label === ALLOCATED ? { id: worker.id, email: worker.email } : await person(`Adversary ${label}`, teamId);
    const colleague = await person(`Colleague of the ${label}`, teamId);
    colleagues.set(colleague.id, role);
    // A police notification naming her, not linked to her record: theirs to try to link.
    const notified = await w.t.app.inject({
      method: 'POST',
      url: paths.api.notifications,
      headers: { authorization: `Bearer ${w.notifyToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify(policeNotification({ people: [{ ref: 'v', role: 'victim', givenName: given!, familyName: familyName! }], relationships: [] })),
    });
    expect(notified.statusCode, notified.body).toBe(201);
    const unlinkedContactId = notified.json<{ id: string }>().id;
    // An administrator asks for a role that sees withheld whereabouts for them (for an administrator, who may
    // not also work with families, the auditor role); a second must approve it.
    const asked = role === 'admin' ? 'auditor' : role === 'idva' ? 'team-manager' : 'idva';
    await admin.updateUser(tenantAdmin, me.id, { name: `Adversary ${label}`, roles: [role, asked], teamIds: [teamId], reason: 'They asked for it' }, null);
    const request = await w.t.db.owner().selectFrom('role_requests').select('id').where('user_id', '=', me.id).where('status', '=', 'pending').executeTakeFirstOrThrow();
    const visitor = label === ALLOCATED ? allocatedWorker.visitor : await signedIn(w.t.app, me.email);
    // They read everything about the family, and the notification they are to link.
    const target = { ...built, family: { ...built.family, contactIds: [...built.family.contactIds, unlinkedContactId] } };
    adversaries.set(label, { label, id: me.id, role, visitor, colleagueId: colleague.id, teamId, target, unlinkedContactId, pendingRequestId: request.id });
  }
}, 300_000);
afterAll(() => w.t.close());

/** Nobody's roles changed: not the adversaries', nor their colleagues'. */
async function expectRolesUnchanged(): Promise<void> {
  const expected = new Map<string, Role>([...[...adversaries.values()].map((a) => [a.id, a.role] as const), ...colleagues]);
  const rows = await w.t.db.owner().selectFrom('users').select(['id', 'roles']).where('id', 'in', [...expected.keys()]).execute();
  expect(Object.fromEntries(rows.map((r) => [r.id, r.roles])), 'roles').toEqual(Object.fromEntries([...expected].map(([id, role]) => [id, [role]])));
}

describe('the adversarial leak hunt', () => {
  it('sees a leak when there is one: the pages really show every withheld value to whoever may see it', async () => {
    const { family, secrets, victimId } = hunt.families[0]!;
    const manager: Reader = { label: 'the team manager who recorded the family', id: w.tenant.users['team-manager'].id, role: 'team-manager', visitor: await signedIn(w.t.app, w.tenant.users['team-manager'].email) };
    // What the police gave on a notification is shown only to someone in the MASH, who needs a named grant for it.
    const mash: Reader = { label: 'a MASH worker given a named grant', id: w.tenant.users['mash-worker'].id, role: 'mash-worker', visitor: await signedIn(w.t.app, w.tenant.users['mash-worker'].email) };
    await hunt.get(manager, 'control', paths.restricted.grant('person', victimId));
    const granted = await manager.visitor.post(paths.restricted.whereabouts(victimId), { whereaboutsUserId: mash.id, days: '1', whereaboutsReason: 'Control of the leak hunt' });
    expect(granted.statusCode, granted.body).toBe(303);
    await hunt.loadWhereaboutsGrants();
    let shown = '';
    for (const reader of [manager, mash]) {
      // Her duplicate record's own page too: when its merge was undone, its withheld address is there.
      // The case's orders too: an exclusion zone at her address, shown to whoever may see her whereabouts;
      const orderPages = family.orders.orderIds.map((id) => paths.orders.order(family.caseId, id));
      for (const url of [paths.people.person(victimId), paths.people.person(family.duplicateId), ...family.contactIds.flatMap((id) => [paths.contacts.contact(id), paths.contacts.people(id)]), ...orderPages]) {
        const res = await hunt.get(reader, 'control', url);
        shown += res.body;
      }
    }
    // The safety network's withheld details are for a manager of the case's team, and this case has none (safety-plans.ts).
    expect(secrets.filter((s) => !NETWORK_SECRET.test(s) && leaks(shown, [s]).length === 0), 'withheld values no page showed to those who may see them').toEqual([]);
    // The same reader without the grant is shown none of them.
    const grant = await w.t.db.owner().selectFrom('access_grants').select('id').where('user_id', '=', mash.id).where('kind', '=', 'whereabouts').executeTakeFirstOrThrow();
    const withdrawn = await manager.visitor.post(paths.restricted.withdraw('person', victimId), { grantId: grant.id, withdrawReason: 'End of the control' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(303);
    await hunt.loadWhereaboutsGrants();
    for (const id of family.contactIds) for (const url of [paths.contacts.contact(id), paths.contacts.people(id)]) await hunt.get(mash, 'control, grant withdrawn', url);
    await hunt.get(mash, 'control, grant withdrawn', paths.people.person(victimId));
  });

  for (const label of LABELS) {
    it(`as the ${label}: tries every state change, reads everything again after each, and never sees her whereabouts`, async () => {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const gets = hunt.gets;
      const me = adversaries.get(label)!;
      const reader = SEES_WITHHELD_BY_ROLE.includes(me.role) ? allocatedWorker : me;
      let before = await fingerprint(w.t.db);
      await hunt.readAll(me, me.target, 'before any attempt', { everything: true });
      // Reading changes nothing the outputs are made from, so an unchanged fingerprint means nothing changed.
      expect(changedTables(before, await fingerprint(w.t.db)), 'tables changed by reading').toEqual([]);
      let fullReads = 1;
      for (const attempt of ATTEMPTS) {
        const turn: Turn = { hunt, me, allocatedWorkerId: allocatedWorker.id, steps: [] };
        await attempt.run(turn);
        const after = await fingerprint(w.t.db);
        const changed = changedTables(before, after);
        hunt.records.push({ adversary: label, attempt: attempt.name, steps: turn.steps, changed });
        await hunt.loadWhereaboutsGrants();
        await expectRolesUnchanged();
        const why = `after “${attempt.name}”`;
        if (changed.length > 0) {
          await hunt.readAll(reader, me.target, why);
          fullReads++;
        } else {
          await hunt.readNearest(reader, me.target, why);
        }
        before = after;
      }
      expect(changedTables(before, await fingerprint(w.t.db)), 'tables changed by reading').toEqual([]);
      const used = process.cpuUsage(cpu);
      timings.push(`${label}: ${Math.round(performance.now() - started)} ms (${Math.round((used.user + used.system) / 1000)} ms CPU), ${hunt.gets - gets} reads, ${fullReads} full reads`);
    }, 300_000);
  }

  it('tried what it meant to: the attempts that should work did, and none gave sight', async () => {
    const stepsOf = (label: string, attempt: string) => hunt.records.find((r) => r.adversary === label && r.attempt === attempt)?.steps.join('\n') ?? '';
    // What changed anything, and how long each adversary took (the steps of each attempt are in hunt.records).
    console.log([...hunt.records.filter((r) => r.changed.length).map((r) => `${r.adversary} / ${r.attempt}: changed ${r.changed.join(', ')}`), ...timings].join('\n'));
    // The hunt's reach: these must succeed, or the hunt has stopped trying them (a form changed, say).
    const mustSucceed: [string, string, RegExp][] = [
      ['social-worker', 'open a case with her and her child; open one with her child and add her to it', /POST \/cases\/new 303 → \/cases/],
      ['team-manager', 'open a case with her and her child; open one with her child and add her to it', /POST \/cases\/\S+\/members 303/],
      ['mash-manager', 'open a case with her and her child; open one with her child and add her to it', /POST \/cases\/new 303 → \/cases/],
      ['social-worker', 'break glass on her record and her case', /break-glass 303 → \/people\/\S+done=break-glass[\s\S]*break-glass 303 → \/cases\/\S+done=break-glass/],
      ['team-manager', 'restrict her record and her case, then look', /done=restricted/],
      ['mash-manager', 'restrict her record and her case, then look', /done=restricted/],
      ['mash-manager', 'lift the restrictions, and withdraw what they gave', /done=restriction-lifted[\s\S]*done=withdrawn/],
      ['team-manager', 'lift the restrictions, and withdraw what they gave', /done=restriction-lifted[\s\S]*done=withdrawn/],
      ['team-manager', 'give themselves or a colleague access, and sight of her whereabouts', /whereabouts-access 303 → \S+done=whereabouts-granted/],
      ['idva', 'record a risk checklist with her, refer her to the Marac, and link her to a police notification', /done=completed[\s\S]*done=referred/],
      ['social-worker', 'record a risk checklist with her, refer her to the Marac, and link her to a police notification', /done=completed[\s\S]*done=referred/],
      ['mash-worker', 'record a risk checklist with her, refer her to the Marac, and link her to a police notification', /done=completed[\s\S]*done=referred[\s\S]*done=linked/],
      ['admin', 'approve a request for roles: their own, and one they make for a colleague', /done=requested/],
    ];
    expect(mustSucceed.filter(([label, attempt, pattern]) => !pattern.test(stepsOf(label, attempt))).map(([label, attempt]) => `${label}: ${attempt}\n${stepsOf(label, attempt)}`)).toEqual([]);
    // Opening her record gave no sight of her whereabouts (the social worker broke glass into it), and the
    // hunt saw them where they may be seen.
    expect(Object.fromEntries(['social-worker', 'idva', 'the family’s allocated social worker'].map((l) => [l, hunt.opened.get(l)])), 'who opened her record, and what it showed').toEqual({
      'social-worker': 'withheld',
      idva: 'shown',
      'the family’s allocated social worker': 'withheld',
    });
    // The named grant the team manager gave the allocated worker showed her the victim's whereabouts (on a screen, nowhere else).
    expect(hunt.shownByGrant, 'victims shown to someone by a named grant').toContain(adversaries.get('team-manager')!.target.victimId);
    // Nobody allocated a case to themselves, and no request for a role was approved.
    const selfAllocated = await sql<{ case_id: string }>`select case_id from case_events where type = 'allocated' and data->>'workerId' = by_user::text`.execute(w.t.db.owner());
    expect(selfAllocated.rows, 'cases allocated by the worker they were allocated to').toEqual([]);
    expect(await w.t.db.owner().selectFrom('role_requests').select('id').where('status', '=', 'approved').execute(), 'approved role requests').toEqual([]);
  });

  // A page that fails cannot be hunted: for that reader the output goes unread. A server error found and
  // not yet mended is listed in KNOWN_SERVER_ERRORS, so that any other fails the hunt, and so does this
  // list once the error is gone.
  it('read every output and sent every form without a server error, but those known', () => {
    const seen = new Set(hunt.serverErrors.map((e) => e.what));
    expect(hunt.serverErrors.filter((e) => !KNOWN_SERVER_ERRORS.has(e.what)), 'server errors').toEqual([]);
    expect([...KNOWN_SERVER_ERRORS].filter((what) => !seen.has(what)), 'known server errors no longer seen: take them off KNOWN_SERVER_ERRORS').toEqual([]);
  });
});
