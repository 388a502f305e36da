import type { Database } from '../../src/platform/db/database.js';

/**
 * Runs owner statements with the audit log's append-only trigger switched off, as someone holding the
 * database owner's password could: how the tests change, delete or rewrite events to prove they are found.
 */
export async function tamperWithAudit(db: Database, statements: [text: string, params?: unknown[]][]): Promise<void> {
  const session = await db.ownerSession();
  try {
    await session.query('begin');
    await session.query('alter table audit_events disable trigger audit_events_append_only');
    for (const [text, params] of statements) await session.query(text, params ?? []);
    await session.query('alter table audit_events enable trigger audit_events_append_only');
    await session.query('commit');
  } catch (error) {
    await session.query('rollback');
    throw error;
  } finally {
    await session.release();
  }
}
