/**
 * A synthetic family as table rows, pushed onto a batch: people and their addresses and ties, the
 * case with its members and events, the contacts with the people on them (each as the agency recorded
 * them, sometimes slightly wrong, always linked to the true record) and their events, checklists and
 * Marac referrals. Nothing personal goes anywhere but these rows.
 */
import type { CaseMembersTable } from '../platform/db/casework-schema.js';
import { ageOn, dateOf, DAY_MS, HOUR_MS } from './days.js';
import type { FamilyRole } from './family-members.js';
import type { GeneratorContext, SyntheticFamily } from './family.js';
import { addressOn } from './homes.js';
import { schoolIn } from './places.js';
import { chance, pick, rngFor } from './random.js';
import { recordedDifferently } from './recording-slips.js';
import { CHECKLIST_INSTRUMENT } from './checklists.js';
import { syntheticId } from './synthetic-ids.js';
import type { Batch } from './tables.js';
import { CONTACT_SOURCE_LABELS } from '../domain/contacts/contact.js';

/** Share of people on a contact whom the agency recorded with a slip (police and housing more, schools fewer). */
export const SLIP_SHARE = { police: 0.22, school: 0.08, health: 0.12, other: 0.2 } as const;

const MEMBER_ROLES: Record<FamilyRole, CaseMembersTable['role']> = {
  victim: 'adult-victim',
  'person-causing-harm': 'person-causing-harm',
  child: 'child',
  'step-parent': 'other-adult',
  grandparent: 'supporter',
};
const RESTRICTED_REASON = 'A member of the family works for the council';
const CODE_WORDS = ['bluebell', 'lighthouse', 'marmalade', 'sparrow', 'teapot', 'blue umbrella'];
const SAFE_TIMES = ['Weekdays 10am to 2pm, while the children are at school', 'Mornings only', 'Any time after 7pm', 'Tuesdays and Thursdays at the refuge office'];


export function appendFamily(batch: Batch, family: SyntheticFamily, ctx: GeneratorContext): void {
  const { household, homes, history, caseHistory, ids, serial } = family;
  const { staff } = ctx;
  const members = household.members;
  const incidents = history.incidents;
  const firstSeen = incidents[0]!.receivedAt;
  const restrictedReason = family.restricted ? RESTRICTED_REASON : null;

  for (const m of members) {
    const created = Math.max(firstSeen, m.dateOfBirth * DAY_MS + 12 * HOUR_MS);
    batch.people.push(ids.people[m.index], m.givenName, m.familyName, m.otherNames.join('|'), m.dateOfBirth, m.sex, m.ethnicity, m.firstLanguage, m.interpreterNeeded, m.interpreterSex, m.send, m.nhsNumber, family.restricted, restrictedReason, created, created);
  }
  homes.spells.forEach((s, i) => {
    batch.person_addresses.push(
      syntheticId(ctx.ids, 'address', serial, i),
      ids.people[s.member],
      s.home.line1,
      s.home.line2,
      s.home.town,
      s.home.postcode,
      s.from,
      s.to,
      s.withheld,
      s.withheldReason,
      s.withheld ? staff.manager : null,
      s.withheldAt,
      firstSeen,
    );
  });
  const victimWithheldAt = homes.spells.find((s) => s.member === 0 && s.withheld)?.withheldAt ?? null;
  const victimId = ids.people[0]!;
  if (family.phone) {
    batch.person_contact_details.push(syntheticId(ctx.ids, 'contactDetail', serial, 0), victimId, 'phone', family.phone, 'Mobile', homes.withheld, homes.withheld ? 'New number since leaving; the person causing harm must not have it' : null, homes.withheld ? staff.manager : null, victimWithheldAt, firstSeen);
    if (homes.withheld || family.checklists.some((c) => c.band === 'high')) {
      const r = rngFor(ctx.seed ^ 0x2545f491, serial);
      batch.safe_contact_preferences.push(victimId, family.phone, pick(r, SAFE_TIMES), false, true, pick(r, CODE_WORDS), true, staff.manager, (incidents.at(-1)!.receivedAt));
    }
  }
  household.ties.forEach((t, i) => {
    batch.relationships.push(syntheticId(ctx.ids, 'relationship', serial, i), ids.people[t.from], ids.people[t.to], t.kind, staff.manager, firstSeen);
  });

  const state = caseHistory.state;
  batch.cases.push(ids.case, family.caseReference, family.restricted, restrictedReason, state.status, state.stage, state.workerId, state.teamId, state.openedAt.getTime(), state.closedAt?.getTime() ?? null, state.lastActivityAt.getTime());
  for (const m of members) batch.case_members.push(ids.case, ids.people[m.index], MEMBER_ROLES[m.role], staff.manager, state.openedAt.getTime());
  for (const event of caseHistory.events) {
    const { type, at, by, ...data } = event;
    batch.case_events.push(ids.case, type, at.getTime(), by || null, data);
  }
  if (homes.withheld) {
    batch.must_not_receive.push(syntheticId(ctx.ids, 'mustNotReceive', serial, 0), ids.case, ids.people[1], 'address|contact-details', 'Must not learn where the victim and the children live, or how to reach them', staff.manager, Math.max(state.openedAt.getTime(), victimWithheldAt ?? 0));
  }

  const slips = rngFor(ctx.seed ^ 0x5bd1e995, serial);
  incidents.forEach((incident, k) => {
    const outcome = caseHistory.outcomes[k]!;
    const contactId = ids.contacts[k]!;
    batch.contacts.push(
      contactId,
      incident.source,
      incident.reference,
      incident.referrer,
      incident.receivedAt,
      incident.receivedOn,
      ctx.decisionDueBy(incident.receivedOn),
      incident.occurredAt,
      incident.place,
      incident.abuseTypes.join('|'),
      incident.childrenPresent,
      incident.childrenSaw,
      incident.childrenHeard,
      incident.injuries,
      incident.weaponUsed,
      incident.alcoholOrDrugs,
      incident.summary,
      incident.childVoice,
      incident.schoolTold,
      outcome.status,
      outcome.indicators.join('|'),
      outcome.recommendedPathway,
      outcome.decidedPathway,
      outcome.decidedAt,
      outcome.decidedBy,
      outcome.toCase ? ids.case : null,
      staff.mashWorker,
      incident.receivedAt,
    );
    const slipShare = incident.source === 'police' || incident.source === 'housing' ? SLIP_SHARE.police : incident.source === 'school' ? SLIP_SHARE.school : incident.source === 'health' ? SLIP_SHARE.health : SLIP_SHARE.other;
    const refs: string[] = [];
    let child = 0;
    incident.people.forEach((index, j) => {
      const m = members[index]!;
      const ref = m.role === 'victim' ? 'victim' : m.role === 'person-causing-harm' ? 'harm' : `child${++child}`;
      refs.push(ref);
      const truth = { givenName: m.givenName, familyName: m.familyName, dateOfBirth: dateOf(m.dateOfBirth), otherNames: m.otherNames };
      const seen = chance(slips, slipShare) ? recordedDifferently(truth, slips).identity : truth;
      const home = addressOn(homes, index, incident.receivedOn);
      const address = home && !home.withheld && m.role !== 'child' && incident.source !== 'school' ? home.home : null;
      const age = ageOn(m.dateOfBirth, incident.receivedOn);
      batch.contact_people.push(
        syntheticId(ctx.ids, 'contactPerson', serial, k * 16 + j),
        contactId,
        ref,
        m.role === 'victim' ? 'victim' : m.role === 'person-causing-harm' ? 'person-causing-harm' : 'child',
        seen.givenName,
        seen.familyName,
        seen.dateOfBirth,
        chance(slips, 0.9) ? m.sex : null,
        incident.source === 'health' ? m.nhsNumber : null,
        m.role === 'child' && (incident.source === 'school' || incident.source === 'health') ? m.send : false,
        address ? `${address.line1}, ${address.town}` : null,
        address?.postcode ?? (home && !home.withheld ? home.home.postcode : null),
        m.role === 'child' && incident.source === 'school' && age >= 4 ? schoolIn(slips, homes.district, age) : null,
        ids.people[index],
        staff.mashWorker,
        incident.receivedAt + 5 * 60_000,
      );
    });
    batch.contact_events.push(contactId, 'received', incident.receivedAt, staff.mashWorker, { source: incident.source, linked: refs });
    for (const e of outcome.events) batch.contact_events.push(contactId, e.type, e.at, e.byUser, e.data);
  });

  family.checklists.forEach((c, i) => {
    const withCase = state.openedAt.getTime() <= c.completedAt;
    batch.risk_assessments.push(ids.checklists[i], victimId, withCase ? ids.case : null, CHECKLIST_INSTRUMENT.id, CHECKLIST_INSTRUMENT.version, CHECKLIST_INSTRUMENT.language, c.completedAt, c.completedOn, staff.recorder, c.agency, c.withVictim, c.victimView, c.answers, c.score, c.band, c.gaps.join(','), c.completedAt);
  });
  const children = members.filter((m) => m.role === 'child');
  family.referrals.forEach((r, i) => {
    const id = ids.referrals[i]!;
    const previousId = r.previous === null ? null : ids.referrals[r.previous]!;
    const criteria =
      r.repeat && r.repeatIncident !== null && previousId
        ? [{ code: 'repeat', evidence: { previousReferralId: previousId, referredOn: dateOf(family.referrals[r.previous!]!.referredOn), incident: repeatEvidence(family, r.repeatIncident) } }]
        : [{ code: 'visible-high-risk', evidence: { checklistId: ids.checklists[r.checklist!], score: family.checklists[r.checklist!]!.score } }];
    batch.marac_referrals.push(id, victimId, r.referredOn, r.agency, staff.recorder, r.referredOn * DAY_MS + 14 * HOUR_MS, ids.people[1], criteria, r.checklist === null ? null : ids.checklists[r.checklist], r.consent, r.lawfulBasis, r.risks, r.contactSafety, r.latestIncidentOn, r.repeat, previousId);
    for (const c of children) if (c.dateOfBirth <= r.referredOn) batch.marac_referral_children.push(id, ids.people[c.index]);
  });
}

function repeatEvidence(family: SyntheticFamily, incidentIndex: number) {
  const incident = family.history.incidents[incidentIndex]!;
  return { occurredOn: dateOf(incident.occurredOn), reportedBy: CONTACT_SOURCE_LABELS[incident.source], contactId: family.ids.contacts[incidentIndex], referralId: null };
}
