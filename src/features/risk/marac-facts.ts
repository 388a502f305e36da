import { addMonths, compareDates, londonDate, type PlainDate } from '../../domain/calendar/plain-date.js';
import type { ChildrensServicesFacts, CompletedChecklist, EarlierReferral, Incident, MaracQuestion, ProfessionalJudgement, RiskBand } from '../../domain/marac/criteria.js';
import { CONTACT_SOURCE_LABELS, type ContactSource } from '../../domain/contacts/contact.js';
import type { Trx } from '../../platform/db/database.js';
import { latestBandedChecklist, maracReferralsUpTo, openCasesOf, victimContactsSince } from './queries/victim-history.js';

/** Where an incident counted for the Marac criteria was reported: a contact into the MASH, or a Marac referral. */
export interface IncidentSource {
  occurredOn: PlainDate;
  contactId: string | null;
  referralId: string | null;
  reportedBy: string;
}

export interface MaracFacts extends Omit<MaracQuestion, 'judgement'> {
  /** A referral on professional judgement recorded with the latest checklist still stands. */
  latestJudgement: ProfessionalJudgement;
  /** For each incident id, where it was reported (for the evidence shown and sent). */
  incidentSources: Map<string, IncidentSource>;
}

const MONTHS_PER_DAY = 1 / 30.4375;

/**
 * Everything recorded about a victim up to a date that the Marac criteria look at: the latest banded
 * checklist, the domestic abuse incidents reported to any agency (contacts naming them as the victim,
 * and the latest incident given on a Marac referral), their earlier referrals, and the facts behind
 * the children's-services prompts.
 */
export async function maracFacts(trx: Trx, personId: string, date: PlainDate, settings: { escalationMonths: number; repeatMonths: number }): Promise<MaracFacts> {
  const lookBack = addMonths(date, -(Math.max(settings.escalationMonths, settings.repeatMonths) * 2 + 1));
  const [latest, contacts, referrals, cases] = await Promise.all([
    latestBandedChecklist(trx, personId, date),
    victimContactsSince(trx, personId, lookBack),
    maracReferralsUpTo(trx, personId, date),
    openCasesOf(trx, personId),
  ]);

  const checklists: CompletedChecklist[] = latest ? [{ id: latest.id, completedOn: latest.completed_on as PlainDate, score: latest.score, band: latest.band as RiskBand }] : [];
  const incidentSources = new Map<string, IncidentSource>();
  const incidents: Incident[] = [];
  for (const c of contacts) {
    const occurredOn = londonDate(c.occurred_at ?? c.received_at);
    if (compareDates(occurredOn, date) > 0) continue;
    incidents.push({ id: c.id, occurredOn });
    incidentSources.set(c.id, { occurredOn, contactId: c.id, referralId: null, reportedBy: CONTACT_SOURCE_LABELS[c.source as ContactSource] ?? c.source });
  }
  for (const r of referrals) {
    if (!r.latest_incident_on || compareDates(r.latest_incident_on as PlainDate, date) > 0) continue;
    // The same incident may also have come in as a contact; a referral's own date only adds one not already counted that day.
    if (incidents.some((i) => i.occurredOn === r.latest_incident_on)) continue;
    const id = `referral-${r.id}`;
    incidents.push({ id, occurredOn: r.latest_incident_on as PlainDate });
    incidentSources.set(id, { occurredOn: r.latest_incident_on as PlainDate, contactId: null, referralId: r.id, reportedBy: r.referring_agency ?? 'Marac referral' });
  }
  const earlierReferrals: EarlierReferral[] = referrals.map((r) => ({ id: r.id, referredOn: r.referred_on as PlainDate }));

  const yearAgo = addMonths(date, -12);
  const reReferrals = contacts.filter(
    (c) => c.decided_pathway !== null && ['no-further-action', 'early-help'].includes(c.decided_pathway) && compareDates(c.received_on as PlainDate, yearAgo) > 0,
  ).length;
  const openedAt = cases.map((c) => new Date(c.opened_at).getTime()).sort((a, b) => a - b)[0];
  const childrensServices: ChildrensServicesFacts = {
    childProtectionForDomesticAbuse: cases.some((c) => c.stage === 'child-protection'),
    reReferralsWithoutProgress: reReferrals,
    monthsOpenForDomesticAbuse: openedAt === undefined ? 0 : Math.floor(((Date.parse(`${date}T12:00:00Z`) - openedAt) / 86_400_000) * MONTHS_PER_DAY),
  };
  const stored = latest?.professional_judgement;
  const latestJudgement: ProfessionalJudgement = stored?.refer ? { say: 'refer', reason: stored.reason } : null;
  return { date, checklists, incidents, earlierReferrals, childrensServices, incidentSources, latestJudgement };
}
