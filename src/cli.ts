#!/usr/bin/env node
import { ConfigError, loadConfig } from './platform/config.js';
import { DataDirInUseError } from './platform/db/data-dir-lock.js';
import { openDatabase } from './platform/db/database.js';
import { MigrationError } from './platform/db/migrator.js';
import { parseFlags, text, UsageError } from './cli/args.js';
import {
  createApiClientCommand,
  createTenantCommand,
  createUserCommand,
  importNotificationsCommand,
  isOperatorError,
  migrateCommand,
  seedDemoCommand,
  verifyAuditCommand,
} from './cli/commands.js';
import { generateCommand } from './cli/generate-command.js';
import { loadInstrumentCommand } from './cli/risk-commands.js';
import { configureSsoCommand } from './cli/sso-command.js';
import { SsoSettingsError } from './features/single-sign-on/settings-service.js';
import { RiskError } from './features/risk/errors.js';
import { serve } from './cli/serve.js';

const USAGE = `Usage: wraparound <command> [options]

Commands:
  serve [--port N]                         run the web service (PORT is also honoured)
  migrate                                  apply database migrations
  seed-demo                                create the demo tenant, its users and made-up families
  create-tenant --slug S --name N          add a local authority
  create-user --tenant S --email E --name N --role R[,R] [--team T] [--password P]
  create-api-client --tenant S --name N --scopes a:read,b:write
  configure-sso --tenant S --issuer URL --client-id ID --client-secret-file PATH
                [--groups-claim groups] --map GROUP=role[,team] [--map ...] [--allow-new-accounts]
                                           set a council's single sign-on (docs/single-sign-on.md);
                                           needs OIDC_SECRET_KEY
  verify-audit [--tenant S]                check the audit log's hash chain
  import-notifications --tenant S FILE.csv import police notifications from a CSV file
                                           (docs/notifications-csv.md); exit 1 if any row was not imported
  load-instrument --tenant S FILE.json     load a risk instrument, a new version of one, or a translation
                                           (docs/risk-instruments.md)
  generate --tenant S --families N [--seed S]
                                           fill a tenant with made-up families (not in production)

Every command takes --data-dir DIR (or WRAPAROUND_DATA_DIR) for the embedded database,
and uses PostgreSQL instead when DATABASE_URL is set.`;

const out = (line: string) => console.log(line);
const err = (line: string) => console.error(line);

function dataDirOf(argv: string[]): string | undefined {
  const i = argv.indexOf('--data-dir');
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    out(USAGE);
    return command ? 0 : 2;
  }
  const known = ['serve', 'migrate', 'seed-demo', 'create-tenant', 'create-user', 'create-api-client', 'configure-sso', 'verify-audit', 'import-notifications', 'load-instrument', 'generate'];
  if (!known.includes(command)) throw new UsageError(`Unknown command ${command}`);
  let port: number | undefined;
  if (command === 'serve') {
    const flags = parseFlags(rest, { port: { type: 'string' } });
    if (flags.port !== undefined) {
      port = Number(text(flags, 'port'));
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a whole number from 0 to 65535');
    }
  }
  const config = loadConfig(process.env, { dataDir: dataDirOf(rest), port });
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
      default:
        return await verifyAuditCommand(db, rest, out, err);
    }
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      err(`${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else if (isOperatorError(error) || error instanceof SsoSettingsError || error instanceof RiskError || error instanceof ConfigError || error instanceof DataDirInUseError || error instanceof MigrationError) {
      err(error.message);
      process.exitCode = 1;
    } else {
      err(`wraparound failed: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  },
);
