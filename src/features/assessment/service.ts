import { referralDate, assessmentDue, decisionProblem, mayEditSections, stageTakesAssessment, STATUS_LABELS, type AssessmentStatus } from '../../domain/assessment/assessment.js';
import { bandForAge, type AgeBand } from '../../domain/assessment/age-bands.js';
import { factorsProblem, proposeDomesticAbuseFactors } from '../../domain/assessment/factors.js';
import { changedFields, type Answers } from '../../domain/assessment/section-fields.js';
import { checkSection, FAMILY_PART, fieldLabel, incompleteSlots, SECTIONS, type SectionKey } from '../../domain/assessment/sections.js';
import { isPlainDate, londonDate, plainDate } from '../../domain/calendar/plain-date.js';
import { dueStatus } from '../../domain/casework/due.js';
import { ageOn } from '../../domain/people/age.js';
import { RELATIONSHIP_KINDS, type RelationshipKind } from '../../domain/people/relationships.js';
import { requireAccess } from '../../platform/access/decide.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import type { AssessmentRecommendation } from '../../platform/db/schema.js';
import { ServiceError } from '../../platform/http/service-error.js';
import { tenantCalendar } from '../calendar/service.js';
import * as q from './queries.js';
import { requestsOfCase } from './request-queries.js';

export class AssessmentError extends ServiceError {}

/** A section saved by someone else since this form was opened: nothing was saved; who changed which answers, and when. */
export class SectionConflict extends AssessmentError {
  constructor(
    readonly currentVersion: number,
    readonly changes: { by: string; at: Date; fields: string[] }[],
  ) {
    super(409, 'This section was changed since you opened it', 'version');
  }
}

export interface Child {
  id: string;
  name: string;
  dateOfBirth: string | null;
  age: number | null;
  band: AgeBand | null;
}

const isKind = (k: string): k is RelationshipKind => (RELATIONSHIP_KINDS as readonly string[]).includes(k);

/** The case's facts the assessment needs, after the access decision. */
async function caseFacts(trx: Trx, user: CurrentUser, caseId: string, action: 'case:view' | 'case:edit') {
  const resource = await requireAccess(trx, user, action, { kind: 'case', id: caseId });
  const kase = await q.caseRow(trx, caseId);
  if (!kase) throw new AssessmentError(404, 'There is no such case');
  const today = londonDate(new Date());
  const people = await q.members(trx, caseId);
  const seen = new Set<string>();
  const children: Child[] = people
    .filter((m) => m.role === 'child' && !seen.has(m.id) && Boolean(seen.add(m.id)))
    .map((m) => {
      const age = m.date_of_birth && isPlainDate(m.date_of_birth) ? ageOn(plainDate(m.date_of_birth), today) : null;
      return { id: m.id, name: `${m.given_name} ${m.family_name}`, dateOfBirth: m.date_of_birth, age, band: bandForAge(age) };
    });
  const assessment = (await q.latestAssessment(trx, caseId)) ?? null;
  return { resource, kase, people, children, assessment, today };
}

function slotOf(children: readonly Child[], key: SectionKey, part: string): { child: Child | null } | null {
  if (!SECTIONS[key].perChild) return part === FAMILY_PART ? { child: null } : null;
  const child = children.find((c) => c.id === part);
  return child ? { child } : null;
}

/**
 * The child and family assessment: started on a case at assessment, child in need or child protection,
 * due 45 working days from the referral; its sections saved one at a time, each with a version, so that
 * two people editing one section never lose an edit; submitted with the census factors; authorised or
 * returned by a manager of the case's team who did not submit it. Every change is audited.
 */
export function assessmentService(db: Database) {
  async function audit(trx: Trx, user: CurrentUser, action: string, assessmentId: string, requestId: string, details: Record<string, unknown>) {
    await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action, subjectType: 'assessment', subjectId: assessmentId, requestId, details });
  }

  return {
    /** The task list: the assessment (if any), its sections' status, the returns beside them, what this user may do. */
    async overview(user: CurrentUser, caseId: string) {
      return db.tenant(user.tenantId, async (trx) => {
        const f = await caseFacts(trx, user, caseId, 'case:view');
        const mayEdit = can(user, 'case:edit', f.resource);
        const a = f.assessment;
        const open = a && a.status !== 'authorised' ? a : null;
        const saved = a ? await q.sections(trx, a.id) : [];
        const calendar = await tenantCalendar(trx);
        const names = new Map((await q.userNames(trx, [a?.submitted_by, a?.returned_by, a?.authorised_by].filter((x): x is string => Boolean(x)))).map((u) => [u.id, u.name]));
        const requests = await requestsOfCase(trx, caseId);
        return {
          caseId,
          reference: f.kase.reference,
          children: f.children,
          assessment: a,
          sections: saved,
          incomplete: a ? incompleteSlots(f.children.map((c) => c.id), saved) : [],
          due: a ? dueStatus(calendar, f.today, plainDate(a.due_on), a.authorised_on ? plainDate(a.authorised_on) : null) : null,
          mayEdit: mayEdit && Boolean(a && mayEditSections(a.status)),
          mayStart: mayEdit && !open && f.kase.status === 'open' && stageTakesAssessment(f.kase.stage),
          mayDecide: Boolean(a && a.status === 'submitted' && can(user, 'assessment:authorise', f.resource)),
          names: Object.fromEntries(names) as Record<string, string>,
          requests,
        };
      });
    },

    /** Starts the case's assessment: from the latest threshold decision's contact, else the case's opening, due 45 working days on. */
    async start(user: CurrentUser, caseId: string, requestId: string): Promise<string> {
      return db.tenant(user.tenantId, async (trx) => {
        const f = await caseFacts(trx, user, caseId, 'case:edit');
        if (f.kase.status !== 'open') throw new AssessmentError(409, 'The case is closed: reopen it before you start an assessment');
        if (!stageTakesAssessment(f.kase.stage)) throw new AssessmentError(409, 'Change the case to the assessment, child in need or child protection stage before you start an assessment');
        if (f.assessment && f.assessment.status !== 'authorised') throw new AssessmentError(409, 'This case already has an assessment in progress');
        const contact = await q.latestDecisionContact(trx, caseId);
        const referral = referralDate(contact ? plainDate(contact.receivedOn) : null, londonDate(new Date(f.kase.opened_at)), f.today);
        const due = assessmentDue(await tenantCalendar(trx), referral);
        const id = await q.insertAssessment(trx, { tenantId: user.tenantId, caseId, contactId: contact?.contactId ?? null, referralDate: referral, startedOn: f.today, dueOn: due, by: user.id });
        if (!id) throw new AssessmentError(409, 'This case already has an assessment in progress');
        await audit(trx, user, 'assessment.start', id, requestId, { caseId, contactId: contact?.contactId ?? null, referralDate: referral, dueOn: due });
        return id;
      });
    },

    /** One section of the assessment, as saved, with the child it is about; null when there is no such section. */
    async section(user: CurrentUser, caseId: string, key: SectionKey, part: string) {
      return db.tenant(user.tenantId, async (trx) => {
        const f = await caseFacts(trx, user, caseId, 'case:view');
        const slot = slotOf(f.children, key, part);
        if (!f.assessment || !slot) return null;
        const saved = (await q.section(trx, f.assessment.id, key, part)) ?? null;
        const requests = (await requestsOfCase(trx, caseId)).filter((r) => r.informs.includes(key));
        return {
          assessment: f.assessment,
          child: slot.child,
          saved,
          requests,
          mayEdit: can(user, 'case:edit', f.resource) && mayEditSections(f.assessment.status),
          updatedBy: saved?.updated_by ? ((await q.userNames(trx, [saved.updated_by]))[0]?.name ?? 'A former user') : null,
        };
      });
    },

    /**
     * Saves a section opened at `version` (0 when it had never been saved). A save against a newer version
     * is refused with the saves made since (SectionConflict); problems with the answers are refused naming
     * each field. Records which answers changed, and audits the save (field names only).
     */
    async saveSection(user: CurrentUser, caseId: string, key: SectionKey, part: string, input: { version: number; completed: boolean; body: Record<string, unknown> }, requestId: string) {
      return db.tenant(user.tenantId, async (trx) => {
        const f = await caseFacts(trx, user, caseId, 'case:edit');
        const slot = slotOf(f.children, key, part);
        if (!f.assessment || !slot) throw new AssessmentError(404, 'There is no such section');
        if (!mayEditSections(f.assessment.status)) throw new AssessmentError(409, 'The assessment has been submitted, so its sections cannot change');
        const { answers, problems } = checkSection(key, slot.child?.band ?? null, input.body, input.completed);
        if (problems.length) throw new AssessmentError(400, problems[0]!.message, problems[0]!.field, problems.map((p) => ({ path: `/${p.field}`, message: p.message })));
        const before = await q.section(trx, f.assessment.id, key, part);
        if ((before?.version ?? 0) !== input.version) throw await conflict(trx, f.assessment.id, key, part, input.version, before?.version ?? 0);
        const fields = changedFields((before?.answers ?? {}) as Answers, answers);
        if (Boolean(before?.completed) !== input.completed) fields.push('completed');
        if (before && fields.length === 0) return { version: before.version, changed: [] as string[] };
        const version = await q.saveSection(trx, user.tenantId, f.assessment.id, key, part, input.version, { answers, completed: input.completed, by: user.id });
        if (version === null) throw await conflict(trx, f.assessment.id, key, part, input.version, input.version + 1);
        await q.insertChange(trx, user.tenantId, f.assessment.id, key, part, version, fields, user.id);
        if (key === 'analysis') await q.setRecommendation(trx, f.assessment.id, (answers.recommendation || null) as AssessmentRecommendation | null);
        await audit(trx, user, 'assessment.section-save', f.assessment.id, requestId, { caseId, section: key, part: part || null, version, fields, completed: input.completed });
        return { version, changed: fields };
      });
    },

    /** What submitting needs: the sections not yet complete, and the domestic abuse factors the case's facts suggest. */
    async submission(user: CurrentUser, caseId: string) {
      return db.tenant(user.tenantId, async (trx) => {
        const f = await caseFacts(trx, user, caseId, 'case:edit');
        if (!f.assessment) return null;
        const saved = await q.sections(trx, f.assessment.id);
        const ids = [...new Set(f.people.map((p) => p.id))];
        const relationships = (await q.relationshipsAmong(trx, ids)).filter((r) => isKind(r.kind)).map((r) => ({ from: r.from_person, to: r.to_person, kind: r.kind as RelationshipKind }));
        const proposals = proposeDomesticAbuseFactors({
          children: f.children.map((c) => c.id),
          victims: [...new Set(f.people.filter((p) => p.role === 'adult-victim').map((p) => p.id))],
          relationships,
        });
        const nameOf = (id: string) => {
          const p = f.people.find((m) => m.id === id);
          return p ? `${p.given_name} ${p.family_name}` : 'Someone on the case';
        };
        return { assessment: f.assessment, children: f.children, incomplete: incompleteSlots(f.children.map((c) => c.id), saved), proposals: proposals.map((p) => ({ ...p, victimName: nameOf(p.victimId) })) };
      });
    },

    /** Submits a complete assessment with the census factors the worker confirmed. */
    async submit(user: CurrentUser, caseId: string, factors: string[], requestId: string): Promise<void> {
      await db.tenant(user.tenantId, async (trx) => {
        const f = await caseFacts(trx, user, caseId, 'case:edit');
        const a = f.assessment;
        if (!a || !mayEditSections(a.status)) throw new AssessmentError(409, 'There is no assessment in progress to submit');
        const missing = incompleteSlots(f.children.map((c) => c.id), await q.sections(trx, a.id));
        if (missing.length) throw new AssessmentError(409, `Complete every section first: ${missing.length} ${missing.length === 1 ? 'is' : 'are'} not marked complete`, 'factors');
        const problem = factorsProblem(factors);
        if (problem) throw new AssessmentError(400, problem, 'factors');
        if (!(await q.moveStatus(trx, a.id, ['in-progress', 'returned'], 'submitted', { factors, submitted_at: new Date(), submitted_by: user.id }))) throw new AssessmentError(409, 'The assessment was submitted a moment ago');
        await audit(trx, user, 'assessment.submit', a.id, requestId, { caseId, factors });
      });
    },

    /** The team manager authorises the assessment, or returns it with comments. Never the person who submitted it. */
    async decide(user: CurrentUser, caseId: string, input: { decision: 'authorise' | 'return'; comment: string }, requestId: string): Promise<AssessmentRecommendation | null> {
      return db.tenant(user.tenantId, async (trx) => {
        const resource = await requireAccess(trx, user, 'assessment:authorise', { kind: 'case', id: caseId });
        const a = await q.latestAssessment(trx, caseId);
        if (!a || resource.id !== a.case_id) throw new AssessmentError(404, 'There is no such assessment');
        const problem = decisionProblem(a.status as AssessmentStatus, a.submitted_by, user.id);
        if (problem) throw new AssessmentError(problem.startsWith('You submitted') ? 422 : 409, problem, 'decision');
        const comment = input.comment.trim();
        if (input.decision === 'return') {
          if (!comment) throw new AssessmentError(400, 'Say what the worker should change before you return the assessment', 'comment');
          if (!(await q.moveStatus(trx, a.id, ['submitted'], 'returned', { returned_at: new Date(), returned_by: user.id, returned_comment: comment }))) throw new AssessmentError(409, 'Another manager decided a moment ago', 'decision');
          await audit(trx, user, 'assessment.return', a.id, requestId, { caseId });
          return null;
        }
        if (!(await q.moveStatus(trx, a.id, ['submitted'], 'authorised', { authorised_at: new Date(), authorised_on: londonDate(new Date()), authorised_by: user.id }))) throw new AssessmentError(409, 'Another manager decided a moment ago', 'decision');
        await audit(trx, user, 'assessment.authorise', a.id, requestId, { caseId, recommendation: a.recommendation });
        return a.recommendation;
      });
    },

    /**
     * For the case summary: the latest assessment's status with its days left or overdue (null when the
     * case has none), and whether this user may start one now (the "Start the assessment" button).
     */
    async caseCard(user: CurrentUser, caseId: string) {
      return db.tenant(user.tenantId, async (trx) => {
        const resource = await requireAccess(trx, user, 'case:view', { kind: 'case', id: caseId });
        const [a, kase] = [await q.latestAssessment(trx, caseId), await q.caseRow(trx, caseId)];
        const open = a && a.status !== 'authorised';
        const mayStart = Boolean(kase && !open && kase.status === 'open' && stageTakesAssessment(kase.stage) && can(user, 'case:edit', resource));
        if (!a) return { assessment: null, mayStart };
        const due = dueStatus(await tenantCalendar(trx), londonDate(new Date()), plainDate(a.due_on), a.authorised_on ? plainDate(a.authorised_on) : null);
        return { assessment: { status: a.status as AssessmentStatus, statusText: STATUS_LABELS[a.status as AssessmentStatus], dueOn: a.due_on, due }, mayStart };
      });
    },

    /** For the home page: open assessments on the user's and their teams' cases, soonest due first, with days left. */
    async dueForUser(user: CurrentUser) {
      if (!can(user, 'case:edit')) return [];
      return db.tenant(user.tenantId, async (trx) => {
        const rows = await q.openAssessmentsFor(trx, user.id, user.teamIds);
        const calendar = await tenantCalendar(trx);
        const today = londonDate(new Date());
        return rows.map((r) => ({ caseId: r.case_id, reference: r.reference, status: r.status as AssessmentStatus, dueOn: r.due_on, due: dueStatus(calendar, today, plainDate(r.due_on)) }));
      });
    },
  };

  async function conflict(trx: Trx, assessmentId: string, key: SectionKey, part: string, version: number, current: number): Promise<SectionConflict> {
    const changes = await q.changesSince(trx, assessmentId, key, part, version);
    return new SectionConflict(
      Math.max(current, ...changes.map((c) => c.version)),
      changes.map((c) => ({ by: c.name ?? 'A former user', at: new Date(c.changed_at), fields: c.fields.map((name) => fieldLabel(key, name)) })),
    );
  }
}

export type AssessmentService = ReturnType<typeof assessmentService>;
