import type { PlainDate } from '../calendar/plain-date.js';
import { compareDates } from '../calendar/plain-date.js';
import { byYearEnd, overlapsYear, type CensusYear } from './year.js';
import {
  categoryCode,
  closureReasonCode,
  disabilityCodes,
  ethnicityCode,
  genderCode,
  isUpn,
  primaryNeedCode,
  referralSourceCode,
  upnUnknownCode,
} from './codes.js';

/** What the product holds about a child and their episodes, as the census feature reads it. */
export interface ChildFacts {
  personId: string;
  dateOfBirth: PlainDate | null;
  sex: string | null;
  ethnicity: string | null;
  disability: string | null;
  /** Identifiers recorded against an agency that is a UPN, if any. */
  upns: string[];
  /** The start of every child protection plan the child has been subject to, on any case. */
  cpPlanStarts: PlainDate[];
  episodes: EpisodeFacts[];
}

/** One case the child is a child member of: a CIN episode. */
export interface EpisodeFacts {
  caseId: string;
  caseReference: string;
  /** The first contact decided for children's social care on the case, else the case's opening. */
  referralDate: PlainDate;
  contactSource: string | null;
  abuseReported: boolean;
  closedOn: PlainDate | null;
  assessments: { id: string; startedOn: PlainDate; authorisedOn: PlainDate | null; factors: string[]; recommendation: string | null }[];
  /** The child's section 47 enquiries, with the strategy discussion each came from. */
  enquiries: { id: string; startedOn: PlainDate; strategyDiscussionOn: PlainDate; outcome: string | null }[];
  initialConferences: { id: string; heldOn: PlainDate }[];
  /** The plans the child is on. Reviews: review conferences and plan reviews of kind review-conference. */
  plans: { id: string; kind: 'child-in-need' | 'child-protection'; startedOn: PlainDate; endedOn: PlainDate | null; initialCategory: string | null; latestCategory: string | null; reviewDates: PlainDate[] }[];
}

/** Where a record came from, so that a problem can say what to fix. */
export interface Source {
  caseId: string;
  caseReference: string;
  kind: 'child' | 'case' | 'assessment' | 'section-47' | 'plan' | 'conference';
  id: string;
}

export interface CensusAssessment {
  source: Source;
  startDate: PlainDate;
  authorisationDate: PlainDate | null;
  factors: string[];
}

export interface CensusSection47 {
  source: Source;
  startDate: PlainDate;
  initialCpcTarget: PlainDate;
  dateOfInitialCpc: PlainDate | null;
  icpcNotRequired: boolean;
}

export interface CensusCpPlan {
  source: Source;
  startDate: PlainDate;
  endDate: PlainDate | null;
  initialCategory: string | null;
  latestCategory: string | null;
  numberOfPreviousCpp: number;
  reviewDates: PlainDate[];
}

export interface CensusEpisode {
  source: Source;
  referralDate: PlainDate;
  referralSource: string;
  primaryNeed: string;
  closureDate: PlainDate | null;
  reasonForClosure: string | null;
  /** An initial conference held with no section 47 enquiry on the episode (otherwise it is on the enquiry). */
  dateOfInitialCpc: PlainDate | null;
  assessments: CensusAssessment[];
  cinPlans: { source: Source; startDate: PlainDate; endDate: PlainDate | null }[];
  section47s: CensusSection47[];
  referralNfa: boolean;
  cpPlans: CensusCpPlan[];
}

export interface CensusChild {
  personId: string;
  laChildId: string;
  upn: string | null;
  upnUnknown: string | null;
  birthDate: PlainDate | null;
  gender: string;
  ethnicity: string;
  disabilities: string[];
  episodes: CensusEpisode[];
}

/** Working days on the tenant's calendar; the census needs only this of it. */
export interface Calendar {
  addWorkingDays(from: PlainDate, days: number): PlainDate;
  workingDaysBetween(from: PlainDate, to: PlainDate): number;
}

export const ICPC_WORKING_DAYS = 15;

/** LAchildID: the person's id without its hyphens, stable for as long as the record exists. */
export function laChildId(personId: string): string {
  return personId.replace(/-/g, '');
}

const earliest = (dates: PlainDate[]): PlainDate | null => [...dates].sort(compareDates)[0] ?? null;

function episodeRecord(child: ChildFacts, e: EpisodeFacts, year: CensusYear, calendar: Calendar): CensusEpisode {
  const at = (kind: Source['kind'], id: string): Source => ({ caseId: e.caseId, caseReference: e.caseReference, kind, id });
  const inYear = <T extends { startedOn: PlainDate }>(items: T[], endOf: (item: T) => PlainDate | null) => items.filter((i) => overlapsYear(year, i.startedOn, endOf(i)));
  const assessments = inYear(e.assessments, (a) => a.authorisedOn).map((a) => {
    const authorisedOn = byYearEnd(year, a.authorisedOn);
    // Factors are recorded when the assessment is completed; an assessment still open has none yet.
    return { source: at('assessment', a.id), startDate: a.startedOn, authorisationDate: authorisedOn, factors: authorisedOn ? [...a.factors] : [] };
  });
  const conferences = [...e.initialConferences].sort((a, b) => compareDates(a.heldOn, b.heldOn));
  const enquiries = e.enquiries.filter((s) => compareDates(s.startedOn, year.end) <= 0);
  const section47s = enquiries
    .map((s) => {
      const held = conferences.find((c) => compareDates(c.heldOn, s.startedOn) >= 0) ?? null;
      const heldOn = byYearEnd(year, held?.heldOn ?? null);
      return {
        source: at('section-47', s.id),
        startDate: s.startedOn,
        initialCpcTarget: calendar.addWorkingDays(s.strategyDiscussionOn, ICPC_WORKING_DAYS),
        dateOfInitialCpc: heldOn,
        icpcNotRequired: heldOn === null && (s.outcome === 'child-in-need' || s.outcome === 'no-further-action'),
      };
    })
    .filter((s) => overlapsYear(year, s.startDate, s.dateOfInitialCpc ?? (s.icpcNotRequired ? s.startDate : null)));
  const plans = e.plans.filter((p) => overlapsYear(year, p.startedOn, p.endedOn));
  const cpPlans = plans
    .filter((p) => p.kind === 'child-protection')
    .map((p) => ({
      source: at('plan', p.id),
      startDate: p.startedOn,
      endDate: byYearEnd(year, p.endedOn),
      initialCategory: categoryCode(p.initialCategory),
      latestCategory: categoryCode(p.latestCategory ?? p.initialCategory),
      numberOfPreviousCpp: child.cpPlanStarts.filter((d) => compareDates(d, p.startedOn) < 0).length,
      reviewDates: [...new Set(p.reviewDates)].filter((d) => compareDates(d, year.end) <= 0).sort(compareDates),
    }));
  const cinPlans = plans.filter((p) => p.kind === 'child-in-need').map((p) => ({ source: at('plan', p.id), startDate: p.startedOn, endDate: byYearEnd(year, p.endedOn) }));
  const closureDate = byYearEnd(year, e.closedOn);
  const allFactors = e.assessments.flatMap((a) => a.factors);
  const lastAssessment = [...e.assessments].sort((a, b) => compareDates(b.startedOn, a.startedOn))[0];
  const firstConference = earliest(conferences.map((c) => c.heldOn).filter((d) => compareDates(d, year.start) >= 0 && compareDates(d, year.end) <= 0));
  return {
    source: at('case', e.caseId),
    referralDate: e.referralDate,
    referralSource: referralSourceCode(e.contactSource),
    primaryNeed: primaryNeedCode({ abuseReported: e.abuseReported, childProtection: e.enquiries.length > 0 || e.plans.some((p) => p.kind === 'child-protection'), factors: allFactors }),
    closureDate,
    reasonForClosure: closureDate ? closureReasonCode({ lastRecommendation: lastAssessment?.recommendation ?? null, hadPlan: e.plans.length > 0 }) : null,
    dateOfInitialCpc: section47s.length === 0 ? firstConference : null,
    assessments,
    cinPlans,
    section47s,
    referralNfa: false,
    cpPlans,
  };
}

/**
 * The census records for a collection year: each child with a CIN episode open on any day of it, and
 * within each episode the assessments, plans, enquiries and conferences that touch the year. Dates
 * after the reference date (31 March) are left out: the census shows the records as they stood then.
 */
export function censusChildren(children: readonly ChildFacts[], year: CensusYear, calendar: Calendar): CensusChild[] {
  return children.flatMap((child) => {
    const episodes = child.episodes
      .filter((e) => overlapsYear(year, e.referralDate, e.closedOn))
      .sort((a, b) => compareDates(a.referralDate, b.referralDate))
      .map((e) => episodeRecord(child, e, year, calendar));
    if (!episodes.length) return [];
    const upn = child.upns.map((u) => u.trim().toUpperCase()).find(isUpn) ?? null;
    return [
      {
        personId: child.personId,
        laChildId: laChildId(child.personId),
        upn,
        upnUnknown: upn ? null : upnUnknownCode(child.dateOfBirth, year.end),
        birthDate: child.dateOfBirth,
        gender: genderCode(child.sex),
        ethnicity: ethnicityCode(child.ethnicity),
        disabilities: disabilityCodes(child.disability),
        episodes,
      },
    ];
  });
}
