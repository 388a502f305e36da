import { CompiledQuery, sql, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { casesService } from '../../src/features/cases/service.js';
import { contactReadService } from '../../src/features/contacts/read-service.js';
import { contactsService } from '../../src/features/contacts/service.js';
import { generateFamilies } from '../../src/generator/generate.js';
import { maracService } from '../../src/features/marac/service.js';
import { mergeService } from '../../src/features/people/merge-service.js';
import { peopleService } from '../../src/features/people/service.js';
import { riskService } from '../../src/features/risk/service.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import type { Database } from '../../src/platform/db/database.js';
import { createTestTenant, startTestApp, type TestApp, type TestTenant } from '../helpers/app.js';
import { policeNotification } from '../helpers/contacts.js';

/**
 * Every query behind the pages that must stay fast at national scale uses an index. Each service call
 * runs with sequential scans switched off (`enable_seqscan = off`), as the application role under
 * row-level security; every SELECT it made is then explained in the same transaction. With sequential
 * scans off, the planner still chooses one only when no index can answer the query, so a "Seq Scan" of
 * a large table in any plan means a missing or unusable index.
 */

const LARGE_TABLES = new Set([
  'people', 'person_addresses', 'person_contact_details', 'person_identifiers', 'person_changes', 'relationships',
  'cases', 'case_members', 'case_events', 'case_notes', 'must_not_receive', 'access_grants',
  'contacts', 'contact_people', 'contact_relationships', 'contact_events',
  'risk_assessments', 'risk_assessment_drafts', 'marac_referrals', 'marac_referral_children', 'audit_events',
  'person_name_parts', 'person_merges',
]);

interface Plan {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: Plan[];
}

function seqScans(plan: Plan): string[] {
  const own = plan['Node Type'] === 'Seq Scan' && plan['Relation Name'] && LARGE_TABLES.has(plan['Relation Name']) ? [plan['Relation Name']] : [];
  return [...own, ...(plan.Plans ?? []).flatMap(seqScans)];
}

const explained: { label: string; sql: string; scans: string[] }[] = [];
let label = '';

/** The database, but every tenant transaction records and explains the SELECTs made in it. */
function explaining(db: Database): Database {
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== 'tenant') return Reflect.get(target, prop, receiver) as unknown;
      const tenant: Database['tenant'] = (tenantId, work) =>
        target.tenant(tenantId, async (trx) => {
          await sql`set local enable_seqscan = off`.execute(trx);
          const captured: CompiledQuery[] = [];
          const plugin: KyselyPlugin = {
            transformQuery: (args) => {
              captured.push(trx.getExecutor().compileQuery(args.node, args.queryId));
              return args.node;
            },
            transformResult: async (args) => args.result,
          };
          const result = await work(trx.withPlugin(plugin));
          for (const q of captured.filter((c) => /^\s*(\(?\s*select|with)\b/i.test(c.sql))) {
            const rows = await trx.executeQuery<{ 'QUERY PLAN': [{ Plan: Plan }] }>(CompiledQuery.raw(`explain (format json) ${q.sql}`, [...q.parameters]));
            const raw = rows.rows[0]!['QUERY PLAN'];
            const plan = (typeof raw === 'string' ? (JSON.parse(raw) as [{ Plan: Plan }]) : raw)[0].Plan;
            explained.push({ label, sql: q.sql, scans: seqScans(plan) });
          }
          return result;
        });
      return tenant;
    },
  });
}

let t: TestApp;
let tenant: TestTenant;
let manager: CurrentUser;
let db: Database;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  await generateFamilies(t.db, tenant.id, { families: 150, seed: 7 });
  const owner = await t.db.ownerSession();
  try {
    await owner.exec('analyze');
  } finally {
    await owner.release();
  }
  manager = (await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users['mash-manager'].id)))!;
  db = explaining(t.db);
}, 120_000);
afterAll(() => t.close());

async function as<T>(name: string, work: () => Promise<T>): Promise<T> {
  label = name;
  return work();
}

describe('query plans on a generated dataset', () => {
  it('uses an index for the case overview, the MASH queue, person search, risk pages, the Marac queue and a new notification', async () => {
    const sample = await t.db.tenant(tenant.id, async (trx) => ({
      kase: await trx.selectFrom('cases').select('id').where('status', '=', 'open').limit(1).executeTakeFirstOrThrow(),
      person: await trx.selectFrom('people').select(['id', 'given_name', 'family_name', 'date_of_birth']).where('restricted', '=', false).limit(1).executeTakeFirstOrThrow(),
      victim: await trx.selectFrom('risk_assessments').select('person_id').limit(1).executeTakeFirst(),
    }));
    const coordinator = (await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users['marac-coordinator'].id)))!;
    const caller = { kind: 'user', user: manager } as const;

    await as('case overview', () => casesService(db).overview(manager, sample.kase.id));
    await as('MASH queue', () => contactReadService(db).queue(manager, { status: 'awaiting-decision', sort: 'due', overdueOnly: false }, 1));
    await as('MASH queue searched by name', () => contactReadService(db).queue(manager, { status: 'all', sort: 'due', overdueOnly: false, search: sample.person.family_name }, 1));
    await as('MASH queue searched by two names', () => contactReadService(db).queue(manager, { status: 'all', sort: 'due', overdueOnly: false, search: `${sample.person.given_name} ${sample.person.family_name}` }, 1));
    await as('MASH queue searched by reference', () => contactReadService(db).queue(manager, { status: 'all', sort: 'received-newest', overdueOnly: false, search: 'ZP-1' }, 1));
    await as('MASH queue of one worker', () => contactReadService(db).queue(manager, { status: 'awaiting-decision', sort: 'due', overdueOnly: false, assigned: { to: manager.id } }, 1));
    await as('person search by full name', () => peopleService(db).search(caller, { name: `${sample.person.given_name} ${sample.person.family_name}` }));
    await as('person search by family name', () => peopleService(db).search(caller, { name: sample.person.family_name }));
    await as('person search by part of a hyphenated family name', () => peopleService(db).search(caller, { name: `${sample.person.given_name} Sharma-${sample.person.family_name}` }));
    await as('the merges of a person, on their page', () => mergeService(db).history(manager, sample.person.id));
    if (sample.person.date_of_birth) await as('person search by date of birth', () => peopleService(db).search(caller, { dateOfBirth: sample.person.date_of_birth! }));
    if (sample.victim) await as('person Risk page', () => riskService(db).personRisk(manager, sample.victim!.person_id));
    await as('Marac queue', () => maracService(db).queue(coordinator, 1));
    await as('a new police notification, with matching', () =>
      contactsService(db).receive({ kind: 'system', tenantId: tenant.id }, policeNotification({ people: [{ ref: 'v', role: 'victim', givenName: sample.person.given_name, familyName: sample.person.family_name }], relationships: [] }), null),
    );

    const labels = new Set(explained.map((e) => e.label));
    expect([...labels].sort()).toEqual(expect.arrayContaining(['MASH queue', 'case overview', 'person search by full name', 'Marac queue', 'a new police notification, with matching']));
    const scanning = explained.filter((e) => e.scans.length).map((e) => ({ page: e.label, tables: e.scans, sql: e.sql.slice(0, 300) }));
    expect(scanning).toEqual([]);
  });
});
