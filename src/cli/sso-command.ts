import { readFileSync, statSync } from 'node:fs';
import { parseGroupMapping, ssoSettingsService } from '../features/single-sign-on/settings-service.js';
import type { Config } from '../platform/config.js';
import type { Database } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrator.js';
import { paths } from '../platform/http/paths.js';
import { parseFlags, text, UsageError } from './args.js';
import type { Out } from './commands.js';

/**
 * `configure-sso --tenant SLUG --issuer URL --client-id ID --client-secret-file PATH
 *  [--groups-claim groups] --map GROUP=role[,team] ... [--allow-new-accounts]`: sets (or replaces) a
 * council's single sign-on. The secret is read from a file, never from the command line (which other
 * users of the machine and the shell's history can see).
 */
export async function configureSsoCommand(db: Database, argv: string[], out: Out, config: Config): Promise<number> {
  const flags = parseFlags(
    argv,
    {
      tenant: { type: 'string' },
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret-file': { type: 'string' },
      'groups-claim': { type: 'string' },
      map: { type: 'string', multiple: true },
      'allow-new-accounts': { type: 'boolean' },
    },
    ['tenant', 'issuer', 'client-id', 'client-secret-file', 'map'],
  );
  const secretFile = text(flags, 'client-secret-file');
  let isFile = false;
  try {
    isFile = statSync(secretFile).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) throw new UsageError(`There is no file at ${secretFile}`);
  const clientSecret = readFileSync(secretFile, 'utf8').replace(/\r?\n$/, '');
  const maps = (flags as Record<string, unknown>).map;
  const mappings = (Array.isArray(maps) ? maps : []).filter((m): m is string => typeof m === 'string').map(parseGroupMapping);
  await migrate(db);
  const result = await ssoSettingsService(db, { secretKey: config.singleSignOn.secretKey, production: config.env === 'production' }).configure({
    tenantSlug: text(flags, 'tenant'),
    issuer: text(flags, 'issuer'),
    clientId: text(flags, 'client-id'),
    clientSecret,
    groupsClaim: text(flags, 'groups-claim') || 'groups',
    mappings,
    allowNewAccounts: flags['allow-new-accounts'] === true,
  });
  out(`Single sign-on set for ${text(flags, 'tenant')}: ${result.mappings} group mapping(s), new accounts ${flags['allow-new-accounts'] === true ? 'allowed' : 'not allowed'}.`);
  for (const team of result.teamsMade) out(`Created team ${team}`);
  const base = config.singleSignOn.publicUrl ?? '<PUBLIC_URL>';
  out(`Register these with the provider: redirect URI ${base}${paths.sso.callback}, sign-out redirect ${base}${paths.signedOut}`);
  if (config.authMode !== 'oidc') out('The service uses it once started with AUTH_MODE=oidc.');
  return 0;
}
