/**
 * One synthetic family, whole: its members and ties, where they lived, the notifications about them,
 * what the MASH and the case did with each, the risk checklists and the Marac referrals. Family
 * `serial` of a seed is the same family every time it is made for the same day (the history is
 * counted back from the day of the run, so the queue always holds recent contacts) and the same
 * tenant setup (its staff, indicators and bands); its ids depend on the tenant as well.
 */
import type { TriageChild } from '../domain/triage/threshold.js';
import { composeCaseHistory, type CaseHistory } from './case-history.js';
import { composeChecklists, type Checklist } from './checklists.js';
import { dateOf } from './days.js';
import { composeHousehold, type Household } from './family-members.js';
import { composeHomes, type Homes } from './homes.js';
import { composeIncidents, type IncidentHistory } from './incidents.js';
import { composeReferrals, type Referral } from './marac-referrals.js';
import { dramaMobile } from './places.js';
import { chance, rngFor } from './random.js';
import type { TenantSetup } from './staff.js';
import { syntheticId, type IdKey } from './synthetic-ids.js';

/** Share of families whose records are restricted (a member works for the council, a public figure): about 0.3% of people. */
export const RESTRICTED_SHARE = 0.003;

export interface GeneratorContext extends TenantSetup {
  seed: number;
  ids: IdKey;
  /** Day number of the day the history runs up to: everything happened before it. */
  today: number;
  /** Months after a Marac referral in which a further incident makes the next one a repeat. */
  repeatMonths: number;
}

export interface SyntheticFamily {
  serial: number;
  restricted: boolean;
  household: Household;
  homes: Homes;
  history: IncidentHistory;
  caseHistory: CaseHistory;
  checklists: Checklist[];
  referrals: Referral[];
  /** The victim's mobile, when on record. */
  phone: string | null;
  caseReference: string;
  ids: {
    people: string[];
    case: string;
    contacts: string[];
    checklists: string[];
    referrals: string[];
  };
}

export function caseReferenceOf(seed: number, serial: number): string {
  return `WA-S${seed}-${String(serial + 1).padStart(6, '0')}`;
}

export function composeFamily(ctx: GeneratorContext, serial: number): SyntheticFamily {
  const rng = rngFor(ctx.seed, serial);
  const id = (kind: Parameters<typeof syntheticId>[1], index: number) => syntheticId(ctx.ids, kind, serial, index);
  const restricted = chance(rng, RESTRICTED_SHARE);
  const household = composeHousehold(rng, ctx.seed, serial, ctx.today);
  const homes = composeHomes(rng, household, ctx.today);
  const history = composeIncidents(rng, ctx.seed, serial, household, homes, ctx.today);
  const people = household.members.map((m) => id('person', m.index));
  const caseId = id('case', 0);
  const contacts = history.incidents.map((i) => id('contact', i.index));
  const triageChildren = (incident: (typeof history.incidents)[number]): TriageChild[] =>
    incident.people.filter((m) => household.members[m]!.role === 'child').map((m) => ({ personId: people[m]!, dateOfBirth: dateOf(household.members[m]!.dateOfBirth) as TriageChild['dateOfBirth'], send: household.members[m]!.send }));
  const caseHistory = composeCaseHistory(rng, {
    incidents: history.incidents,
    awaiting: history.awaiting,
    caseId,
    contactIds: contacts,
    triageChildren,
    staff: ctx.staff,
    indicators: ctx.indicators,
    decisionDueBy: ctx.decisionDueBy,
    today: ctx.today,
  });
  const checklists = ctx.staff.recorder ? composeChecklists(rng, household, homes, history.incidents, ctx.bands, ctx.today) : [];
  const referrals = composeReferrals(rng, history.incidents, checklists, ctx.repeatMonths, ctx.today);
  return {
    serial,
    restricted,
    household,
    homes,
    history,
    caseHistory,
    checklists,
    referrals,
    phone: chance(rng, 0.6) ? dramaMobile(rng) : null,
    caseReference: caseReferenceOf(ctx.seed, serial),
    ids: {
      people,
      case: caseId,
      contacts,
      checklists: checklists.map((c) => id('riskAssessment', c.index)),
      referrals: referrals.map((r) => id('maracReferral', r.index)),
    },
  };
}
