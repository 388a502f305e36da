import { addMonths, compareDates, type PlainDate } from '../calendar/plain-date.js';
import type { Calendar, CensusChild, CensusEpisode, Source } from './records.js';
import type { CensusYear } from './year.js';

/**
 * The census validation rules as data. Each is named with the DfE's rule number where the DfE has one
 * (a Q at the end marks a query: the DfE asks for a reason rather than refusing the return); the
 * review timeliness check is Wraparound's own ("WA1"). A rule looks at one child's records and answers
 * the records that break it. docs/census.md lists them.
 */

export interface CensusProblem {
  rule: string;
  message: string;
  personId: string;
  laChildId: string;
  /** The record to fix: its case, and what kind of record it is on the case. */
  record: Source;
}

interface Context {
  year: CensusYear;
  calendar: Calendar;
}

type Found = { record: Source; detail?: string };

export interface CensusRule {
  code: string;
  /** What the rule asks, in plain English. */
  title: string;
  /** Whether the DfE refuses the return (error) or asks for a reason (query). */
  kind: 'error' | 'query';
  check(child: CensusChild, context: Context): Found[];
}

const each = <T>(child: CensusChild, pick: (e: CensusEpisode) => T[]): { episode: CensusEpisode; item: T }[] =>
  child.episodes.flatMap((episode) => pick(episode).map((item) => ({ episode, item })));
const before = (a: PlainDate, b: PlainDate) => compareDates(a, b) < 0;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** A day as people write it: 31 May 2024. */
export const spoken = (date: PlainDate) => `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
const firstSource = (child: CensusChild): Source => ({ ...child.episodes[0]!.source, kind: 'child', id: child.personId });

export const ASSESSMENT_WORKING_DAYS = 45;

export const CENSUS_RULES: readonly CensusRule[] = [
  {
    code: '8525',
    title: 'The child’s date of birth must be recorded',
    kind: 'error',
    check: (child) => (child.birthDate ? [] : [{ record: firstSource(child) }]),
  },
  {
    code: '8630',
    title: 'A case cannot close before its referral date',
    kind: 'error',
    check: (child) => child.episodes.filter((e) => e.closureDate && before(e.closureDate, e.referralDate)).map((e) => ({ record: e.source })),
  },
  {
    code: '8805',
    title: 'A closed case must have a reason for closure',
    kind: 'error',
    check: (child) => child.episodes.filter((e) => e.closureDate && !e.reasonForClosure).map((e) => ({ record: e.source })),
  },
  {
    code: '1103',
    title: 'An assessment cannot start before the referral date',
    kind: 'error',
    check: (child) => each(child, (e) => e.assessments).filter(({ episode, item }) => before(item.startDate, episode.referralDate)).map(({ item }) => ({ record: item.source })),
  },
  {
    code: '8608',
    title: 'An assessment cannot be authorised before it started',
    kind: 'error',
    check: (child) => each(child, (e) => e.assessments).filter(({ item }) => item.authorisationDate && before(item.authorisationDate, item.startDate)).map(({ item }) => ({ record: item.source })),
  },
  {
    code: '8670Q',
    title: 'An assessment started more than 45 working days before the end of the year has not been authorised',
    kind: 'query',
    check: (child, { year, calendar }) =>
      each(child, (e) => e.assessments)
        .filter(({ item }) => !item.authorisationDate && calendar.workingDaysBetween(item.startDate, year.end) > ASSESSMENT_WORKING_DAYS)
        .map(({ item }) => ({ record: item.source, detail: `started ${spoken(item.startDate)}` })),
  },
  {
    code: '8869',
    title: 'The factor “21 No factors identified” cannot be recorded with any other factor',
    kind: 'error',
    check: (child) => each(child, (e) => e.assessments).filter(({ item }) => item.factors.includes('21') && item.factors.length > 1).map(({ item }) => ({ record: item.source })),
  },
  {
    code: '8897',
    title: 'A completed assessment must record the factors identified',
    kind: 'error',
    check: (child, { year }) =>
      each(child, (e) => e.assessments)
        .filter(({ item }) => item.authorisationDate && compareDates(item.authorisationDate, year.start) >= 0 && item.factors.length === 0)
        .map(({ item }) => ({ record: item.source })),
  },
  {
    code: '2889',
    title: 'A section 47 enquiry cannot start before the referral date',
    kind: 'error',
    check: (child) => each(child, (e) => e.section47s).filter(({ episode, item }) => before(item.startDate, episode.referralDate)).map(({ item }) => ({ record: item.source })),
  },
  {
    code: '8675Q',
    title: 'A section 47 enquiry has no initial child protection conference within 15 working days of the strategy discussion, and no conference was found not to be needed',
    kind: 'query',
    check: (child, { year }) =>
      each(child, (e) => e.section47s)
        .filter(({ item }) => !item.icpcNotRequired && (item.dateOfInitialCpc ? before(item.initialCpcTarget, item.dateOfInitialCpc) : before(item.initialCpcTarget, year.end)))
        .map(({ item }) => ({ record: item.source, detail: `the conference was due by ${spoken(item.initialCpcTarget)}` })),
  },
  {
    code: '4011',
    title: 'A child in need plan cannot end before it started',
    kind: 'error',
    check: (child) => each(child, (e) => e.cinPlans).filter(({ item }) => item.endDate && before(item.endDate, item.startDate)).map(({ item }) => ({ record: item.source })),
  },
  {
    code: '1105',
    title: 'A child protection plan cannot start before the referral date',
    kind: 'error',
    check: (child) => each(child, (e) => e.cpPlans).filter(({ episode, item }) => before(item.startDate, episode.referralDate)).map(({ item }) => ({ record: item.source })),
  },
  {
    code: '8925',
    title: 'A child protection plan cannot end before it started',
    kind: 'error',
    check: (child) => each(child, (e) => e.cpPlans).filter(({ item }) => item.endDate && before(item.endDate, item.startDate)).map(({ item }) => ({ record: item.source })),
  },
  {
    code: '8840',
    title: 'A child protection plan cannot start and end on the same day',
    kind: 'error',
    check: (child) => each(child, (e) => e.cpPlans).filter(({ item }) => item.endDate === item.startDate).map(({ item }) => ({ record: item.source })),
  },
  {
    code: '8905',
    title: 'A child protection plan must have the category of abuse it started with',
    kind: 'error',
    check: (child) => each(child, (e) => e.cpPlans).filter(({ item }) => !item.initialCategory).map(({ item }) => ({ record: item.source })),
  },
  {
    code: '8910',
    title: 'A child protection plan must have its latest category of abuse',
    kind: 'error',
    check: (child) => each(child, (e) => e.cpPlans).filter(({ item }) => !item.latestCategory).map(({ item }) => ({ record: item.source })),
  },
  {
    code: '8935',
    title: 'A child cannot be on more than one open child protection plan at a time',
    kind: 'error',
    check: (child) => child.episodes.filter((e) => e.cpPlans.filter((p) => !p.endDate).length > 1).map((e) => ({ record: e.source })),
  },
  {
    code: '8841',
    title: 'A review cannot be held on or before the day the child protection plan started',
    kind: 'error',
    check: (child) => each(child, (e) => e.cpPlans).filter(({ item }) => item.reviewDates.some((d) => compareDates(d, item.startDate) <= 0)).map(({ item }) => ({ record: item.source })),
  },
  {
    code: 'WA1',
    title: 'A child protection plan must be reviewed within 3 months of starting, then at least every 6 months',
    kind: 'query',
    check: (child, { year }) =>
      each(child, (e) => e.cpPlans).flatMap(({ item }) => {
        const late = lateReview(item.startDate, item.reviewDates, item.endDate ?? year.end);
        return late ? [{ record: item.source, detail: `a review was due by ${spoken(late)}` }] : [];
      }),
  },
];

/**
 * The first review due date that was missed: the first review is due within 3 months of the plan's
 * start, each later one within 6 months of the one before. Checked up to `until` (the plan's end, or
 * the end of the year).
 */
export function lateReview(start: PlainDate, reviews: readonly PlainDate[], until: PlainDate): PlainDate | null {
  let due = addMonths(start, 3);
  for (const review of [...reviews].filter((d) => compareDates(d, start) > 0).sort(compareDates)) {
    if (compareDates(review, due) > 0) return due;
    due = addMonths(review, 6);
  }
  return compareDates(due, until) < 0 ? due : null;
}

/** Every problem in the census records, rule by rule, in the order of the rules and then of the children. */
export function censusProblems(children: readonly CensusChild[], year: CensusYear, calendar: Calendar): CensusProblem[] {
  return CENSUS_RULES.flatMap((rule) =>
    children.flatMap((child) =>
      rule.check(child, { year, calendar }).map((found) => ({
        rule: rule.code,
        message: found.detail ? `${rule.title} (${found.detail})` : rule.title,
        personId: child.personId,
        laChildId: child.laChildId,
        record: found.record,
      })),
    ),
  );
}

export function ruleOf(code: string): CensusRule | undefined {
  return CENSUS_RULES.find((r) => r.code === code);
}
