import { checkVisit, type VisitInput as VisitFacts } from '../../domain/casework/visits.js';
import { londonDate } from '../../domain/calendar/plain-date.js';
import { auditActorOf, tenantOfCaller, type Caller } from '../../platform/auth/caller.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { caseContext, CaseworkError, refuse, textOf } from './case-context.js';
import * as q from './queries.js';

/** A visit as the domain checks it, with whose visit it was and what was noted. */
export interface VisitInput extends VisitFacts {
  agency: string;
  note: string;
}

/** Who records a visit: a worker on the case, or a partner system through the API (a missed appointment at a clinic). */
export type VisitCaller = Extract<Caller, { kind: 'user' | 'api' }>;

/**
 * What runs after a visit is recorded, in the same transaction (the composition root hands in the
 * escalations feature's rules: missed appointments within a period escalate the case).
 */
export type AfterVisit = (trx: Trx, tenantId: string, caseId: string, caller: VisitCaller, requestId: string) => Promise<unknown>;

/**
 * Visits and missed appointments, recorded by the worker or by any agency's system. A partner system
 * reaches an open case that is not restricted; a worker, only through the access decision.
 */
export function visitService(db: Database, afterVisit: AfterVisit = async () => undefined) {
  async function members(trx: Trx, caller: VisitCaller, caseId: string) {
    if (caller.kind === 'user') return (await caseContext(trx, caller.user, caseId, 'case:edit')).members;
    const found = await q.caseForPartner(trx, caseId);
    if (!found || found.restricted) throw new CaseworkError(404, 'There is no such case');
    if (found.status !== 'open') throw new CaseworkError(409, 'The case is closed', 'caseId');
    return q.caseMembers(trx, caseId);
  }

  return {
    /** Records a visit, a visit with no access, or a missed appointment; answers its id. */
    async record(caller: VisitCaller, caseId: string, input: VisitInput, requestId: string): Promise<string> {
      const tenantId = tenantOfCaller(caller);
      return db.tenant(tenantId, async (trx) => {
        const people = await members(trx, caller, caseId);
        const children = people.filter((m) => m.role === 'child').map((m) => m.id);
        refuse(checkVisit(input, londonDate(new Date()), children));
        const agency = textOf(input.agency, 'agency', 200, 'Say whose visit or appointment it was')!;
        const note = textOf(input.note, 'note', 5000, null);
        const othersPresent = textOf(input.othersPresent, 'othersPresent', 500, null);
        const id = await q.insertVisit(trx, {
          tenantId,
          caseId,
          childId: input.childId,
          kind: input.kind,
          happenedOn: input.happenedOn,
          agency,
          seen: input.seen,
          seenAlone: input.seenAlone,
          othersPresent,
          interpreter: input.interpreter === 'professional' ? input.interpreterName.trim() : null,
          note,
          by: caller.kind === 'user' ? caller.user.id : null,
          apiClientId: caller.kind === 'api' ? caller.client.id : null,
        });
        await recordAudit(trx, tenantId, {
          ...auditActorOf(caller),
          action: 'case.visit',
          subjectType: 'case',
          subjectId: caseId,
          requestId,
          details: { visitId: id, kind: input.kind },
        });
        if (input.kind !== 'visit') await afterVisit(trx, tenantId, caseId, caller, requestId);
        return id;
      });
    },

    /** The tenant's visit frequencies, in working days. */
    async saveFrequencies(user: CurrentUser, input: { cp: number; cin: number }, requestId: string): Promise<void> {
      if (!can(user, 'settings:manage')) throw new CaseworkError(403, 'You do not have permission to do this');
      for (const [field, value] of [['cp', input.cp], ['cin', input.cin]] as const) {
        if (!Number.isInteger(value) || value < 1 || value > 65) throw new CaseworkError(400, 'Enter a whole number of working days from 1 to 65', field);
      }
      await db.tenant(user.tenantId, async (trx) => {
        await q.saveVisitSettings(trx, user.tenantId, input.cp, input.cin, user.id);
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'settings.visit-frequency', subjectType: 'tenant', subjectId: user.tenantId, requestId, details: input });
      });
    },
  };
}

export type VisitService = ReturnType<typeof visitService>;
