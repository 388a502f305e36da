import { londonDate, type PlainDate } from '../../domain/calendar/plain-date.js';
import { RED_FLAG_LABELS, isRedFlag } from '../../domain/escalation/red-flags.js';
import { checkDiscussion, checkSettings, DEFAULT_ESCALATION_SETTINGS, escalationsDue, type EscalationReason, type EscalationSettings } from '../../domain/escalation/rules.js';
import { requireAccess } from '../../platform/access/decide.js';
import { can, CASE_MANAGERS } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import { auditActorOf, type Caller } from '../../platform/auth/caller.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { ServiceError } from '../../platform/http/service-error.js';
import * as q from './queries.js';

export class EscalationError extends ServiceError {}

/** New incidents older than this are history, not news: they do not raise an escalation when first evaluated. */
const INCIDENT_HORIZON_DAYS = 90;

export const ESCALATION_REASON_LABELS: Record<EscalationReason, string> = {
  'non-engagement': 'Missed appointments or visits with no access',
  'red-flag': 'A red flag was recorded',
  incident: 'A new incident on the case',
};

/** What an escalation is about, in words (never anyone's free text). */
export function escalationTitle(e: { reason: EscalationReason; flag: string | null; counted: readonly string[] }): string {
  if (e.reason === 'non-engagement') return `${e.counted.length} missed appointments or visits with no access`;
  if (e.reason === 'red-flag') return `Red flag: ${isRedFlag(e.flag) ? RED_FLAG_LABELS[e.flag] : 'recorded'}`;
  return ESCALATION_REASON_LABELS.incident;
}

/**
 * Raises the escalations due on a case, in the caller's transaction, once each: the facts are read, the
 * rules (domain/escalation/rules.ts) say what is due and not yet raised, and each is stored under its
 * trigger (unique on the case) and audited. Called where the facts are recorded: a missed appointment or
 * a visit with no access (the casework visit service hands it in), a red flag, a new incident on the case.
 * A closed case raises nothing. Answers how many were raised.
 */
export async function raiseDueEscalations(trx: Trx, tenantId: string, caseId: string, caller: Caller, requestId: string | null): Promise<number> {
  const found = await q.lockedCase(trx, caseId);
  if (!found || found.status !== 'open') return 0;
  const settings = (await q.settings(trx)) ?? DEFAULT_ESCALATION_SETTINGS;
  const since = new Date(Date.now() - INCIDENT_HORIZON_DAYS * 86_400_000);
  const facts = { missed: await q.missed(trx, caseId), redFlags: await q.redFlags(trx, caseId), incidents: await q.incidents(trx, caseId, since), raised: await q.triggersRaised(trx, caseId) };
  let raised = 0;
  const due = escalationsDue({ ...facts, redFlags: facts.redFlags.map((f) => ({ id: f.id, flag: f.flag, on: f.noticed_on })) }, settings);
  for (const e of due) {
    const id = await q.insertEscalation(trx, { tenantId, caseId, trigger: e.trigger, reason: e.reason, counted: e.counted, flag: e.flag, factOn: e.on, workerId: found.worker_id, teamId: found.team_id });
    if (!id) continue;
    raised++;
    await recordAudit(trx, tenantId, { ...auditActorOf(caller), action: 'case.escalation-raised', subjectType: 'case', subjectId: caseId, requestId, details: { escalationId: id, reason: e.reason, flag: e.flag } });
  }
  return raised;
}

/** Red flags, escalations and the management discussion on a case; the area's numbers. */
export function escalationService(db: Database) {
  /** The case's escalations (open first) and red flags, for the case's page and card. */
  async function forCase(user: CurrentUser, caseId: string) {
    return db.tenant(user.tenantId, async (trx) => {
      const resource = await requireAccess(trx, user, 'case:view', { kind: 'case', id: caseId });
      const escalations = await q.escalationsOfCase(trx, caseId);
      return {
        mayEdit: can(user, 'case:edit', resource),
        escalations: escalations.map((e) => ({ ...e, title: escalationTitle(e), open: e.closed_at === null })),
        redFlags: (await q.redFlags(trx, caseId)).map((f) => ({ ...f, label: RED_FLAG_LABELS[f.flag] ?? f.flag })),
      };
    });
  }

  return {
    forCase,

    /** Records a red flag, and raises an escalation when the area escalates that flag. Answers whether one was raised. */
    async recordRedFlag(user: CurrentUser, caseId: string, input: { flag: string; noticedOn: PlainDate; note: string }, requestId: string): Promise<{ escalated: boolean }> {
      return db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        if (!isRedFlag(input.flag)) throw new EscalationError(400, 'Choose the red flag from the list', 'flag');
        if (input.noticedOn > londonDate(new Date())) throw new EscalationError(400, 'The date must be today or in the past', 'noticedOn');
        const note = input.note.trim();
        if (note.length > 2000) throw new EscalationError(400, 'Write 2,000 characters or fewer', 'note');
        const id = await q.insertRedFlag(trx, { tenantId: user.tenantId, caseId, flag: input.flag, noticedOn: input.noticedOn, note: note || null, by: user.id });
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'case.red-flag', subjectType: 'case', subjectId: caseId, requestId, details: { redFlagId: id, flag: input.flag } });
        const raised = await raiseDueEscalations(trx, user.tenantId, caseId, { kind: 'user', user }, requestId);
        return { escalated: raised > 0 };
      });
    },

    /** One open escalation, for its discussion form (404 when closed or not on the case). */
    async openEscalation(user: CurrentUser, caseId: string, escalationId: string) {
      return db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        const e = (await q.escalationsOfCase(trx, caseId)).find((x) => x.id === escalationId);
        if (!e || e.closed_at) throw new EscalationError(404, 'There is no such open escalation');
        return { ...e, title: escalationTitle(e) };
      });
    },

    /** Records the management discussion (what was decided, by whom, when) and closes the escalation. */
    async discuss(user: CurrentUser, caseId: string, escalationId: string, input: { decision: string; decidedBy: string; decidedOn: PlainDate }, requestId: string): Promise<void> {
      await db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        const e = await q.escalation(trx, caseId, escalationId);
        if (!e) throw new EscalationError(404, 'There is no such escalation');
        if (e.closed_at) throw new EscalationError(409, 'This escalation has already been discussed and closed');
        const d = { decision: input.decision.trim(), decidedBy: input.decidedBy.trim(), decidedOn: input.decidedOn };
        const problem = checkDiscussion(d, londonDate(new Date(e.raised_at)), londonDate(new Date()));
        if (problem) throw new EscalationError(400, problem.message, problem.field);
        if (!(await q.closeEscalation(trx, escalationId, { ...d, by: user.id }))) throw new EscalationError(409, 'This escalation has already been discussed and closed');
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'case.escalation-discussed', subjectType: 'case', subjectId: caseId, requestId, details: { escalationId } });
      });
    },

    /** The case summary's card: open escalations and the latest red flags (null for nothing to show but the links). */
    async caseCard(user: CurrentUser, caseId: string) {
      const found = await forCase(user, caseId);
      return { mayEdit: found.mayEdit, open: found.escalations.filter((e) => e.open), closed: found.escalations.length - found.escalations.filter((e) => e.open).length, redFlags: found.redFlags.length };
    },

    /** Open escalations for the home page: the worker's own cases, and a team manager's teams' cases. */
    async forHome(user: CurrentUser) {
      if (!can(user, 'case:edit')) return [];
      const manager = user.roles.some((r) => CASE_MANAGERS.has(r));
      const rows = await db.tenant(user.tenantId, (trx) => q.openEscalationsFor(trx, user.id, manager ? user.teamIds : []));
      return rows.map((r) => ({ id: r.id, caseId: r.case_id, reference: r.reference, title: escalationTitle(r), raisedAt: r.raised_at, mine: r.worker_id === user.id }));
    },

    async settings(user: CurrentUser): Promise<EscalationSettings> {
      if (!can(user, 'settings:manage')) throw new EscalationError(403, 'You do not have permission to do this');
      return db.tenant(user.tenantId, async (trx) => (await q.settings(trx)) ?? DEFAULT_ESCALATION_SETTINGS);
    },

    async saveSettings(user: CurrentUser, input: EscalationSettings, requestId: string): Promise<void> {
      if (!can(user, 'settings:manage')) throw new EscalationError(403, 'You do not have permission to do this');
      const problem = checkSettings(input);
      if (problem) throw new EscalationError(400, problem.message, problem.field);
      await db.tenant(user.tenantId, async (trx) => {
        await q.saveSettings(trx, user.tenantId, input, user.id);
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'settings.escalations', subjectType: 'tenant', subjectId: user.tenantId, requestId, details: { ...input } });
      });
    },
  };
}

export type EscalationService = ReturnType<typeof escalationService>;

/**
 * Listens to events appended to a case (cases/service.ts `whenCaseEventsAppended`): a new incident
 * escalates the case in the same transaction, whoever sent it (the system, for a notification).
 */
export async function escalateNewIncidents(trx: Trx, tenantId: string, caseId: string, events: readonly { type: string }[]): Promise<void> {
  if (!events.some((e) => e.type === 'incident-reported')) return;
  await raiseDueEscalations(trx, tenantId, caseId, { kind: 'system', tenantId }, null);
}
