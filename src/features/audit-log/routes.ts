import type { Router } from '../../platform/http/router.js';
import type { AuditLogService } from './service.js';

// Placeholder while the audit log page is written: registers nothing yet.
export function auditLogRoutes(_router: Router, _auditLog: AuditLogService): void {}
