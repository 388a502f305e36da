import type { Database } from '../../platform/db/database.js';

// Placeholder while the audit log page is written.
export function auditLogService(db: Database) {
  return { db };
}

export type AuditLogService = ReturnType<typeof auditLogService>;
