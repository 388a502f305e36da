import { GeneratorError, generateFamilies, MAX_FAMILIES, type GenerationCounts } from '../generator/generate.js';
import { tenantService } from '../features/admin/tenants.js';
import type { Database } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrator.js';
import { parseFlags, text, UsageError } from './args.js';
import type { Out } from './commands.js';

function wholeNumber(value: string, flag: string, min: number, max: number): number {
  const n = Number(value.replace(/[_,]/g, ''));
  if (!/^[\d_,]+$/.test(value) || !Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${flag} must be a whole number from ${min} to ${max.toLocaleString('en-GB')}`);
  return n;
}

/** Rows and rows a second for each table, for the operator (and the performance notes). */
export function generationReport(counts: GenerationCounts): string[] {
  const lines = [`${'table'.padEnd(26)} ${'rows'.padStart(11)} ${'rows/s'.padStart(9)}`];
  for (const [table, rows] of Object.entries(counts.rows)) {
    if (rows === 0) continue;
    const seconds = counts.secondsByTable[table as keyof GenerationCounts['rows']];
    lines.push(`${table.padEnd(26)} ${rows.toLocaleString('en-GB').padStart(11)} ${(seconds > 0 ? Math.round(rows / seconds).toLocaleString('en-GB') : '-').padStart(9)}`);
  }
  return lines;
}

/**
 * `generate --tenant SLUG --families N [--seed S]`: fills the tenant with N made-up families
 * (src/features/generator). Progress goes to stderr, the summary to stdout. Refused in production:
 * made-up families have no place beside real ones.
 */
export async function generateCommand(db: Database, argv: string[], out: Out, err: Out, env: string): Promise<number> {
  const flags = parseFlags(argv, { tenant: { type: 'string' }, families: { type: 'string' }, seed: { type: 'string' } }, ['tenant', 'families']);
  if (env === 'production') throw new UsageError('generate makes made-up families; it will not run in production');
  const families = wholeNumber(text(flags, 'families'), 'families', 1, MAX_FAMILIES);
  const seed = flags.seed === undefined ? 1 : wholeNumber(text(flags, 'seed'), 'seed', 0, 0xffffffff);
  await migrate(db);
  const tenant = await tenantService(db).findTenant(text(flags, 'tenant'));
  if (!tenant) throw new UsageError(`There is no tenant with the slug ${text(flags, 'tenant')}`);
  err(`Generating ${families.toLocaleString('en-GB')} families (seed ${seed}) for ${tenant.slug}`);
  let counts: GenerationCounts;
  try {
    counts = await generateFamilies(db, tenant.id, { families, seed, progress: err });
  } catch (error) {
    if (!(error instanceof GeneratorError)) throw error;
    err(error.message);
    return 1;
  }
  const { rows } = counts;
  out(
    `Generated ${families.toLocaleString('en-GB')} families (seed ${seed}) in ${counts.seconds.toFixed(1)} s: ${rows.people.toLocaleString('en-GB')} people, ` +
      `${rows.cases.toLocaleString('en-GB')} cases, ${rows.contacts.toLocaleString('en-GB')} contacts, ${rows.risk_assessments.toLocaleString('en-GB')} risk checklists, ` +
      `${rows.marac_referrals.toLocaleString('en-GB')} Marac referrals.`,
  );
  for (const line of generationReport(counts)) out(line);
  return 0;
}
