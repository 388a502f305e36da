import { compareDates, londonDate, type PlainDate } from '../../domain/calendar/plain-date.js';
import { maracCriteria } from '../../domain/marac/criteria.js';
import { PERSONALLY_CONNECTED_KINDS } from '../../domain/people/relationships.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { auditActorOf as auditActor, tenantOfCaller as tenantOfActor } from '../../platform/auth/caller.js';
import { maracSettingsOf, riskSettingsFor } from '../risk-settings/service.js';
import { maracFacts, maracResult, requireSubject, RiskError, RiskInputError, type Actor, type CriterionEvidence } from '../risk/service.js';
import {
  addReferralChildren,
  checklistSubject,
  insertReferral,
  peopleByIds,
  personName,
  personRecord,
  referralQueue,
  referralView,
  relationshipsOf,
  type QueuePage,
  type ReferralView,
} from './queries.js';
import { checkReferral, referralDay, type CriterionCode, type ReferralInput } from './schemas.js';

export { CRITERIA_CODES, type CriterionCode, type ReferralInput } from './schemas.js';

/** A criterion as stored on the referral: the evidence found in the record, or the referrer's word when the record has none. */
export type StoredCriterion = CriterionEvidence | { code: CriterionCode; evidence: null; statedByReferrer: true };

export interface Referred {
  id: string;
  repeat: boolean;
  previousReferralId: string | null;
}

async function requirePerson(trx: Trx, id: string, field: string): Promise<void> {
  const found = await personRecord(trx, id);
  if (!found) throw new RiskInputError([{ path: `/${field}`, message: 'There is no person record with this id' }]);
}

/**
 * Records a referral to the Marac, marking it a repeat when an incident followed an earlier referral
 * within the months set. The referral is checked against the same schema as the form and the API, so
 * a caller that skips them is held to the same rules.
 */
export async function recordReferral(trx: Trx, actor: Actor, given: ReferralInput, requestId: string | null): Promise<Referred> {
  const checked = checkReferral(given);
  if (!checked.ok) throw new RiskInputError(checked.problems);
  const input = checked.referral;
  const referredOn = referralDay(input.referredAt);
  // The reason counts only with the professional judgement criterion.
  const judgementReason = input.criteria.includes('professional-judgement') ? (input.judgementReason ?? '') : '';

  await requireSubject(trx, actor, input.victimPersonId, null, 'marac:refer');
  if (input.personCausingHarmId) await requirePerson(trx, input.personCausingHarmId, 'personCausingHarmId');
  for (const [i, child] of (input.childIds ?? []).entries()) await requirePerson(trx, child, `childIds/${i}`);
  if (input.riskAssessmentId) {
    const checklist = await checklistSubject(trx, input.riskAssessmentId);
    if (!checklist || checklist.person_id !== input.victimPersonId) throw new RiskInputError([{ path: '/riskAssessmentId', message: 'There is no checklist with this id about this victim' }]);
  }

  // The criteria at the referral date, with the incident the referrer reports counted as one more.
  const settings = maracSettingsOf(await riskSettingsFor(trx));
  const facts = await maracFacts(trx, input.victimPersonId, referredOn, settings);
  const incidents = [...facts.incidents];
  if (input.latestIncidentOn && !incidents.some((i) => i.occurredOn === input.latestIncidentOn)) {
    incidents.push({ id: 'this-referral', occurredOn: input.latestIncidentOn as PlainDate });
    facts.incidentSources.set('this-referral', { occurredOn: input.latestIncidentOn as PlainDate, contactId: null, referralId: null, reportedBy: input.referringAgency });
  }
  const judgement = judgementReason ? ({ say: 'refer', reason: judgementReason } as const) : null;
  const found = maracResult(maracCriteria({ ...facts, incidents, judgement }, settings), facts.incidentSources);
  const criteria: StoredCriterion[] = input.criteria.map((code) => found.criteria.find((c) => c.code === code) ?? { code, evidence: null, statedByReferrer: true });
  const repeatOf = found.criteria.find((c) => c.code === 'repeat');
  const previous = [...facts.earlierReferrals].filter((r) => compareDates(r.referredOn, referredOn) < 0).sort((a, b) => compareDates(b.referredOn, a.referredOn))[0];
  const previousReferralId = repeatOf?.code === 'repeat' ? repeatOf.evidence.previousReferralId : (previous?.id ?? null);

  const id = await insertReferral(trx, {
    tenant_id: tenantOfActor(actor),
    person_id: input.victimPersonId,
    referred_on: referredOn,
    referring_agency: input.referringAgency,
    referring_person: input.referringPerson || null,
    created_by: actor.kind === 'user' ? actor.user.id : null,
    api_client_id: actor.kind === 'api' ? actor.client.id : null,
    person_causing_harm_id: input.personCausingHarmId ?? null,
    criteria: JSON.stringify(criteria),
    risk_assessment_id: input.riskAssessmentId ?? null,
    consent: input.consent,
    lawful_basis: input.lawfulBasis || null,
    risks: input.risks,
    contact_safety: input.contactSafety || null,
    latest_incident_on: input.latestIncidentOn ?? null,
    repeat: repeatOf !== undefined,
    previous_referral_id: previousReferralId,
  });
  const children = [...new Set(input.childIds ?? [])];
  if (children.length) {
    await addReferralChildren(trx, tenantOfActor(actor), id, children);
  }
  await recordAudit(trx, tenantOfActor(actor), {
    ...auditActor(actor),
    action: 'marac-referral.create',
    subjectType: 'person',
    subjectId: input.victimPersonId,
    requestId,
    details: { referralId: id, criteria: input.criteria, repeat: repeatOf !== undefined },
  });
  return { id, repeat: repeatOf !== undefined, previousReferralId };
}

/** People around the victim a referral can name: partners and relatives (who may cause harm) and their children. */
export async function familyOf(trx: Trx, personId: string) {
  const links = await relationshipsOf(trx, personId);
  const other = (l: { from_person: string; to_person: string }) => (l.from_person === personId ? l.to_person : l.from_person);
  const adultIds = links.filter((l) => (PERSONALLY_CONNECTED_KINDS as readonly string[]).includes(l.kind)).map(other);
  const childIds = links.filter((l) => l.from_person === personId && (l.kind === 'parent-of' || l.kind === 'parental-responsibility-for')).map(other);
  const ids = [...new Set([...adultIds, ...childIds])];
  const people = await peopleByIds(trx, ids);
  const named = (id: string) => {
    const p = people.find((x) => x.id === id);
    return p ? [{ id, name: p.restricted ? 'Restricted person' : `${p.given_name} ${p.family_name}`, dateOfBirth: p.restricted ? null : p.date_of_birth }] : [];
  };
  return { adults: [...new Set(adultIds)].flatMap(named), children: [...new Set(childIds)].flatMap(named) };
}

export function maracService(db: Database) {
  const mayRefer = (actor: Actor) => {
    if (actor.kind === 'user' && !can(actor.user, 'marac:refer')) throw new RiskError(403, 'You do not have permission to do this');
  };
  return {
    refer: async (actor: Actor, input: ReferralInput, requestId: string | null): Promise<Referred> => {
      mayRefer(actor);
      return db.tenant(tenantOfActor(actor), (trx) => recordReferral(trx, actor, input, requestId));
    },

    /** What the referral form needs: the people around the victim, and the criteria met today. */
    referralForm: (user: CurrentUser, personId: string) => {
      mayRefer({ kind: 'user', user });
      return db.tenant(user.tenantId, async (trx) => {
        // The form shows the evidence in the record (incidents, checklists, earlier referrals): domestic abuse content.
        await requireSubject(trx, { kind: 'user', user }, personId, null, 'risk:view');
        const person = await personName(trx, personId);
        const settings = maracSettingsOf(await riskSettingsFor(trx));
        const facts = await maracFacts(trx, personId, londonDate(new Date()), settings);
        const met = maracResult(maracCriteria({ ...facts, judgement: facts.latestJudgement }, settings), facts.incidentSources);
        return { name: `${person.given_name} ${person.family_name}`, family: await familyOf(trx, personId), met, latestChecklistId: facts.checklists[0]?.id ?? null };
      });
    },

    queue: (user: CurrentUser, page: number): Promise<QueuePage> => {
      if (!can(user, 'marac:coordinate')) throw new RiskError(403, 'You do not have permission to do this');
      return db.tenant(user.tenantId, (trx) => referralQueue(trx, user, page));
    },

    referral: (user: CurrentUser, id: string): Promise<ReferralView> => {
      if (!can(user, 'marac:coordinate') && !can(user, 'marac:refer')) throw new RiskError(403, 'You do not have permission to do this');
      return db.tenant(user.tenantId, async (trx) => {
        const view = await referralView(trx, user, id);
        if (!view) throw new RiskError(404, 'There is no such referral');
        await requireSubject(trx, { kind: 'user', user }, view.victim.id, null, 'risk:view');
        // A referral about a restricted record says nothing to someone without access to that record.
        if (!view.victim.visible) throw new RiskError(403, 'This referral is about a restricted record: ask a manager for access');
        return view;
      });
    },
  };
}

export type MaracService = ReturnType<typeof maracService>;

// The referral's one schema, shared with the risk API.
export { maracReferral } from './schemas.js';
