import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { tenantService } from '../features/admin/tenants.js';
import { CensusError, type CensusService } from '../features/census/service.js';
import type { Database } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrator.js';
import { UsageError } from './args.js';
import type { Out } from './commands.js';

/**
 * `cin-census --tenant S --year YYYY FILE.xml [--force]`: the children in need census for a collection
 * year, written to FILE. When the records break a census rule it lists every problem and writes
 * nothing (exit 1), unless --force; the file is then written all the same. Exit 0 when written.
 */
export async function cinCensusCommand(db: Database, census: CensusService, argv: string[], out: Out, err: Out): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { tenant: { type: 'string' }, year: { type: 'string' }, force: { type: 'boolean' }, 'data-dir': { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { tenant: slug, year } = parsed.values;
  if (!slug) throw new UsageError('Missing --tenant');
  if (!year) throw new UsageError('Missing --year (the collection year, for example 2025 for April 2024 to March 2025)');
  if (parsed.positionals.length !== 1) throw new UsageError('Name one file to write the census to');
  const file = parsed.positionals[0]!;
  await migrate(db);
  const tenant = await tenantService(db).findTenant(slug);
  if (!tenant) throw new UsageError(`There is no tenant ${slug}`);
  const caller = { kind: 'command-line', tenantId: tenant.id } as const;
  try {
    const run = await census.check(caller, year);
    if (run.problems.length > 0) {
      err(`${run.problems.length} census ${run.problems.length === 1 ? 'problem' : 'problems'} for ${run.year.year} (${run.children} children):`);
      for (const p of run.problems) err(`  ${p.rule}  case ${p.caseRestricted ? '(restricted)' : p.record.caseReference}  child ${p.laChildId}  ${p.message}`);
      if (!parsed.values.force) {
        err('Nothing was written. Fix the records, or give --force to write the file anyway.');
        return 1;
      }
    }
    const made = await census.export(caller, year, { force: Boolean(parsed.values.force), requestId: null });
    writeFileSync(file, made.xml);
    out(`Wrote the children in need census for ${run.year.year} to ${file}: ${made.children} children${made.problems.length ? `, with ${made.problems.length} problems (--force)` : ''}.`);
    return 0;
  } catch (error) {
    if (error instanceof CensusError && error.status === 400) throw new UsageError(error.message);
    if (error instanceof CensusError) {
      err(error.message);
      return 1;
    }
    throw error;
  }
}
