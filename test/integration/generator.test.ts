import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantService } from '../../src/features/admin/tenants.js';
import { GeneratorError, generateFamilies, type GenerationCounts } from '../../src/generator/generate.js';
import { TABLE_NAMES } from '../../src/generator/tables.js';
import { maracFacts } from '../../src/features/risk/marac-facts.js';
import { maracSettingsOf, riskSettingsFor } from '../../src/features/risk-settings/service.js';
import type { PlainDate } from '../../src/domain/calendar/plain-date.js';
import { maracCriteria } from '../../src/domain/marac/criteria.js';
import { migrate } from '../../src/platform/db/migrator.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, type TestApp, type TestTenant } from '../helpers/app.js';
import { cliDatabase, FIRST_RUN_TIMEOUT_MS, runCommand, withDatabase, type CliDatabase } from '../helpers/cli.js';

const FAMILIES = 100;
const SEED = 42;

let t: TestApp;
let tenant: TestTenant;
let other: TestTenant;
let counts: GenerationCounts;

async function rowsIn(tenantId: string): Promise<Record<string, number>> {
  return t.db.tenant(tenantId, async (trx) => {
    const found: Record<string, number> = {};
    for (const table of TABLE_NAMES) found[table] = Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(trx)).rows[0]!.n);
    return found;
  });
}

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  other = await createTestTenant(t.db);
  counts = await generateFamilies(t.db, tenant.id, { families: FAMILIES, seed: SEED });
});
afterAll(() => t?.close());

describe('generateFamilies', () => {
  it('writes the rows it counts, into its tenant only, with one audit event of counts and the seed', async () => {
    expect(counts.bulkLoad).toBe(true);
    expect(counts.rows.cases).toBe(FAMILIES);
    expect(counts.rows.people).toBeGreaterThanOrEqual(FAMILIES * 3);
    expect(counts.rows.contacts).toBeGreaterThanOrEqual(FAMILIES);
    expect(await rowsIn(tenant.id)).toEqual(counts.rows);
    expect(Object.values(await rowsIn(other.id)).every((n) => n === 0)).toBe(true);

    const audit = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('audit_events').select(['action', 'actor_type', 'details']).where('action', '=', 'synthetic-data.generate').execute());
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_type).toBe('system');
    expect(audit[0]!.details).toEqual({ seed: SEED, families: FAMILIES, rows: counts.rows, marac: counts.marac, casework: counts.casework });
    // The cases went to the tenant's social worker, and their histories are the service's kind.
    const cases = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('cases').select(['worker_id']).distinct().execute());
    expect(cases.map((c) => c.worker_id)).toContain(tenant.users['social-worker'].id);
  });

  it('refuses the same seed again in the same tenant, and adds another seed’s families beside them', async () => {
    await expect(generateFamilies(t.db, tenant.id, { families: 3, seed: SEED })).rejects.toThrow(GeneratorError);
    const more = await generateFamilies(t.db, tenant.id, { families: 3, seed: SEED + 1 });
    expect(more.bulkLoad).toBe(false);
    expect(more.rows.cases).toBe(3);
    expect((await rowsIn(tenant.id)).cases).toBe(FAMILIES + 3);
  });

  it('marks as repeats the referrals the Marac repeat rule finds, from what the database holds', async () => {
    const checked = await t.db.tenant(tenant.id, async (trx) => {
      const settings = maracSettingsOf(await riskSettingsFor(trx));
      const referrals = await trx.selectFrom('marac_referrals').select(['id', 'person_id', 'referred_on', 'repeat', 'previous_referral_id']).execute();
      let repeats = 0;
      for (const r of referrals) {
        const facts = await maracFacts(trx, r.person_id, r.referred_on as PlainDate, settings);
        const answer = maracCriteria({ ...facts, earlierReferrals: facts.earlierReferrals.filter((e) => e.id !== r.id), judgement: null }, settings);
        const repeat = answer.met.find((m) => m.criterion === 'repeat');
        if (r.repeat) {
          repeats++;
          expect(repeat, `referral ${r.id}`).toMatchObject({ referralId: r.previous_referral_id });
        }
      }
      return { referrals: referrals.length, repeats };
    });
    expect(checked.referrals).toBeGreaterThan(0);
    expect(checked.repeats).toBeGreaterThan(0);
  });

  it('puts every referral on a Marac meeting; the meetings held have attendance, actions (some overdue), reviewed earlier plans and approved minutes', async () => {
    const owner = t.db.owner();
    const waiting = await owner.selectFrom('marac_referrals').select('id').where('tenant_id', '=', tenant.id).where('decision', 'is', null).execute();
    expect(waiting).toEqual([]);
    expect(counts.marac.meetings).toBeGreaterThan(0);
    expect(counts.marac.actions).toBeGreaterThan(0);
    const held = await owner.selectFrom('marac_meetings').select(['id', 'minutes_approved_at']).where('tenant_id', '=', tenant.id).where('held_at', '<', new Date()).execute();
    const withCases = await owner.selectFrom('marac_meeting_cases').select(['meeting_id', 'outcome', 'id']).where('tenant_id', '=', tenant.id).execute();
    const heldWithCases = held.filter((m) => withCases.some((c) => c.meeting_id === m.id));
    expect(heldWithCases.length).toBeGreaterThan(0);
    for (const m of heldWithCases) expect(m.minutes_approved_at).not.toBeNull();
    for (const c of withCases.filter((x) => heldWithCases.some((m) => m.id === x.meeting_id))) expect(c.outcome).toBe('heard');
    const actions = await owner.selectFrom('marac_actions').select(['status', 'due_on', 'for_whom']).where('tenant_id', '=', tenant.id).execute();
    const today = new Date().toISOString().slice(0, 10);
    expect(actions.some((a) => a.status === 'open' && a.due_on < today)).toBe(true);
    expect(actions.filter((a) => a.for_whom === 'person-causing-harm').length).toBe(actions.length / 2);
    const reviews = await owner.selectFrom('marac_action_reviews').select('verdict').where('tenant_id', '=', tenant.id).execute();
    expect(reviews.length).toBeGreaterThan(0);
    // The coordinator's run sheet of a generated meeting, and its minutes, are real pages.
    const coordinator = await signedIn(t.app, tenant.users['marac-coordinator'].email);
    const meetingId = heldWithCases[0]!.id;
    expect((await coordinator.get(paths.marac.runSheet(meetingId))).statusCode).toBe(200);
    expect((await coordinator.get(paths.marac.minutes(meetingId))).body).toContain('Flag the address for an urgent response');
  });

  it('makes records the real pages show: the MASH queue, a case, a person and their risk page', async () => {
    const v = await signedIn(t.app, tenant.users['mash-manager'].email);
    const picked = await t.db.tenant(tenant.id, async (trx) => {
      const waiting = await trx.selectFrom('contacts').select('id').where('status', '=', 'awaiting-decision').execute();
      const kase = await trx.selectFrom('cases').select(['id', 'reference']).where('restricted', '=', false).orderBy('reference').executeTakeFirstOrThrow();
      const victim = await trx
        .selectFrom('risk_assessments')
        .innerJoin('people', 'people.id', 'risk_assessments.person_id')
        .select(['people.id', 'people.given_name'])
        .where('people.restricted', '=', false)
        .executeTakeFirstOrThrow();
      return { waiting: waiting.length, kase, victim };
    });
    expect(picked.waiting).toBeGreaterThan(0);
    const queue = await v.get(paths.contacts.queue);
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(`of ${picked.waiting} contacts`);
    const overview = await v.get(paths.cases.overview(picked.kase.id));
    expect(overview.statusCode, overview.body).toBe(200);
    expect(overview.body).toContain(picked.kase.reference);
    const person = await v.get(paths.people.person(picked.victim.id));
    expect(person.statusCode).toBe(200);
    expect(person.body).toContain(picked.victim.given_name);
    const risk = await v.get(paths.people.risk(picked.victim.id));
    expect(risk.statusCode, risk.body).toBe(200);
  });
});

describe('wraparound generate', () => {
  let target: CliDatabase;

  beforeAll(async () => {
    target = await cliDatabase({ migrated: true });
    await withDatabase(target, async (db) => {
      await migrate(db);
      await tenantService(db).createTenant('gen-cli', 'Generator Test Council');
    });
  }, FIRST_RUN_TIMEOUT_MS);
  afterAll(() => target?.cleanup());

  it('fills a tenant with families, shows progress on stderr, and refuses the same seed again', { timeout: FIRST_RUN_TIMEOUT_MS }, async () => {
    const run = await runCommand(['generate', '--tenant', 'gen-cli', '--families', '20', '--seed', '5'], target.env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Generated 20 families \(seed 5\) in [\d.]+ s: \d+ people, 20 cases, \d+ contacts/m);
    expect(run.stdout).toMatch(/^contact_people +[\d,]+ +[\d,]+$/m);
    expect(run.stderr).toContain('20 of 20 families');
    const again = await runCommand(['generate', '--tenant', 'gen-cli', '--families', '20', '--seed', '5'], target.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('This tenant already holds the families of seed 5');
    expect(again.stderr).not.toContain('    at ');
    await withDatabase(target, async (db) => {
      const people = await db.owner().selectFrom('people').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      expect(Number(people.n)).toBeGreaterThanOrEqual(60);
    });
  });
});
