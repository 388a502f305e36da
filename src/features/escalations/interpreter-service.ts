import { londonDate } from '../../domain/calendar/plain-date.js';
import { BOOKING_PURPOSE_LABELS, checkBooking, INTERPRETER_SEXES, type BookingInput, type BookingPurpose, type InterpreterSex } from '../../domain/interpreting/interpreters.js';
import { requireAccess } from '../../platform/access/decide.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database } from '../../platform/db/database.js';
import { EscalationError } from './service.js';
import * as q from './queries.js';

const SEX_WORDS: Record<string, string> = { female: 'a female interpreter', male: 'a male interpreter', 'no-preference': 'no preference about the interpreter’s sex' };

const asSex = (v: string | null): InterpreterSex | null => ((INTERPRETER_SEXES as readonly string[]).includes(v ?? '') ? (v as InterpreterSex) : null);

/** A person's language and interpreter needs in one line ("Bengali (Sylheti): needs an interpreter, a female interpreter"). */
export function languageLine(p: { first_language: string | null; dialect: string | null; interpreter_needed: boolean; interpreter_sex: string | null }): string | null {
  if (!p.first_language && !p.interpreter_needed) return null;
  const language = p.first_language ? `${p.first_language}${p.dialect ? ` (${p.dialect})` : ''}` : 'Language not recorded';
  if (!p.interpreter_needed) return language;
  return `${language}: needs an interpreter${p.interpreter_sex ? `, ${SEX_WORDS[p.interpreter_sex] ?? ''}` : ''}`;
}

/** London wall-clock day and time to an instant. */
function londonInstant(day: string, time: string): Date {
  const guess = new Date(`${day}T${time}:00Z`);
  const shown = new Date(guess.toLocaleString('en-US', { timeZone: 'Europe/London' }));
  const offset = shown.getTime() - new Date(guess.toLocaleString('en-US', { timeZone: 'UTC' })).getTime();
  return new Date(guess.getTime() - offset);
}

/** Interpreters booked for a case's visits and meetings: always an independent professional. */
export function interpreterService(db: Database) {
  return {
    /** The case's bookings, newest first, and its people with their language, for the page and the form. */
    async forCase(user: CurrentUser, caseId: string) {
      return db.tenant(user.tenantId, async (trx) => {
        const resource = await requireAccess(trx, user, 'case:view', { kind: 'case', id: caseId });
        const people = (await q.membersWithLanguage(trx, caseId)).map((m) => ({
          id: m.id,
          name: `${m.given_name} ${m.family_name}`,
          restricted: m.restricted,
          language: m.restricted ? null : m.first_language,
          dialect: m.restricted ? null : m.dialect,
          preferredSex: m.restricted || !m.interpreter_needed ? null : asSex(m.interpreter_sex),
          line: m.restricted ? null : languageLine(m),
        }));
        const bookings = (await q.bookings(trx, caseId)).map((b) => ({
          ...b,
          name: `${b.given_name} ${b.family_name}`,
          purposeLabel: BOOKING_PURPOSE_LABELS[b.purpose as BookingPurpose] ?? b.purpose,
        }));
        return { mayEdit: can(user, 'case:edit', resource), people, bookings };
      });
    },

    /** Books an interpreter; a family member, a friend of the family or a child is refused with why. */
    async book(user: CurrentUser, caseId: string, input: BookingInput, requestId: string): Promise<string> {
      return db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        const members = await q.membersWithLanguage(trx, caseId);
        const person = members.find((m) => m.id === input.personId);
        const trimmed = { ...input, language: input.language.trim(), dialect: input.dialect.trim(), details: input.details.trim(), interpreterName: input.interpreterName.trim(), agency: input.agency.trim() };
        const problem = checkBooking(trimmed, londonDate(new Date()), members.map((m) => m.id), person && person.interpreter_needed ? asSex(person.interpreter_sex) : null);
        if (problem) throw new EscalationError(400, problem.message, problem.field);
        const id = await q.insertBooking(trx, {
          tenantId: user.tenantId,
          caseId,
          personId: trimmed.personId,
          language: trimmed.language,
          dialect: trimmed.dialect || null,
          startsAt: londonInstant(trimmed.on, trimmed.time),
          purpose: trimmed.purpose,
          details: trimmed.details || null,
          interpreterName: trimmed.interpreterName,
          agency: trimmed.agency,
          interpreterSex: trimmed.interpreterSex,
          by: user.id,
        });
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'case.interpreter-booked', subjectType: 'case', subjectId: caseId, requestId, details: { bookingId: id, personId: trimmed.personId } });
        return id;
      });
    },
  };
}

export type InterpreterService = ReturnType<typeof interpreterService>;
