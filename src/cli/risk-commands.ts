import { readFileSync } from 'node:fs';
import { services } from '../server.js';
import { tenantService } from '../features/admin/tenants.js';
import type { Database } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrator.js';
import { tenantAndFile, UsageError } from './args.js';
import type { Out } from './commands.js';

/**
 * `load-instrument --tenant SLUG FILE.json`: loads a risk instrument (a new tool, or the licensed
 * official wording as a new version) or a translation of one, for that local authority only.
 */
export async function loadInstrumentCommand(db: Database, argv: string[], out: Out): Promise<number> {
  const { slug, file } = tenantAndFile(argv, 'instrument file (JSON) to load');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  await migrate(db);
  const tenant = await tenantService(db).findTenant(slug);
  if (!tenant) throw new UsageError(`There is no tenant ${slug}`);
  const loaded = await services(db).risk.loadInstrument(tenant.id, json, `command line: ${file.split('/').pop() ?? file}`);
  out(`Loaded ${loaded.kind === 'translation' ? 'a translation of ' : ''}${loaded.title} (${loaded.id}, version ${loaded.version}, ${loaded.language}): ${loaded.questions} questions.`);
  return 0;
}
