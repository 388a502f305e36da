import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type ExpressionBuilder } from 'kysely';
import { casesService } from '../../src/features/cases/service.js';
import { chronologyPage } from '../../src/features/cases/queries/chronology.js';
import type { Schema } from '../../src/platform/db/schema.js';
import { adminService } from '../../src/features/admin/service.js';
import { tenantService } from '../../src/features/admin/tenants.js';
import { generateFamilies } from '../../src/generator/generate.js';
import { addDays, londonDate } from '../../src/domain/calendar/plain-date.js';
import { maracMeetingsService } from '../../src/features/marac/meetings-service.js';
import { maracSetupService } from '../../src/features/marac/panels-service.js';
import { loadUser } from '../../src/platform/auth/current-user.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrator.js';
import { openBenchDatabase } from '../lib/bench-database.js';

export const BENCH_EMAIL = 'mash-manager@bench.wraparound.invalid';
export const BENCH_PASSWORD = 'bench-password-not-for-real-use';
/** The Marac coordinator, and a representative of the generated police, for the Marac pages. */
export const BENCH_COORDINATOR = 'marac-coordinator@bench.wraparound.invalid';
export const BENCH_REP = 'agency-rep@bench.wraparound.invalid';
/** A social worker with a caseload of 40 (the caseload list), one of whose cases has a 500-event chronology. */
export const BENCH_WORKER = 'social-worker@bench.wraparound.invalid';
export const BENCH_CASELOAD = 40;
export const BENCH_CHRONOLOGY_EVENTS = 500;
/** The bench's Marac meeting: this many cases, on the generated panel of 15 agencies. */
export const BENCH_MEETING_CASES = 20;

/** A loaded database for the load benchmarks, and what the server process needs to open it. */
export interface Dataset {
  label: string;
  /** The environment that points a server process at it. */
  env: Record<string, string>;
  token: string;
  caseIds: string[];
  /** People with a record to open (the Risk page). */
  personIds: string[];
  names: string[];
  /** People a notification can name, as their records hold them. */
  people: { givenName: string; familyName: string; dateOfBirth: string | null }[];
  counts: { people: number; cases: number; contacts: number; openContacts: number };
  /** A Marac meeting three days away with 20 cases, its agenda out, on the panel of 15 agencies. */
  marac: { meetingId: string; caseIds: string[]; agencies: number };
  /** The social worker's caseload (allocated through the service) and the case whose chronology holds 500 events. */
  caseload: { cases: number; chronologyCaseId: string; chronologyEvents: number; letterRecipientId: string };
  generateSeconds: number;
  cleanup(): Promise<void>;
}

async function counts(db: Database, tenantId: string): Promise<Dataset['counts']> {
  return db.tenant(tenantId, async (trx) => {
    const n = async (table: 'people' | 'cases' | 'contacts') => Number((await trx.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const open = await trx.selectFrom('contacts').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'awaiting-decision').executeTakeFirstOrThrow();
    return { people: await n('people'), cases: await n('cases'), contacts: await n('contacts'), openContacts: Number(open.n) };
  });
}

/**
 * The bench's Marac meeting: a coordinator and a representative of the generated police; a meeting three
 * days from now on the generated panel, with 20 cases taken from the latest generated meetings, and its
 * agenda circulated through the service (so the representative's window is open).
 */
async function benchMeeting(db: Database, tenantId: string): Promise<Dataset['marac']> {
  const system = { kind: 'system', tenantId } as const;
  const admin = adminService(db);
  const coordinatorId = (await admin.createUser(system, { email: BENCH_COORDINATOR, name: 'Bench coordinator', roles: ['marac-coordinator'], teamIds: [], password: BENCH_PASSWORD }, null)).user.id;
  const repId = (await admin.createUser(system, { email: BENCH_REP, name: 'Bench representative', roles: ['agency-rep'], teamIds: [], password: BENCH_PASSWORD }, null)).user.id;
  const coordinator = (await db.tenant(tenantId, (trx) => loadUser(trx, coordinatorId)))!;
  const setup = await maracSetupService(db).overview(coordinator);
  const panel = setup.panels[0]!;
  const police = setup.agencies.find((a) => a.name === 'Generated Police')!;
  await maracSetupService(db).setRepresentatives(coordinator, police.id, [repId], 'bench');
  const meetings = maracMeetingsService(db);
  const [meetingId] = await meetings.schedule(coordinator, { panelId: panel.id, firstDay: addDays(londonDate(new Date()), 3), time: { hours: 10, minutes: 0 }, cadence: 'single', count: 1, venue: 'Bench Hall', onlineLink: null, chair: 'Bench chair' }, 'bench');
  const caseIds = await db.tenant(tenantId, async (trx) => {
    const moved = await trx
      .updateTable('marac_meeting_cases')
      .set({ meeting_id: meetingId! })
      .where('id', 'in', (eb) =>
        eb.selectFrom('marac_meeting_cases as c').innerJoin('marac_meetings as m', 'm.id', 'c.meeting_id').select('c.id').where('m.id', '<>', meetingId!).orderBy('m.held_at', 'desc').limit(BENCH_MEETING_CASES),
      )
      .returning('id')
      .execute();
    return moved.map((r) => r.id);
  });
  await meetings.circulate(coordinator, meetingId!, 'bench');
  return { meetingId: meetingId!, caseIds, agencies: panel.agencyIds.length };
}

/**
 * A team whose manager allocates 40 open cases (none restricted, none with withheld whereabouts) to
 * its social worker through the service; the first of them gets missed appointments until its
 * chronology holds 500 events.
 */
async function benchCaseload(db: Database, tenantId: string): Promise<Dataset['caseload']> {
  const system = { kind: 'system', tenantId } as const;
  const admin = adminService(db);
  const team = await admin.createTeam(system, 'Bench family safeguarding', null);
  const managerId = (await admin.createUser(system, { email: 'team-manager@bench.wraparound.invalid', name: 'Bench team manager', roles: ['team-manager'], teamIds: [team.id], password: BENCH_PASSWORD }, null)).user.id;
  const workerId = (await admin.createUser(system, { email: BENCH_WORKER, name: 'Bench social worker', roles: ['social-worker'], teamIds: [team.id], password: BENCH_PASSWORD }, null)).user.id;
  const manager = (await db.tenant(tenantId, (trx) => loadUser(trx, managerId)))!;
  const caseIds = await db.tenant(tenantId, async (trx) => {
    const withheld = (eb: ExpressionBuilder<Schema, 'cases'>) =>
      eb.exists(
        eb
          .selectFrom('case_members as m')
          .innerJoin('person_addresses as a', 'a.person_id', 'm.person_id')
          .select('m.person_id')
          .whereRef('m.case_id', '=', 'cases.id')
          .where('a.withheld', '=', true),
      );
    const rows = await trx
      .selectFrom('cases')
      .select('id')
      .where('status', '=', 'open')
      .where('restricted', '=', false)
      .where('worker_id', 'is', null)
      .where('team_id', 'is', null)
      .where((eb) => eb.not(withheld(eb)))
      .orderBy(sql`md5(id::text)`)
      .limit(BENCH_CASELOAD)
      .execute();
    return rows.map((r) => r.id);
  });
  const cases = casesService(db);
  for (const id of caseIds) await cases.allocate(manager, id, workerId, team.id, 'bench');
  const chronologyCaseId = caseIds[0]!;
  const held = await db.tenant(tenantId, (trx) => chronologyPage(trx, chronologyCaseId, {}, 1, 0));
  const more = Math.max(0, BENCH_CHRONOLOGY_EVENTS - held.total);
  await db.tenant(tenantId, (trx) =>
    trx
      .insertInto('visits')
      .values(Array.from({ length: more }, (_, i) => ({ tenant_id: tenantId, case_id: chronologyCaseId, kind: 'missed-appointment' as const, happened_on: addDays(londonDate(new Date()), -1 - i), agency: i % 2 ? 'Health visiting' : 'School nursing' })))
      .execute(),
  );
  // The letter the benchmark writes goes to an adult on that case (bench/load/letter.ts).
  const recipient = await db.tenant(tenantId, (trx) =>
    trx.selectFrom('case_members').select('person_id').where('case_id', '=', chronologyCaseId).where('role', 'in', ['adult-victim', 'other-adult']).orderBy('person_id').executeTakeFirstOrThrow(),
  );
  return { cases: caseIds.length, chronologyCaseId, chronologyEvents: held.total + more, letterRecipientId: recipient.person_id };
}

/**
 * A fresh database with one local authority, a MASH manager to sign in as, an API client for
 * notifications, and `families` generated families. PGlite is written to a folder on disk, so a
 * server process can open it afterwards; PostgreSQL gets a new database, dropped at the end.
 */
export async function prepareDataset(kind: 'postgres' | 'pglite', families: number, progress: (line: string) => void): Promise<Dataset> {
  let db: Database;
  let env: Record<string, string>;
  let label: string;
  let drop: () => Promise<void>;
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'wa-bench-'));
    db = await openDatabase({ kind: 'pglite', dataDir: dir });
    await migrate(db);
    env = { WRAPAROUND_DATA_DIR: dir };
    label = 'PGlite (on disk)';
    drop = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const bench = await openBenchDatabase({ pglite: false, keep: false, name: 'wa_bench_load', poolSize: 4 });
    db = bench.db;
    label = bench.label;
    const name = /\((wa_bench_load_\d+)\)/.exec(bench.label)?.[1] ?? '';
    const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    server.pathname = `/${name}`;
    env = { DATABASE_URL: server.toString(), DATABASE_POOL_SIZE: '10' };
    drop = () => bench.close();
  }
  const tenant = await tenantService(db).createTenant('bench', 'Bench Council');
  await adminService(db).createUser({ kind: 'system', tenantId: tenant.id }, { email: BENCH_EMAIL, name: 'Bench MASH manager', roles: ['mash-manager'], teamIds: [], password: BENCH_PASSWORD }, null);
  const { token } = await tenantService(db).createApiClient(tenant.id, 'Bench police feed', ['notifications:write']);
  const started = performance.now();
  await generateFamilies(db, tenant.id, { families, seed: 1, progress });
  const generateSeconds = (performance.now() - started) / 1000;
  const session = await db.ownerSession();
  try {
    await session.exec('vacuum (analyze)');
  } finally {
    await session.release();
  }
  const sample = await db.tenant(tenant.id, async (trx) => ({
    cases: await trx.selectFrom('cases').select('id').where('status', '=', 'open').orderBy(sql`md5(id::text)`).limit(500).execute(),
    // People the bench's MASH manager may open (need to know: on a contact), so that every page is a 200.
    people: await trx
      .selectFrom('people')
      .select(['id', 'given_name', 'family_name', 'date_of_birth'])
      .where('restricted', '=', false)
      .where((eb) => eb.exists(eb.selectFrom('contact_people').select('contact_people.id').whereRef('contact_people.person_id', '=', 'people.id')))
      .orderBy(sql`md5(id::text)`)
      .limit(500)
      .execute(),
  }));
  const found = await counts(db, tenant.id);
  const marac = await benchMeeting(db, tenant.id);
  const caseload = await benchCaseload(db, tenant.id);
  // PGlite has one connection: the benchmark's own must be closed before the server opens the folder.
  if (kind === 'pglite') await db.close();
  return {
    label,
    env,
    token,
    caseIds: sample.cases.map((c) => c.id),
    personIds: sample.people.map((p) => p.id),
    names: sample.people.map((p) => `${p.given_name} ${p.family_name}`),
    people: sample.people.map((p) => ({ givenName: p.given_name, familyName: p.family_name, dateOfBirth: p.date_of_birth })),
    counts: found,
    marac,
    caseload,
    generateSeconds,
    cleanup: drop,
  };
}
