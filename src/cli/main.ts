import { ConfigError, loadConfig } from '../platform/config.js';
import { DataDirInUseError } from '../platform/db/data-dir-lock.js';
import { openDatabase } from '../platform/db/database.js';
import { MigrationError } from '../platform/db/migrator.js';
import { parseFlags, text, UsageError } from './args.js';
import {
  createApiClientCommand,
  createTenantCommand,
  createUserCommand,
  importNotificationsCommand,
  isOperatorError,
  migrateCommand,
  seedDemoCommand,
} from './commands.js';
import { auditCheckpointCommand, verifyAuditCommand } from './audit-commands.js';
import { backupCommand, restoreCommand } from './backup-commands.js';
import { listApiClientsCommand, requireAuthenticatorAppCommand, revokeApiClientCommand, rotateApiClientCommand, setOutcomeEmailCommand, setSessionLifetimeCommand } from './api-client-commands.js';
import { BackupError } from '../platform/db/backup.js';
import { useAuditChainKey } from '../platform/audit/chain-key.js';
import { generateCommand } from './generate-command.js';
import { loadInstrumentCommand } from './risk-commands.js';
import { configureSsoCommand } from './sso-command.js';
import { cinCensusCommand } from './census-command.js';
import { services } from '../server.js';
import { SsoSettingsError } from '../features/single-sign-on/settings-service.js';
import { RiskError } from '../features/risk/errors.js';
import { serve } from './serve.js';

const USAGE = `Usage: wraparound <command> [options]

Commands:
  serve [--port N]                         run the web service (PORT is also honoured)
  migrate                                  apply database migrations
  seed-demo                                create the demo tenant, its users and made-up families
  create-tenant --slug S --name N          add a local authority
  create-user --tenant S --email E --name N --role R[,R] [--team T] [--password P]
  create-api-client --tenant S --name N --scopes a:read,b:write [--days D] [--agency NAME]
                                           a partner system's token, lasting D days (90; at most 365)
  list-api-clients --tenant S              each API client, its scopes, expiry and last use
  revoke-api-client --tenant S --id ID     stop a client's token working now
  set-outcome-email --tenant S --id ID --email ADDRESS
                                           email each notification's outcome to the sender's unit
  rotate-api-client --tenant S --id ID [--days D]
                                           a new token for a client; the old one stops at once
  set-session-lifetime --tenant S --hours H
                                           end every session H hours after sign-in (12; 1 to 24)
  require-authenticator-app --tenant S --required yes|no
                                           whether sensitive roles must enter a code from an
                                           authenticator app after their password (needs
                                           MFA_SECRET_KEY in production)
  configure-sso --tenant S --issuer URL --client-id ID --client-secret-file PATH
                [--groups-claim groups] --map GROUP=role[,team] [--map ...] [--allow-new-accounts]
                                           set a council's single sign-on (docs/single-sign-on.md);
                                           needs OIDC_SECRET_KEY
  verify-audit [--tenant S] [--checkpoints FILE --public-key FILE] [--allow-unkeyed]
                                           check the audit log's hash chain (keyed with
                                           AUDIT_CHAIN_KEY), and that it still holds every signed
                                           checkpoint in FILE
  audit-checkpoint --signing-key FILE [--out FILE] [--tenant S]
                                           sign where each tenant's audit chain has got to
                                           (docs/audit.md); appends to --out FILE
  backup FILE                              write a backup of the whole database to FILE
                                           (PostgreSQL: pg_dump's custom format)
  restore FILE [--force]                   restore a backup into an empty database; --force
                                           replaces everything in a database that is not empty
  import-notifications --tenant S FILE.csv import police notifications from a CSV file
                                           (docs/notifications-csv.md); exit 1 if any row was not imported
  load-instrument --tenant S FILE.json     load a risk instrument, a new version of one, or a translation
                                           (docs/risk-instruments.md)
  generate --tenant S --families N [--seed S]
                                           fill a tenant with made-up families (not in production)
  cin-census --tenant S --year YYYY FILE.xml [--force]
                                           the children in need census for the year ending 31 March
                                           YYYY (docs/census.md); exit 1 listing the problems when
                                           the records break a census rule, unless --force

Every command takes --data-dir DIR (or WRAPAROUND_DATA_DIR) for the embedded database,
and uses PostgreSQL instead when DATABASE_URL is set.`;

/** Where a command writes, and the environment it reads its configuration from. */
export interface CliIo {
  env: Record<string, string | undefined>;
  out(line: string): void;
  err(line: string): void;
}

function dataDirOf(argv: string[]): string | undefined {
  const i = argv.indexOf('--data-dir');
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length);
}

async function main(argv: string[], { env, out, err }: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    out(USAGE);
    return command ? 0 : 2;
  }
  const known = ['serve', 'migrate', 'seed-demo', 'create-tenant', 'create-user', 'create-api-client', 'configure-sso', 'list-api-clients', 'revoke-api-client', 'set-outcome-email', 'rotate-api-client', 'set-session-lifetime', 'require-authenticator-app', 'verify-audit', 'audit-checkpoint', 'backup', 'restore', 'import-notifications', 'load-instrument', 'generate', 'cin-census'];
  if (!known.includes(command)) throw new UsageError(`Unknown command ${command}`);
  let port: number | undefined;
  if (command === 'serve') {
    const flags = parseFlags(rest, { port: { type: 'string' } });
    if (flags.port !== undefined) {
      port = Number(text(flags, 'port'));
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a whole number from 0 to 65535');
    }
  }
  const config = loadConfig(env, { dataDir: dataDirOf(rest), port });
  useAuditChainKey(config.auditChainKey);
  // A restore may replace the database, so it runs before anything opens it.
  if (command === 'restore') return restoreCommand(config.database, rest, out);
  const db = await openDatabase(config.database);
  if (command === 'serve') {
    try {
      await serve(config, db, out);
    } catch (error) {
      await db.close();
      throw error;
    }
    return -1;
  }
  try {
    switch (command) {
      case 'migrate':
        parseFlags(rest, {});
        return await migrateCommand(db, out);
      case 'seed-demo':
        parseFlags(rest, {});
        if (config.env === 'production') throw new UsageError('seed-demo makes accounts with a known password; it will not run in production');
        return await seedDemoCommand(db, out);
      case 'create-tenant':
        return await createTenantCommand(db, rest, out);
      case 'create-user':
        return await createUserCommand(db, rest, out);
      case 'create-api-client':
        return await createApiClientCommand(db, rest, out);
      case 'configure-sso':
        return await configureSsoCommand(db, rest, out, config);
      case 'import-notifications':
        return await importNotificationsCommand(db, rest, out, err);
      case 'load-instrument':
        return await loadInstrumentCommand(db, rest, out);
      case 'generate':
        return await generateCommand(db, rest, out, err, config.env);
      case 'cin-census':
        return await cinCensusCommand(db, services(db).census, rest, out, err);
      case 'list-api-clients':
        return await listApiClientsCommand(db, rest, out);
      case 'revoke-api-client':
        return await revokeApiClientCommand(db, rest, out);
      case 'set-outcome-email':
        return await setOutcomeEmailCommand(db, rest, out);
      case 'rotate-api-client':
        return await rotateApiClientCommand(db, rest, out);
      case 'set-session-lifetime':
        return await setSessionLifetimeCommand(db, rest, out);
      case 'require-authenticator-app':
        return await requireAuthenticatorAppCommand(db, rest, out);
      case 'backup':
        return await backupCommand(db, rest, out);
      case 'audit-checkpoint':
        return await auditCheckpointCommand(db, rest, out);
      default:
        return await verifyAuditCommand(db, rest, out, err);
    }
  } finally {
    await db.close();
  }
}

/**
 * Runs one `wraparound` command and resolves with its exit code: 0 done, 1 refused or failed (the
 * reason written to `err`), 2 a usage mistake; -1 while `serve` keeps running. It never rejects, and
 * never writes a stack trace. `src/cli.ts` runs it for the process; the tests also run it in their
 * own process, which spares a Node start and a module load per command.
 */
export function runWraparound(argv: string[], io: CliIo): Promise<number> {
  return main(argv, io).catch((error: unknown) => {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (isOperatorError(error) || error instanceof SsoSettingsError || error instanceof RiskError || error instanceof ConfigError || error instanceof DataDirInUseError || error instanceof MigrationError || error instanceof BackupError) {
      io.err(error.message);
    } else {
      io.err(`wraparound failed: ${(error as Error).message}`);
    }
    return 1;
  });
}
