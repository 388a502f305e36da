import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { RiskError } from '../features/risk/errors.js';
import { services } from '../server.js';
import { tenantService } from '../features/admin/tenants.js';
import type { Database } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrator.js';
import { UsageError } from './args.js';
import type { Out } from './commands.js';

/**
 * `load-instrument --tenant SLUG FILE.json`: loads a risk instrument (a new tool, or the licensed
 * official wording as a new version) or a translation of one, for that local authority only.
 */
export async function loadInstrumentCommand(db: Database, argv: string[], out: Out): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { tenant: { type: 'string' }, 'data-dir': { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const slug = parsed.values.tenant;
  if (!slug) throw new UsageError('Missing --tenant');
  if (parsed.positionals.length !== 1) throw new UsageError('Name one instrument file (JSON) to load');
  const file = parsed.positionals[0]!;
  let json: unknown;
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(error instanceof SyntaxError ? `${file} is not valid JSON: ${error.message}` : `There is no file at ${file}`);
  }
  await migrate(db);
  const tenant = await tenantService(db).findTenant(slug);
  if (!tenant) throw new UsageError(`There is no tenant ${slug}`);
  const loaded = await services(db).risk.loadInstrument(tenant.id, json, `command line: ${file.split('/').pop() ?? file}`);
  out(`Loaded ${loaded.kind === 'translation' ? 'a translation of ' : ''}${loaded.title} (${loaded.id}, version ${loaded.version}, ${loaded.language}): ${loaded.questions} questions.`);
  return 0;
}

export { RiskError };
