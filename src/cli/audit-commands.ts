import { appendFileSync, readFileSync } from 'node:fs';
import { readCheckpoints, publicKeyFrom, signedCheckpointLine, signingKeyFrom } from '../platform/audit/checkpoint.js';
import { chainHeads, verifyAuditChain } from '../platform/audit/verify.js';
import type { Database } from '../platform/db/database.js';
import { parseFlags, text, UsageError } from './args.js';
import { tenantId, type Out } from './commands.js';

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`There is no ${what} at ${file}`);
  }
}

/** `verify-audit [--tenant S] [--checkpoints FILE --public-key FILE] [--allow-unkeyed]` */
export async function verifyAuditCommand(db: Database, argv: string[], out: Out, err: Out): Promise<number> {
  const flags = parseFlags(argv, { tenant: { type: 'string' }, checkpoints: { type: 'string' }, 'public-key': { type: 'string' }, 'allow-unkeyed': { type: 'boolean' } });
  const checkpointFile = text(flags, 'checkpoints');
  const publicKeyFile = text(flags, 'public-key');
  if (Boolean(checkpointFile) !== Boolean(publicKeyFile)) throw new UsageError('--checkpoints and --public-key go together: the checkpoints are checked with the public key');
  const checkpoints = checkpointFile ? readCheckpoints(readText(checkpointFile, 'checkpoint file'), publicKeyFrom(readText(publicKeyFile, 'public key'))) : [];
  const slug = text(flags, 'tenant');
  const id = slug ? await tenantId(db, slug) : undefined;
  const result = await verifyAuditChain(db.owner(), { tenantId: id, checkpoints, allowUnkeyed: flags['allow-unkeyed'] === true });
  if (result.firstBreak) {
    const b = result.firstBreak;
    const where = b.eventId ? `at event ${b.eventId} (tenant ${b.tenantId}, sequence ${b.seq})` : `in tenant ${b.tenantId}`;
    err(`The audit chain is broken ${where}: ${b.problem}`);
    return 1;
  }
  const against = checkpointFile ? `, matching ${result.checkpointsChecked} signed checkpoint(s)` : '';
  out(`The audit chain is intact: ${result.eventsChecked} events in ${result.tenantsChecked} tenant(s)${against}`);
  if (result.unkeyedEvents) out(`${result.unkeyedEvents} of them are not keyed (written before AUDIT_CHAIN_KEY was set)`);
  return 0;
}

/** `audit-checkpoint --signing-key FILE [--out FILE] [--tenant S]` */
export async function auditCheckpointCommand(db: Database, argv: string[], out: Out): Promise<number> {
  const flags = parseFlags(argv, { 'signing-key': { type: 'string' }, out: { type: 'string' }, tenant: { type: 'string' } }, ['signing-key']);
  const signingKey = signingKeyFrom(readText(text(flags, 'signing-key'), 'signing key'));
  const slug = text(flags, 'tenant');
  const id = slug ? await tenantId(db, slug) : undefined;
  const at = new Date().toISOString();
  const lines = (await chainHeads(db.owner(), id)).map((head) => signedCheckpointLine({ ...head, at }, signingKey));
  const file = text(flags, 'out');
  if (file) {
    appendFileSync(file, lines.map((line) => `${line}\n`).join(''), { mode: 0o600 });
    out(`Wrote ${lines.length} checkpoint(s) to ${file}`);
  } else {
    for (const line of lines) out(line);
  }
  return 0;
}
