import { addDays, addMonths, compareDates, type PlainDate } from '../calendar/plain-date.js';
import type { DaServiceReferral } from '../contacts/contact.js';

/**
 * The Marac referral criteria (any one is enough) and the children's-services prompts to consider a
 * Marac, for one victim on one date. Pure: the caller gathers the checklists, incidents and earlier
 * referrals; this says which criteria are met and shows the evidence for each.
 */

export type RiskBand = 'high' | 'medium' | 'standard';

/** The lowest score of each band; a local authority may set its own. */
export interface Bands {
  high: number;
  medium: number;
}

export const DEFAULT_BANDS: Bands = { high: 14, medium: 10 };

export interface MaracSettings {
  bands: Bands;
  /** Potential escalation: this many incidents or more ... */
  escalationIncidents: number;
  /** ... in this many months up to the date. */
  escalationMonths: number;
  /** Repeat: an incident within this many months after an earlier referral. */
  repeatMonths: number;
  /** Consider Marac: re-referred for domestic abuse this many times or more without progress. */
  reReferralsWithoutProgress: number;
  /** Consider Marac: domestic abuse has kept the case open this many months or more. */
  longTermMonths: number;
}

export const DEFAULT_MARAC_SETTINGS: MaracSettings = {
  bands: DEFAULT_BANDS,
  escalationIncidents: 3,
  escalationMonths: 12,
  repeatMonths: 12,
  reReferralsWithoutProgress: 3,
  longTermMonths: 12,
};

export class BandsError extends Error {}

/** The band of a checklist score. */
export function bandFor(score: number, bands: Bands = DEFAULT_BANDS): RiskBand {
  if (!Number.isInteger(score) || score < 0) throw new RangeError('A checklist score is a whole number from 0');
  if (!(bands.medium > 0 && bands.high > bands.medium)) throw new BandsError('The high band must start above the medium band, and both above 0');
  return score >= bands.high ? 'high' : score >= bands.medium ? 'medium' : 'standard';
}

/** Where the victim is referred for support, by the level of risk. */
export function serviceForBand(band: RiskBand): Exclude<DaServiceReferral, 'none'> {
  return band === 'high' ? 'idsva' : band === 'medium' ? 'floating-support' : 'victim-support';
}

export interface CompletedChecklist {
  id: string;
  completedOn: PlainDate;
  score: number;
  /** The band it was given when completed (its instrument's or the tenant's bands); absent: from the settings' bands. */
  band?: RiskBand;
}

export interface Incident {
  id: string;
  occurredOn: PlainDate;
}

export interface EarlierReferral {
  id: string;
  referredOn: PlainDate;
}

export type ProfessionalJudgement = { say: 'refer'; reason: string } | { say: 'do-not-refer'; reason: string } | null;

export interface ChildrensServicesFacts {
  /** A child protection response is needed because of high levels of domestic abuse. */
  childProtectionForDomesticAbuse: boolean;
  /** How many times the case was re-referred for domestic abuse without progress. */
  reReferralsWithoutProgress: number;
  /** How many months domestic abuse has kept the case open. */
  monthsOpenForDomesticAbuse: number;
}

export interface MaracQuestion {
  date: PlainDate;
  checklists: readonly CompletedChecklist[];
  incidents: readonly Incident[];
  earlierReferrals: readonly EarlierReferral[];
  judgement: ProfessionalJudgement;
  childrensServices?: ChildrensServicesFacts;
}

export type CriterionMet =
  | { criterion: 'visible-high-risk'; checklistId: string; score: number }
  | { criterion: 'professional-judgement'; reason: string }
  | { criterion: 'potential-escalation'; incidentIds: string[]; from: PlainDate; to: PlainDate }
  | { criterion: 'repeat'; referralId: string; referredOn: PlainDate; incidentId: string; occurredOn: PlainDate };

export type ConsiderMarac = 'child-protection-for-domestic-abuse' | 're-referred-without-progress' | 'long-term-domestic-abuse';

export interface MaracAnswer {
  /** True when any criterion is met. */
  refer: boolean;
  met: CriterionMet[];
  /** Prompts for children's services to consider a referral; they are not criteria. */
  consider: ConsiderMarac[];
}

export class MaracJudgementError extends Error {}

const onOrBefore = (a: PlainDate, b: PlainDate) => compareDates(a, b) <= 0;

/** The latest checklist completed on or before the date; on the same day, the later in the list. */
function latestChecklist(checklists: readonly CompletedChecklist[], date: PlainDate): CompletedChecklist | null {
  return checklists.filter((c) => onOrBefore(c.completedOn, date)).reduce<CompletedChecklist | null>((best, c) => (!best || compareDates(c.completedOn, best.completedOn) >= 0 ? c : best), null);
}

function byDate<T>(dateOf: (x: T) => PlainDate) {
  return (a: T, b: T) => compareDates(dateOf(a), dateOf(b));
}

/** Which Marac criteria are met for this victim on this date, with the evidence for each. */
export function maracCriteria(q: MaracQuestion, settings: MaracSettings = DEFAULT_MARAC_SETTINGS): MaracAnswer {
  const met: CriterionMet[] = [];

  const latest = latestChecklist(q.checklists, q.date);
  const highRisk = latest !== null && (latest.band ?? bandFor(latest.score, settings.bands)) === 'high';
  if (latest && highRisk) met.push({ criterion: 'visible-high-risk', checklistId: latest.id, score: latest.score });

  if (q.judgement) {
    const reason = q.judgement.reason.trim();
    if (q.judgement.say === 'do-not-refer' && highRisk) {
      throw new MaracJudgementError(
        `The latest checklist scores ${latest.score}, which meets the Marac criteria by itself. Professional judgement can add a referral, never remove one.`,
      );
    }
    if (q.judgement.say === 'refer') {
      if (!reason) throw new MaracJudgementError('Give the reason for referring on professional judgement');
      met.push({ criterion: 'professional-judgement', reason });
    }
  }

  // Potential escalation: incidents in the months up to and including the date.
  const from = addDays(addMonths(q.date, -settings.escalationMonths), 1);
  const recent = q.incidents.filter((i) => onOrBefore(from, i.occurredOn) && onOrBefore(i.occurredOn, q.date)).sort(byDate((i: Incident) => i.occurredOn));
  if (recent.length >= settings.escalationIncidents) met.push({ criterion: 'potential-escalation', incidentIds: recent.map((i) => i.id), from, to: q.date });

  // Repeat: after an earlier referral, a further incident within the months that follow it (by the date).
  const referrals = q.earlierReferrals.filter((r) => compareDates(r.referredOn, q.date) < 0).sort(byDate((r: EarlierReferral) => r.referredOn)).reverse();
  for (const referral of referrals) {
    const until = addMonths(referral.referredOn, settings.repeatMonths);
    const further = q.incidents
      .filter((i) => compareDates(i.occurredOn, referral.referredOn) > 0 && onOrBefore(i.occurredOn, until) && onOrBefore(i.occurredOn, q.date))
      .sort(byDate((i: Incident) => i.occurredOn))[0];
    if (further) {
      met.push({ criterion: 'repeat', referralId: referral.id, referredOn: referral.referredOn, incidentId: further.id, occurredOn: further.occurredOn });
      break;
    }
  }

  const consider: ConsiderMarac[] = [];
  const cs = q.childrensServices;
  if (cs) {
    if (cs.childProtectionForDomesticAbuse) consider.push('child-protection-for-domestic-abuse');
    if (cs.reReferralsWithoutProgress >= settings.reReferralsWithoutProgress) consider.push('re-referred-without-progress');
    if (cs.monthsOpenForDomesticAbuse >= settings.longTermMonths) consider.push('long-term-domestic-abuse');
  }
  return { refer: met.length > 0, met, consider };
}
