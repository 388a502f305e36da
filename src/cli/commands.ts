import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { adminService, AdminError } from '../features/admin/service.js';
import { progressLine, summaryLines } from '../features/contacts/import-progress.js';
import { DEMO_PASSWORD } from '../features/admin/demo-seed.js';
import { seedDemo } from '../demo/seed.js';
import { services } from '../server.js';
import { tenantService, TenantError } from '../features/admin/tenants.js';
import { isRole, ROLES } from '../platform/access/roles.js';
import { CheckpointError } from '../platform/audit/checkpoint.js';
import { AuditVerifyError } from '../platform/audit/verify.js';
import type { Database } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrator.js';
import { parseFlags, tenantAndFile, text, UsageError } from './args.js';

export type Out = (line: string) => void;

export async function migrateCommand(db: Database, out: Out): Promise<number> {
  const applied = await migrate(db);
  out(applied.length ? `Applied ${applied.join(', ')}` : 'The database is up to date');
  return 0;
}

export async function seedDemoCommand(db: Database, out: Out): Promise<number> {
  await migrate(db);
  const result = await seedDemo(db, services(db));
  out(result.created ? 'Created the demo tenant.' : 'The demo tenant already exists.');
  printDemoSignIns(out);
  return 0;
}

export function printDemoSignIns(out: Out): void {
  out(`Demo sign-ins (password for each: ${DEMO_PASSWORD}):`);
  for (const role of ROLES) out(`  ${role.padEnd(18)} ${role}@demo.wraparound.invalid`);
}

export async function createTenantCommand(db: Database, argv: string[], out: Out): Promise<number> {
  const flags = parseFlags(argv, { slug: { type: 'string' }, name: { type: 'string' } }, ['slug', 'name']);
  await migrate(db);
  const tenant = await tenantService(db).createTenant(text(flags, 'slug'), text(flags, 'name'));
  out(`Created tenant ${tenant.slug} (${tenant.id})`);
  return 0;
}

export async function tenantId(db: Database, slug: string): Promise<string> {
  const tenant = await tenantService(db).findTenant(slug);
  if (!tenant) throw new UsageError(`There is no tenant with the slug ${slug}`);
  return tenant.id;
}

export async function createUserCommand(db: Database, argv: string[], out: Out): Promise<number> {
  const flags = parseFlags(
    argv,
    { tenant: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, team: { type: 'string' }, password: { type: 'string' } },
    ['tenant', 'email', 'name', 'role'],
  );
  const roles = text(flags, 'role').split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = roles.filter((r) => !isRole(r));
  if (unknown.length) throw new UsageError(`Unknown role ${unknown.join(', ')}. Roles: ${ROLES.join(', ')}`);
  await migrate(db);
  const id = await tenantId(db, text(flags, 'tenant'));
  const admin = adminService(db);
  const actor = { kind: 'system', tenantId: id } as const;
  const teamIds: string[] = [];
  const teamName = text(flags, 'team');
  if (teamName) {
    const teams = await admin.listTeams(actor);
    const existing = teams.find((t) => t.name.toLowerCase() === teamName.toLowerCase());
    teamIds.push(existing ? existing.id : (await admin.createTeam(actor, teamName, null)).id);
  }
  const password = flags.password === undefined ? undefined : text(flags, 'password');
  const created = await admin.createUser(actor, { email: text(flags, 'email'), name: text(flags, 'name'), roles: roles.filter(isRole), teamIds, password }, null);
  out(`Created user ${created.user.email} (${created.user.id})`);
  if (created.temporaryPassword) out(`temporary password: ${created.temporaryPassword} (they must change it when they first sign in)`);
  return 0;
}

export async function createApiClientCommand(db: Database, argv: string[], out: Out): Promise<number> {
  const flags = parseFlags(argv, { tenant: { type: 'string' }, name: { type: 'string' }, scopes: { type: 'string' }, days: { type: 'string' }, agency: { type: 'string' } }, ['tenant', 'name', 'scopes']);
  await migrate(db);
  const id = await tenantId(db, text(flags, 'tenant'));
  const scopes = text(flags, 'scopes').split(',').map((s) => s.trim()).filter(Boolean);
  const agency = typeof flags.agency === 'string' ? flags.agency : undefined;
  const client = await tenantService(db).createApiClient(id, text(flags, 'name'), scopes, daysFlag(flags), agency);
  out(`Created API client ${client.id}, whose token expires on ${client.expiresAt.toISOString().slice(0, 10)}. Keep this token now: it will not be shown again.`);
  out(`token: ${client.token}`);
  return 0;
}

/**
 * `import-notifications --tenant SLUG FILE.csv`: imports police notifications row by row. Progress
 * goes to standard error (a bar on a terminal, a line every so often otherwise); the summary and the
 * rows not imported go to standard output. Exit 0 when every row was imported or already held, 1
 * when some were not (or the file could not be imported at all).
 */
export async function importNotificationsCommand(db: Database, argv: string[], out: Out, err: Out, tty = Boolean(process.stderr.isTTY)): Promise<number> {
  const { slug, file } = tenantAndFile(argv, 'CSV file to import');
  await migrate(db);
  const id = await tenantId(db, slug);
  let lastDrawn = 0;
  let lastLine = Date.now();
  const outcome = await services(db).notificationImports.importFile(id, basename(file), () => createReadStream(file), (p) => {
    const now = Date.now();
    const done = p.total !== null && p.rowsProcessed >= p.total;
    if (tty && (now - lastDrawn >= 100 || done)) {
      process.stderr.write(`\r${progressLine(p)}`);
      lastDrawn = now;
    } else if (!tty && p.rowsProcessed > 0 && (now - lastLine >= 2_000 || p.rowsProcessed % 1_000 === 0) && !done) {
      err(`${p.rowsProcessed.toLocaleString('en-GB')} rows`);
      lastLine = now;
    }
  });
  if (tty) process.stderr.write('\n');
  if ('refused' in outcome) {
    err(`The file could not be imported. ${outcome.refused}`);
    return 1;
  }
  for (const line of summaryLines(file, outcome)) out(line);
  if (outcome.status === 'failed') {
    err(outcome.failure ?? 'The import stopped');
    return 1;
  }
  return outcome.rejected > 0 ? 1 : 0;
}

/** `--days N`: how long a token lasts (the service checks the range); the default when not given. */
export function daysFlag(flags: Record<string, string | boolean | undefined>): number | undefined {
  const days = text(flags, 'days');
  if (!days) return undefined;
  if (!/^\d+$/.test(days)) throw new UsageError('--days must be a whole number of days');
  return Number(days);
}

/** Errors that mean the operator asked for something wrong, shown without a stack trace. */
export function isOperatorError(error: unknown): error is Error {
  return error instanceof UsageError || error instanceof TenantError || error instanceof AdminError || error instanceof AuditVerifyError || error instanceof CheckpointError;
}
