import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../calendar/working-days.js';
import type { PlainDate } from '../calendar/plain-date.js';
import type { CensusChild, CensusCpPlan, CensusEpisode, Source } from './records.js';
import { CENSUS_RULES, censusProblems, lateReview } from './rules.js';
import { censusYear } from './year.js';

const d = (text: string) => text as PlainDate;
const Y = censusYear('2025');
const src = (kind: Source['kind'], id: string = kind): Source => ({ caseId: 'case-1', caseReference: 'C-1', kind, id });

function cpPlan(over: Partial<CensusCpPlan> = {}): CensusCpPlan {
  return { source: src('plan', 'cp'), startDate: d('2024-06-03'), endDate: null, initialCategory: 'EMO', latestCategory: 'EMO', numberOfPreviousCpp: 0, reviewDates: [d('2024-08-20'), d('2025-01-20')], ...over };
}

function ep(over: Partial<CensusEpisode> = {}): CensusEpisode {
  return {
    source: src('case', 'case-1'),
    referralDate: d('2024-05-01'),
    referralSource: '6',
    primaryNeed: 'N1',
    closureDate: null,
    reasonForClosure: null,
    dateOfInitialCpc: null,
    assessments: [{ source: src('assessment', 'as'), startDate: d('2024-05-02'), authorisationDate: d('2024-06-01'), factors: ['3B'] }],
    cinPlans: [],
    section47s: [{ source: src('section-47', 's47'), startDate: d('2024-05-10'), initialCpcTarget: d('2024-05-31'), dateOfInitialCpc: d('2024-05-30'), icpcNotRequired: false }],
    referralNfa: false,
    cpPlans: [cpPlan()],
    ...over,
  };
}

function kid(over: Partial<CensusChild> = {}, episode: Partial<CensusEpisode> = {}): CensusChild {
  return { personId: 'p', laChildId: 'p', upn: null, upnUnknown: 'UN5', birthDate: d('2015-01-01'), gender: '2', ethnicity: 'WBRI', disabilities: [], episodes: [ep(episode)], ...over };
}

const rulesBroken = (child: CensusChild) => censusProblems([child], Y, defaultCalendar).map((p) => p.rule);

describe('the census rules', () => {
  it('are at least ten, each with a unique code and a plain title', () => {
    expect(CENSUS_RULES.length).toBeGreaterThanOrEqual(10);
    expect(new Set(CENSUS_RULES.map((r) => r.code)).size).toBe(CENSUS_RULES.length);
    for (const r of CENSUS_RULES) expect(r.title).toMatch(/^[A-Z].*[^.]$/);
  });

  it('find nothing wrong with a sound record', () => {
    expect(rulesBroken(kid())).toEqual([]);
  });

  // One broken record per rule: each is found by its rule alone, and names the record to fix.
  const breaches: [string, CensusChild, Source['kind']][] = [
    ['8525', kid({ birthDate: null }), 'child'],
    ['8630', kid({}, { closureDate: d('2024-04-30'), reasonForClosure: 'RC7', cpPlans: [], assessments: [], section47s: [] }), 'case'],
    ['8805', kid({}, { closureDate: d('2025-01-30'), reasonForClosure: null }), 'case'],
    ['1103', kid({}, { assessments: [{ source: src('assessment'), startDate: d('2024-04-30'), authorisationDate: d('2024-05-30'), factors: ['3B'] }] }), 'assessment'],
    ['8608', kid({}, { assessments: [{ source: src('assessment'), startDate: d('2024-06-30'), authorisationDate: d('2024-06-01'), factors: ['3B'] }] }), 'assessment'],
    ['8670Q', kid({}, { assessments: [{ source: src('assessment'), startDate: d('2024-12-02'), authorisationDate: null, factors: [] }] }), 'assessment'],
    ['8869', kid({}, { assessments: [{ source: src('assessment'), startDate: d('2024-05-02'), authorisationDate: d('2024-06-01'), factors: ['21', '3B'] }] }), 'assessment'],
    ['8897', kid({}, { assessments: [{ source: src('assessment'), startDate: d('2024-05-02'), authorisationDate: d('2024-06-01'), factors: [] }] }), 'assessment'],
    ['2889', kid({}, { section47s: [{ source: src('section-47'), startDate: d('2024-04-20'), initialCpcTarget: d('2024-05-13'), dateOfInitialCpc: d('2024-05-10'), icpcNotRequired: false }] }), 'section-47'],
    ['8675Q', kid({}, { section47s: [{ source: src('section-47'), startDate: d('2024-05-10'), initialCpcTarget: d('2024-05-31'), dateOfInitialCpc: null, icpcNotRequired: false }] }), 'section-47'],
    ['4011', kid({}, { cinPlans: [{ source: src('plan'), startDate: d('2024-07-01'), endDate: d('2024-06-01') }] }), 'plan'],
    ['1105', kid({}, { cpPlans: [cpPlan({ startDate: d('2024-04-20'), reviewDates: [d('2024-07-01'), d('2024-12-01')] })] }), 'plan'],
    ['8925', kid({}, { cpPlans: [cpPlan({ endDate: d('2024-06-01'), reviewDates: [] })] }), 'plan'],
    ['8840', kid({}, { cpPlans: [cpPlan({ endDate: d('2024-06-03'), reviewDates: [] })] }), 'plan'],
    ['8905', kid({}, { cpPlans: [cpPlan({ initialCategory: null })] }), 'plan'],
    ['8910', kid({}, { cpPlans: [cpPlan({ latestCategory: null })] }), 'plan'],
    ['8935', kid({}, { cpPlans: [cpPlan(), cpPlan({ source: src('plan', 'cp2') })] }), 'case'],
    ['8841', kid({}, { cpPlans: [cpPlan({ reviewDates: [d('2024-06-03'), d('2024-08-20'), d('2025-01-20')] })] }), 'plan'],
    ['WA1', kid({}, { cpPlans: [cpPlan({ reviewDates: [d('2024-09-20'), d('2025-01-20')] })] }), 'plan'],
  ];

  it.each(breaches)('%s is found, and only it', (code, child, kind) => {
    const problems = censusProblems([child], Y, defaultCalendar);
    expect(problems.map((p) => p.rule)).toEqual([code]);
    expect(problems[0]!.record.kind).toBe(kind);
    expect(problems[0]!.record.caseId).toBe('case-1');
    expect(problems[0]!.message.length).toBeGreaterThan(20);
  });

  it('covers every rule with a breach above', () => {
    expect(new Set(breaches.map(([code]) => code))).toEqual(new Set(CENSUS_RULES.map((r) => r.code)));
  });

  it('8670Q counts working days on the calendar: 45 working days before 31 March 2025 is not yet late', () => {
    const start = defaultCalendar.addWorkingDays(d('2025-03-31'), -45);
    const open = (startDate: PlainDate) => kid({}, { assessments: [{ source: src('assessment'), startDate, authorisationDate: null, factors: [] }] });
    expect(rulesBroken(open(start))).toEqual([]);
    expect(rulesBroken(open(defaultCalendar.addWorkingDays(start, -1)))).toEqual(['8670Q']);
  });

  it('8675Q: an enquiry whose conference was not needed, or held in time, is not a problem; one held late is', () => {
    const s47 = (dateOfInitialCpc: PlainDate | null, icpcNotRequired: boolean) => kid({}, { section47s: [{ source: src('section-47'), startDate: d('2024-05-10'), initialCpcTarget: d('2024-05-31'), dateOfInitialCpc, icpcNotRequired }] });
    expect(rulesBroken(s47(null, true))).toEqual([]);
    expect(rulesBroken(s47(d('2024-05-31'), false))).toEqual([]);
    expect(rulesBroken(s47(d('2024-06-03'), false))).toEqual(['8675Q']);
  });
});

describe('review timeliness', () => {
  it('wants the first review within 3 months, then every 6 months, up to the end', () => {
    expect(lateReview(d('2024-06-03'), [d('2024-09-03'), d('2025-03-03')], d('2025-03-31'))).toBeNull();
    expect(lateReview(d('2024-06-03'), [d('2024-09-04')], d('2025-03-31'))).toBe('2024-09-03');
    expect(lateReview(d('2024-06-03'), [d('2024-09-03')], d('2025-03-31'))).toBe('2025-03-03');
    expect(lateReview(d('2024-06-03'), [], d('2024-08-01'))).toBeNull();
  });

  it('is never late when a review is held every month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 24 }), (offset, months) => {
        const start = new Date(Date.UTC(2023, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10) as PlainDate;
        const reviews = Array.from({ length: months }, (_, i) => {
          const r = new Date(`${start}T00:00:00Z`);
          r.setUTCDate(r.getUTCDate() + 28 * (i + 1));
          return r.toISOString().slice(0, 10) as PlainDate;
        });
        const until = reviews[reviews.length - 1]!;
        return lateReview(start, reviews, until) === null;
      }),
    );
  });
});

describe('the messages', () => {
  it('write days as people do, never as 2024-05-31', () => {
    const late = kid({}, { section47s: [{ source: src('section-47'), startDate: d('2024-05-10'), initialCpcTarget: d('2024-05-31'), dateOfInitialCpc: null, icpcNotRequired: false }] });
    const [problem] = censusProblems([late], Y, defaultCalendar);
    expect(problem!.message).toContain('due by 31 May 2024');
    expect(problem!.message).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});
