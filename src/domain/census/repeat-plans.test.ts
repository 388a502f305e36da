import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlainDate } from '../calendar/plain-date.js';
import { periodOf, repeatPlanCounts, repeatPlans, type PlanStart } from './repeat-plans.js';

const d = (text: string) => text as PlainDate;
const plan = (childId: string, caseId: string, planId: string, startedOn: string): PlanStart => ({ childId, caseId, planId, startedOn: d(startedOn) });

describe('repeat child protection plans', () => {
  const plans = [
    plan('amy', 'c1', 'p1', '2023-03-01'),
    plan('amy', 'c2', 'p2', '2024-05-10'),
    plan('ben', 'c2', 'p2', '2024-05-10'),
    plan('cal', 'c3', 'p3', '2024-02-01'),
    plan('cal', 'c3', 'p4', '2024-11-01'),
    plan('cal', 'c3', 'p5', '2025-02-01'),
  ];
  const assessments = [
    { caseId: 'c2', on: d('2024-05-01'), factors: ['3B', '4B'] },
    { caseId: 'c3', on: d('2024-10-01'), factors: ['1B'] },
    { caseId: 'c3', on: d('2025-01-15'), factors: ['3C'] },
    // After the plan: not the assessment before it.
    { caseId: 'c3', on: d('2024-11-02'), factors: ['3A'] },
  ];

  it('finds second and later plans for the same child, with domestic abuse at the assessment before each', () => {
    expect(repeatPlans(plans, assessments).map((r) => [r.childId, r.planId, r.domesticAbuse])).toEqual([
      ['amy', 'p2', true],
      ['cal', 'p4', false],
      ['cal', 'p5', true],
    ]);
  });

  it('counts by quarter and by year inside the range', () => {
    expect(repeatPlanCounts(plans, assessments, { from: d('2024-01-01'), to: d('2025-03-31'), period: 'quarter' })).toEqual([
      { period: '2024 Q1', plansStarted: 1, repeatPlans: 0, repeatsWithDomesticAbuse: 0 },
      { period: '2024 Q2', plansStarted: 2, repeatPlans: 1, repeatsWithDomesticAbuse: 1 },
      { period: '2024 Q4', plansStarted: 1, repeatPlans: 1, repeatsWithDomesticAbuse: 0 },
      { period: '2025 Q1', plansStarted: 1, repeatPlans: 1, repeatsWithDomesticAbuse: 1 },
    ]);
    expect(repeatPlanCounts(plans, assessments, { from: d('2023-01-01'), to: d('2025-12-31'), period: 'year' }).map((r) => [r.period, r.plansStarted, r.repeatPlans])).toEqual([
      ['2023', 1, 0],
      ['2024', 4, 2],
      ['2025', 1, 1],
    ]);
    expect(periodOf(d('2024-12-31'), 'quarter')).toBe('2024 Q4');
  });

  it('never counts more repeats than plans, nor more domestic abuse repeats than repeats', () => {
    const arb = fc.array(fc.record({ child: fc.constantFrom('a', 'b', 'c'), day: fc.integer({ min: 0, max: 900 }) }), { maxLength: 20 });
    fc.assert(
      fc.property(arb, (rows) => {
        const ps = rows.map((r, i) => plan(r.child, 'c', `p${i}`, new Date(Date.UTC(2023, 0, 1) + r.day * 86_400_000).toISOString().slice(0, 10)));
        const counts = repeatPlanCounts(ps, [{ caseId: 'c', on: d('2022-01-01'), factors: ['3B'] }], { from: d('2020-01-01'), to: d('2030-01-01'), period: 'year' });
        const total = counts.reduce((n, c) => n + c.plansStarted, 0);
        const children = new Set(rows.map((r) => r.child)).size;
        return total === rows.length && counts.reduce((n, c) => n + c.repeatPlans, 0) === rows.length - children && counts.every((c) => c.repeatsWithDomesticAbuse === c.repeatPlans);
      }),
    );
  });
});
