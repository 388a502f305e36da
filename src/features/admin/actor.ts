import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import { auditActorOf, tenantOfCaller, type Caller } from '../../platform/auth/caller.js';
import type { Trx } from '../../platform/db/database.js';
import { ServiceError } from '../../platform/http/service-error.js';

/** Who is acting: a signed-in administrator, or the operator at the command line. */
export type AdminActor = Extract<Caller, { kind: 'user' | 'system' }>;

/** Admin errors name the field first: `new AdminError('email', 'Enter…')`. */
export class AdminError extends ServiceError {
  constructor(field: string, message: string, status: 400 | 403 | 404 | 409 = 400) {
    super(status, message, field);
  }
}

/**
 * A refusal to be shown on the form it came from (403, in the error summary), rather than as the
 * access denied page: an administrator changing their own account, or deciding their own request.
 */
export class AdminRefusal extends AdminError {
  constructor(field: string, message: string) {
    super(field, message, 403);
  }
}

export const tenantOf = (actor: AdminActor): string => tenantOfCaller(actor);

export function audit(trx: Trx, actor: AdminActor, action: string, subjectType: string, subjectId: string | null, requestId: string | null, details?: Record<string, unknown>) {
  return recordAudit(trx, tenantOf(actor), {
    ...auditActorOf(actor),
    action,
    subjectType,
    subjectId,
    requestId,
    details,
  });
}

export function requireManage(actor: AdminActor, action: 'users:manage' | 'teams:manage' | 'users:view'): void {
  if (actor.kind === 'user' && !can(actor.user, action, { kind: 'tenant', id: actor.user.tenantId })) {
    throw new AdminError('form', 'You do not have permission to do this', 403);
  }
}
