import { compareDates, type PlainDate } from '../calendar/plain-date.js';
import { hasDomesticAbuseFactor } from './codes.js';

/**
 * The thematic audit of repeat child protection plans (seed 000 found 64% of repeat plans were due to
 * domestic abuse): by period, how many children started a child protection plan, how many of those
 * plans were repeats (a second or later plan for the child), and how many repeats had a domestic abuse
 * factor (3A, 3B or 3C) at the last assessment before the plan started.
 */

export interface PlanStart {
  childId: string;
  caseId: string;
  planId: string;
  startedOn: PlainDate;
}

export interface AssessmentFactors {
  caseId: string;
  /** The day the factors were confirmed (the authorisation), or the start when not yet authorised. */
  on: PlainDate;
  factors: readonly string[];
}

export type Period = 'quarter' | 'year';

export interface PeriodCounts {
  period: string;
  plansStarted: number;
  repeatPlans: number;
  repeatsWithDomesticAbuse: number;
}

/** The label of the period a day falls in: "2025 Q1" (January to March) or the calendar year. */
export function periodOf(day: PlainDate, period: Period): string {
  const year = day.slice(0, 4);
  if (period === 'year') return year;
  return `${year} Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

export interface RepeatPlan extends PlanStart {
  domesticAbuse: boolean;
}

/** Each plan that is a repeat for its child, with whether domestic abuse was found at the assessment before it. */
export function repeatPlans(plans: readonly PlanStart[], assessments: readonly AssessmentFactors[]): RepeatPlan[] {
  const byChild = new Map<string, PlanStart[]>();
  for (const p of plans) byChild.set(p.childId, [...(byChild.get(p.childId) ?? []), p]);
  const repeats: RepeatPlan[] = [];
  for (const own of byChild.values()) {
    const sorted = [...own].sort((a, b) => compareDates(a.startedOn, b.startedOn) || a.planId.localeCompare(b.planId));
    for (const plan of sorted.slice(1)) {
      const before = assessments
        .filter((a) => a.caseId === plan.caseId && compareDates(a.on, plan.startedOn) <= 0)
        .sort((a, b) => compareDates(b.on, a.on))[0];
      repeats.push({ ...plan, domesticAbuse: before ? hasDomesticAbuseFactor(before.factors) : false });
    }
  }
  return repeats;
}

/** Counts by period, for plans starting from `from` to `to`, periods in order, each period with a plan. */
export function repeatPlanCounts(plans: readonly PlanStart[], assessments: readonly AssessmentFactors[], range: { from: PlainDate; to: PlainDate; period: Period }): PeriodCounts[] {
  const inRange = (d: PlainDate) => compareDates(d, range.from) >= 0 && compareDates(d, range.to) <= 0;
  const counts = new Map<string, PeriodCounts>();
  const row = (day: PlainDate) => {
    const key = periodOf(day, range.period);
    const found = counts.get(key) ?? { period: key, plansStarted: 0, repeatPlans: 0, repeatsWithDomesticAbuse: 0 };
    counts.set(key, found);
    return found;
  };
  for (const p of plans.filter((p) => inRange(p.startedOn))) row(p.startedOn).plansStarted++;
  for (const r of repeatPlans(plans, assessments).filter((r) => inRange(r.startedOn))) {
    const found = row(r.startedOn);
    found.repeatPlans++;
    if (r.domesticAbuse) found.repeatsWithDomesticAbuse++;
  }
  return [...counts.values()].sort((a, b) => a.period.localeCompare(b.period));
}
