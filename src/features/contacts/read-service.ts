import { pageCountOf } from '../../platform/http/pagination.js';
import { londonDate, plainDate, type PlainDate } from '../../domain/calendar/plain-date.js';
import { timeliness, workingDaysLeft, daysLeftText, type Timeliness } from '../../domain/contacts/contact.js';
import { triageContact, type ContactTriage, type ThresholdIndicator } from '../../domain/triage/threshold.js';
import type { Viewer } from '../../domain/redaction/confidential.js';
import { accessFacts, openToUser, RESTRICTED_RECORD, viewerOf } from '../../platform/access/decide.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { ApiClientIdentity } from '../../platform/http/request-context.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { tenantCalendar } from '../calendar/service.js';
import { ContactError } from './actor.js';
import { decisionChoices, outcomeView, type DecisionOutcome } from './decision.js';
import { historyFor, type PersonHistory } from './history.js';
import { findCandidates, type Candidate } from './matching.js';
import * as q from './queries.js';

export const QUEUE_PAGE_SIZE = 25;

function triageOf(contact: q.ContactRow, people: readonly q.ContactPersonRow[], indicators: readonly ThresholdIndicator[]): ContactTriage & { childRefs: string[] } {
  const children = people.filter((p) => p.role === 'child');
  const triage = triageContact(
    contact.indicators,
    children.map((c) => {
      const dob = c.date_of_birth ?? c.person_date_of_birth;
      return { personId: c.person_id ?? `ref:${c.ref}`, dateOfBirth: dob ? plainDate(dob) : null, send: c.send || Boolean(c.person_send) };
    }),
    plainDate(contact.received_on),
    indicators,
  );
  return { ...triage, childRefs: children.map((c) => c.ref) };
}

/** What every API view of a contact starts with: which contact, when it arrived, and where it stands. */
function apiHead(contact: q.ContactRow) {
  return {
    id: contact.id,
    source: contact.source,
    reference: contact.reference,
    receivedAt: contact.received_at.toISOString(),
    decisionDueBy: contact.decision_due_by,
    status: contact.status,
  };
}

/** May this user see the contact: MASH roles, or a worker who can see the case it was sent to. */
async function userMaySee(trx: Trx, user: CurrentUser, contact: q.ContactRow): Promise<boolean> {
  if (can(user, 'contact:view')) return true;
  if (!contact.case_id) return false;
  const kase = await accessFacts(trx, user, { kind: 'case', id: contact.case_id });
  return kase ? can(user, 'case:view', kase) : false;
}

export interface ContactPersonView extends q.ContactPersonRow {
  candidates: Candidate[];
  /** The linked record is restricted and this user holds no access: it shows as a name only. */
  linkedHidden: boolean;
  linkedName: string | null;
  /**
   * Who is looking, for what the contact gives about this person: the access decision for the
   * linked person (viewerOf). Only a linked person with withheld whereabouts has anything withheld.
   */
  viewer: Viewer;
}

/**
 * The viewer for what the contact says of the incident itself (the place): it is withheld when anyone
 * linked on it has withheld whereabouts, so only a viewer who may see all of theirs sees it.
 */
function contactViewer(user: CurrentUser, people: readonly ContactPersonView[]): Viewer {
  return { id: user.id, mayViewWithheld: people.filter((p) => p.whereaboutsWithheld).every((p) => p.viewer.mayViewWithheld) };
}

/** Every time someone is shown what a contact gives about a person with withheld whereabouts, that view is its own audit event. */
async function auditWithheldViews(trx: Trx, user: CurrentUser, contact: q.ContactRow, people: readonly ContactPersonView[], viewer: Viewer, requestId: string | null): Promise<void> {
  for (const p of people) {
    if (!p.person_id || !p.whereaboutsWithheld || !p.viewer.mayViewWithheld) continue;
    const given = [p.address ? 'address' : null, p.postcode ? 'postcode' : null, contact.place && viewer.mayViewWithheld ? 'place' : null].filter((f) => f !== null);
    if (!given.length) continue;
    await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'whereabouts.view', subjectType: 'person', subjectId: p.person_id, requestId, details: { contactId: contact.id, givenOnContact: given } });
  }
}

/**
 * The worker's recommendation standing now (the latest, unless a manager sent it back since), and the
 * manager's latest comment when they sent one back and no new recommendation has come.
 */
function recommendationState<E extends { type: string }>(events: readonly E[]): { recommendation: E | null; returned: E | null } {
  const latest = [...events].reverse().find((e) => e.type === 'recommended' || e.type === 'recommendation-returned') ?? null;
  return { recommendation: latest?.type === 'recommended' ? latest : null, returned: latest?.type === 'recommendation-returned' ? latest : null };
}

export function contactReadService(db: Database) {
  return {
    /**
     * Everything the contact pages show: details, people with proposed records, history, triage, the
     * decision trail, and the viewers for what the contact gives about people with withheld whereabouts.
     */
    async detail(user: CurrentUser, contactId: string, requestId: string | null = null) {
      return db.tenant(user.tenantId, async (trx) => {
        const contact = await q.findContact(trx, contactId);
        if (!contact || !(await userMaySee(trx, user, contact))) throw new ContactError(404, 'There is no such contact');
        const [people, relationships, events, indicators] = await Promise.all([
          q.contactPeople(trx, contactId),
          q.contactRelationships(trx, contactId),
          q.contactEvents(trx, contactId),
          q.thresholdIndicators(trx),
        ]);
        const mayRecord = can(user, 'contact:record') && contact.status === 'awaiting-decision';
        const views: ContactPersonView[] = [];
        for (const p of people) {
          const open = !p.person_id || (await openToUser(trx, user, { kind: 'person', id: p.person_id }, Boolean(p.person_restricted)));
          const linked = p.person_id ? await q.linkedPersonName(trx, p.person_id) : undefined;
          const facts = p.person_id && p.whereaboutsWithheld ? await accessFacts(trx, user, { kind: 'person', id: p.person_id }) : null;
          views.push({
            ...p,
            candidates: !p.person_id && can(user, 'contact:record') ? await findCandidates(trx, { givenName: p.given_name, familyName: p.family_name, dateOfBirth: p.date_of_birth, nhsNumber: p.nhs_number, postcode: p.postcode }) : [],
            linkedHidden: !open,
            linkedName: linked ? (open ? `${linked.given_name} ${linked.family_name}` : RESTRICTED_RECORD) : null,
            viewer: facts ? viewerOf(user, facts) : { id: user.id, mayViewWithheld: false },
          });
        }
        const viewer = contactViewer(user, views);
        const linked = views.filter((p) => p.person_id).map((p) => ({ personId: p.person_id!, role: p.role, open: !p.linkedHidden }));
        const history: PersonHistory[] = await historyFor(trx, contactId, contact.received_at, linked, user);
        const calendar = await tenantCalendar(trx);
        const today = londonDate(new Date());
        const due = plainDate(contact.decision_due_by);
        const state: Timeliness = timeliness(due, q.decidedOn(contact.decided_at), today);
        const sentTo = contact.case_id ? await q.caseSentTo(trx, contact.case_id) : undefined;
        // A restricted case the viewer holds no access to is not named: the worker who holds it has the contact.
        const caseRef = sentTo && (await openToUser(trx, user, { kind: 'case', id: sentTo.id }, sentTo.restricted)) ? { id: sentTo.id, reference: sentTo.reference } : sentTo ? { id: null, reference: null } : undefined;
        const mayDecide = can(user, 'contact:decide') && contact.status === 'awaiting-decision';
        const decision = events.find((e) => e.type === 'decided') ?? null;
        const choices = mayDecide ? await decisionChoices(trx, user, people) : null;
        const outcome = decision ? await outcomeView(trx, user, decision.data.outcome as DecisionOutcome | undefined) : null;
        // Last, so the audit chain's per-tenant lock is held only to the end of this transaction.
        await auditWithheldViews(trx, user, contact, views, viewer, requestId);
        return {
          contact,
          people: views,
          viewer,
          relationships,
          events,
          indicators,
          triage: triageOf(contact, people, indicators),
          history,
          timeliness: state,
          daysLeft: daysLeftText(workingDaysLeft(calendar, today, due), state === 'overdue'),
          sentToCase: contact.status === 'sent-to-allocated-worker' ? (caseRef ?? null) : null,
          mayRecord,
          mayDecide,
          ...recommendationState(events),
          assignedTo: contact.assigned_to ? { id: contact.assigned_to, name: (await q.userName(trx, contact.assigned_to)) ?? 'A former user' } : null,
          decision,
          choices,
          outcome,
        };
      });
    },

    /**
     * What became of a notification, for the system that sent it (the police): whether it is decided,
     * the decision and when. Nothing about the people, the case or who decided. Another client's
     * notification is not found.
     */
    async notificationOutcome(client: ApiClientIdentity, contactId: string) {
      return db.tenant(client.tenantId, async (trx) => {
        const contact = await q.findContact(trx, contactId);
        if (!contact || contact.api_client_id !== client.id) return null;
        return {
          ...apiHead(contact),
          outcome:
            contact.status === 'decided'
              ? { decision: contact.decided_pathway, decidedAt: contact.decided_at?.toISOString() ?? null }
              : contact.status === 'sent-to-allocated-worker'
                ? { decision: 'sent-to-allocated-worker', decidedAt: null }
                : null,
        };
      });
    },

    /** The contact as a partner system sees it: no addresses, no history, no notes of who did what. */
    async apiView(tenantId: string, contactId: string) {
      return db.tenant(tenantId, async (trx) => {
        const contact = await q.findContact(trx, contactId);
        if (!contact) return null;
        const [people, relationships, indicators] = await Promise.all([q.contactPeople(trx, contactId), q.contactRelationships(trx, contactId), q.thresholdIndicators(trx)]);
        const triage = contact.indicators.length ? triageOf(contact, people, indicators) : null;
        const decision = contact.status === 'decided' ? (await q.contactEvents(trx, contactId)).find((e) => e.type === 'decided') : undefined;
        return {
          ...apiHead(contact),
          caseId: contact.case_id,
          incident: {
            occurredAt: contact.occurred_at?.toISOString() ?? null,
            abuseTypes: contact.abuse_types,
            childrenPresent: contact.children_present,
            injuries: contact.injuries,
            weaponUsed: contact.weapon_used,
            alcoholOrDrugs: contact.alcohol_or_drugs,
            policeRiskGrading: contact.police_risk_grading,
          },
          people: people.map((p) => ({ ref: p.ref, role: p.role, givenName: p.given_name, familyName: p.family_name, dateOfBirth: p.date_of_birth, personId: p.person_id })),
          relationships: relationships.map((r) => ({ from: r.from_ref, to: r.to_ref, type: r.kind })),
          triage: triage
            ? {
                indicators: triage.indicators,
                children: triage.children.map((c, i) => ({ ref: triage.childRefs[i]!, personId: c.personId.startsWith('ref:') ? null : c.personId, scale: c.scale, modifierApplied: c.modifierApplied, rag: c.rag })),
                scale: triage.scale,
                rag: triage.rag,
                pathway: triage.pathway,
              }
            : null,
          decision: decision
            ? { pathway: contact.decided_pathway, decidedAt: contact.decided_at?.toISOString() ?? null, daServiceReferral: (decision.data.daServiceReferral as string | undefined) ?? null, checkMarac: Boolean(decision.data.checkMarac) }
            : null,
        };
      });
    },

    /** The MASH queue: filtered, sorted, a page at a time, with days left and overdue tags. */
    async queue(user: CurrentUser, filter: Omit<q.QueueFilter, 'today'>, page: number) {
      if (!can(user, 'contact:view')) throw new ContactError(403, 'You do not have permission to see the MASH queue');
      return db.tenant(user.tenantId, async (trx) => {
        const today = londonDate(new Date());
        const calendar = await tenantCalendar(trx);
        const found = await q.queue(trx, { ...filter, today }, QUEUE_PAGE_SIZE, (page - 1) * QUEUE_PAGE_SIZE);
        const rows = found.rows.map((r) => {
          const due = plainDate(r.decision_due_by);
          const state = r.status === 'sent-to-allocated-worker' ? null : timeliness(due, q.decidedOn(r.decided_at), today);
          return { ...r, timeliness: state, daysLeft: state === 'due' || state === 'overdue' ? daysLeftText(workingDaysLeft(calendar, today, due), state === 'overdue') : null };
        });
        return { rows, total: found.total, page, pageCount: pageCountOf(found.total, QUEUE_PAGE_SIZE) };
      });
    },

    /** Threshold decisions on time, late, overdue and still due, for contacts received in the period. */
    async timelinessCounts(user: CurrentUser, from: PlainDate, to: PlainDate) {
      if (!can(user, 'mash:timeliness')) throw new ContactError(403, 'You do not have permission to see these figures');
      return db.tenant(user.tenantId, async (trx) => {
        const today = londonDate(new Date());
        const counts: Record<Timeliness, number> = { 'on-time': 0, late: 0, overdue: 0, due: 0 };
        for (const r of await q.receivedBetween(trx, from, to)) counts[timeliness(plainDate(r.decision_due_by), q.decidedOn(r.decided_at), today)]++;
        const decided = counts['on-time'] + counts.late;
        return { counts, total: decided + counts.overdue + counts.due, onTimeRate: decided ? Math.round((counts['on-time'] / decided) * 100) : null };
      });
    },
  };
}

export type ContactReadService = ReturnType<typeof contactReadService>;
