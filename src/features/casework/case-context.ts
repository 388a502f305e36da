import { londonDate, type PlainDate } from '../../domain/calendar/plain-date.js';
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.js';
import { requireAccess } from '../../platform/access/decide.js';
import type { Actor } from '../../platform/access/policy.js';
import type { Trx } from '../../platform/db/database.js';
import { ServiceError } from '../../platform/http/service-error.js';
import { tenantCalendar } from '../calendar/service.js';
import * as q from './queries.js';

export class CaseworkError extends ServiceError {}

export type Member = Awaited<ReturnType<typeof q.caseMembers>>[number];

/** What every casework change needs: the case (through the one access decision), its people, today and the calendar. */
export interface CaseContext {
  caseId: string;
  tenantId: string;
  members: Member[];
  children: Member[];
  today: PlainDate;
  calendar: WorkingDayCalendar;
}

/**
 * Loads the case for this actor and action (`case:view` to read, `case:edit` to change): anyone the
 * access decision refuses is refused here, before anything about the case is read.
 */
export async function caseContext(trx: Trx, actor: Actor, caseId: string, action: 'case:view' | 'case:edit'): Promise<CaseContext> {
  await requireAccess(trx, actor, action, { kind: 'case', id: caseId });
  const members = await q.caseMembers(trx, caseId);
  return { caseId, tenantId: actor.tenantId, members, children: members.filter((m) => m.role === 'child'), today: londonDate(new Date()), calendar: await tenantCalendar(trx) };
}

/** The problem a domain rule found, as the error the form shows beside the field. */
export function refuse(problem: { field: string; message: string } | null): void {
  if (problem) throw new CaseworkError(400, problem.message, problem.field);
}

/** Free text: trimmed, required when `required`, at most `max` characters; the field is named in the error. */
export function textOf(value: string, field: string, max: number, required: string | null): string | null {
  const text = value.trim();
  if (!text) {
    if (required) throw new CaseworkError(400, required, field);
    return null;
  }
  if (text.length > max) throw new CaseworkError(400, `Write ${max.toLocaleString('en-GB')} characters or fewer`, field);
  return text;
}

export const fullName = (m: { given_name: string; family_name: string }) => `${m.given_name} ${m.family_name}`;
