/**
 * How fast a police notifications CSV imports, matching included.
 *
 *   npx tsx bench/import.ts [--rows N] [--people P] [--pglite] [--seed S]
 *
 * Writes a synthetic CSV of N rows (default 10,000) to a temporary file, makes a fresh database
 * (wa_bench_import_<ts> on DATABASE_URL's server, or postgres://postgres@127.0.0.1:5432; in-memory
 * PGlite with --pglite), loads P synthetic people (default 10,000) so that matching has records to
 * search, imports the file through the same service the CLI and the upload page use, and prints rows
 * a second. Then it imports the file again (every row already held). The database is dropped after.
 * Everyone in it is made up (src/generator/identities.ts).
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ABUSE_TYPES } from '../src/domain/contacts/contact.js';
import { PERSONALLY_CONNECTED_KINDS } from '../src/domain/people/relationships.js';
import { tenantService } from '../src/features/admin/tenants.js';
import { formatCsvRecord } from '../src/features/contacts/csv.js';
import { NOTIFICATION_COLUMNS } from '../src/features/contacts/import-columns.js';
import { progressLine } from '../src/features/contacts/import-progress.js';
import { notificationImportService, type ImportOutcome } from '../src/features/contacts/import-service.js';
import { contactsService } from '../src/features/contacts/service.js';
import { openBenchDatabase } from './lib/bench-database.js';
import { loadPeople } from './lib/load-people.js';
import { syntheticPerson } from '../src/generator/identities.js';
import { mulberry32, pick, type Rng } from '../src/generator/random.js';

const { values: args } = parseArgs({
  options: { rows: { type: 'string' }, people: { type: 'string' }, pglite: { type: 'boolean' }, seed: { type: 'string' } },
  strict: true,
});
const ROWS = Number(args.rows ?? 10_000);
const PEOPLE = Number(args.people ?? 10_000);
const SEED = Number(args.seed ?? 20261123);

/** One synthetic notification row: about half its people are already on record (with slips), half new. */
function row(rng: Rng, i: number): string[] {
  const v = new Map<string, string>();
  const hours = 2 + Math.floor(rng() * 24 * 300);
  const received = new Date(Date.now() - hours * 3_600_000);
  v.set('police_reference', `BENCH/${SEED}/${i}`);
  v.set('received_at', received.toISOString());
  v.set('occurred_at', new Date(received.getTime() - Math.floor(rng() * 12 + 1) * 3_600_000).toISOString());
  v.set('place', pick(rng, ['At home', 'In the street', 'At a relative’s house, by the front door']));
  v.set('abuse_types', [...new Set([pick(rng, ABUSE_TYPES), pick(rng, ABUSE_TYPES)])].join(';'));
  for (const c of ['children_present', 'children_saw', 'children_heard', 'injuries', 'weapon_used', 'alcohol_or_drugs']) v.set(c, rng() < 0.4 ? 'yes' : 'no');
  v.set('summary', 'Synthetic incident for the import benchmark: officers attended after a call from a neighbour, "raised voices".');
  v.set('relationship', pick(rng, PERSONALLY_CONNECTED_KINDS));
  const someone = () => syntheticPerson(SEED, rng() < 0.5 && PEOPLE > 0 ? Math.floor(rng() * PEOPLE) : PEOPLE + i * 8 + Math.floor(rng() * 8));
  for (const prefix of ['victim', 'harm']) {
    const p = someone();
    v.set(`${prefix}_given_name`, p.givenName);
    v.set(`${prefix}_family_name`, p.familyName);
    v.set(`${prefix}_date_of_birth`, p.dateOfBirth);
    v.set(`${prefix}_sex`, p.sex);
    v.set(`${prefix}_postcode`, p.postcode ?? '');
  }
  const children = 1 + Math.floor(rng() * 3);
  for (let c = 1; c <= children; c++) {
    const p = someone();
    v.set(`child${c}_given_name`, p.givenName);
    v.set(`child${c}_family_name`, p.familyName);
    v.set(`child${c}_date_of_birth`, p.dateOfBirth > '2007-01-01' ? p.dateOfBirth : '2016-04-01');
  }
  return NOTIFICATION_COLUMNS.map((c) => v.get(c) ?? '');
}

function report(what: string, outcome: ImportOutcome | { refused: string }, seconds: number): void {
  if ('refused' in outcome) throw new Error(outcome.refused);
  process.stderr.write('\n');
  console.log(
    `${what}: ${outcome.rowsProcessed.toLocaleString('en-GB')} rows in ${seconds.toFixed(1)} s = ${Math.round(outcome.rowsProcessed / seconds).toLocaleString('en-GB')} rows/s ` +
      `(created ${outcome.created}, already held ${outcome.duplicates}, rejected ${outcome.rejected}, ${outcome.status})`,
  );
  for (const e of outcome.errors.slice(0, 5)) console.log(`  Row ${e.row}, ${e.column ?? 'the row'}: ${e.message}`);
}

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'wa-bench-import-'));
  const file = join(folder, 'notifications.csv');
  const rng = mulberry32(SEED);
  const lines = [formatCsvRecord(NOTIFICATION_COLUMNS)];
  for (let i = 0; i < ROWS; i++) lines.push(formatCsvRecord(row(rng, i)));
  writeFileSync(file, lines.join(''));
  const { db, label, close } = await openBenchDatabase({ pglite: Boolean(args.pglite), keep: false, name: 'wa_bench_import', poolSize: 4 });
  try {
    const tenant = await tenantService(db).createTenant('bench-import', 'Benchmark council');
    console.log(`${label}: loading ${PEOPLE.toLocaleString('en-GB')} people`);
    if (PEOPLE > 0) await loadPeople(db, tenant.id, SEED, PEOPLE, (line) => console.log(line));
    const imports = notificationImportService(db, contactsService(db));
    let drawn = 0;
    const progress = (p: Parameters<typeof progressLine>[0]) => {
      if (Date.now() - drawn > 250) {
        process.stderr.write(`\r${progressLine(p)}`);
        drawn = Date.now();
      }
    };
    let started = performance.now();
    const first = await imports.importFile(tenant.id, 'notifications.csv', () => createReadStream(file), progress);
    report(`First import, ${PEOPLE.toLocaleString('en-GB')} people on record`, first, (performance.now() - started) / 1000);
    started = performance.now();
    const again = await imports.importFile(tenant.id, 'notifications.csv', () => createReadStream(file), progress);
    report('The same file again', again, (performance.now() - started) / 1000);
  } finally {
    await close();
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
