import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, plainDate, type PlainDate } from '../calendar/plain-date.js';
import { bandFor, BandsError, DEFAULT_MARAC_SETTINGS, maracCriteria, MaracJudgementError, serviceForBand, type MaracQuestion } from './criteria.js';

const d = plainDate;
const on = '2026-11-23' as PlainDate;
const ask = (q: Partial<MaracQuestion>): MaracQuestion => ({ date: on, checklists: [], incidents: [], earlierReferrals: [], judgement: null, ...q });

describe('bands and services', () => {
  it('bands scores with the defaults: 14+ high, 10 to 13 medium, 0 to 9 standard', () => {
    const expected = (s: number) => (s >= 14 ? 'high' : s >= 10 ? 'medium' : 'standard');
    for (let score = 0; score <= 24; score++) expect(bandFor(score), String(score)).toBe(expected(score));
  });

  it('takes a local authority’s own bands, and refuses bands that make no sense or a score that is not a count', () => {
    expect(bandFor(12, { high: 12, medium: 8 })).toBe('high');
    expect(bandFor(8, { high: 12, medium: 8 })).toBe('medium');
    expect(() => bandFor(5, { high: 8, medium: 8 })).toThrow(BandsError);
    expect(() => bandFor(5, { high: 8, medium: 0 })).toThrow(BandsError);
    expect(() => bandFor(-1)).toThrow(RangeError);
    expect(() => bandFor(2.5)).toThrow(RangeError);
  });

  it('routes the victim by band: high to the IDSVA service, medium to floating support, standard to victim support', () => {
    expect(serviceForBand('high')).toBe('idsva');
    expect(serviceForBand('medium')).toBe('floating-support');
    expect(serviceForBand('standard')).toBe('victim-support');
  });
});

describe('visible high risk', () => {
  it('is met by the latest checklist on or before the date scoring 14 or more, with its id and score', () => {
    const answer = maracCriteria(ask({ checklists: [{ id: 'old', completedOn: d('2026-01-05'), score: 18 }, { id: 'new', completedOn: d('2026-11-01'), score: 15 }] }));
    expect(answer.met).toEqual([{ criterion: 'visible-high-risk', checklistId: 'new', score: 15 }]);
    expect(answer.refer).toBe(true);
  });

  it('looks only at the latest: an older high score does not count once a newer one is lower', () => {
    const answer = maracCriteria(ask({ checklists: [{ id: 'old', completedOn: d('2026-01-05'), score: 18 }, { id: 'new', completedOn: d('2026-11-01'), score: 13 }] }));
    expect(answer).toEqual({ refer: false, met: [], consider: [] });
  });

  it('ignores a checklist completed after the date', () => {
    expect(maracCriteria(ask({ checklists: [{ id: 'later', completedOn: d('2026-11-24'), score: 20 }] })).met).toEqual([]);
  });

  it('is met by exactly 14 and not by 13, on the day the checklist was completed', () => {
    expect(maracCriteria(ask({ checklists: [{ id: 'c', completedOn: on, score: 14 }] })).met).toEqual([{ criterion: 'visible-high-risk', checklistId: 'c', score: 14 }]);
    expect(maracCriteria(ask({ checklists: [{ id: 'c', completedOn: on, score: 13 }] })).met).toEqual([]);
  });

  it('trusts the band a checklist was given (another instrument’s own bands) over the default bands', () => {
    expect(maracCriteria(ask({ checklists: [{ id: 'c', completedOn: on, score: 4, band: 'high' }] })).met).toEqual([{ criterion: 'visible-high-risk', checklistId: 'c', score: 4 }]);
    expect(maracCriteria(ask({ checklists: [{ id: 'c', completedOn: on, score: 16, band: 'medium' }] })).met).toEqual([]);
  });
});

describe('professional judgement', () => {
  it('adds a referral with its reason, and needs one', () => {
    expect(maracCriteria(ask({ judgement: { say: 'refer', reason: ' Threats to the children at the school gate ' } })).met).toEqual([
      { criterion: 'professional-judgement', reason: 'Threats to the children at the school gate' },
    ]);
    expect(() => maracCriteria(ask({ judgement: { say: 'refer', reason: '  ' } }))).toThrow('Give the reason for referring on professional judgement');
  });

  it('can never lower a 14+ result: "do not refer" against one is refused with a clear message', () => {
    const q = ask({ checklists: [{ id: 'c', completedOn: d('2026-11-20'), score: 14 }], judgement: { say: 'do-not-refer', reason: 'She says things are calmer' } });
    expect(() => maracCriteria(q)).toThrow(MaracJudgementError);
    expect(() => maracCriteria(q)).toThrow(/scores 14, which meets the Marac criteria by itself/);
  });

  it('"do not refer" below 14 is recorded as no criterion', () => {
    expect(maracCriteria(ask({ checklists: [{ id: 'c', completedOn: d('2026-11-20'), score: 9 }], judgement: { say: 'do-not-refer', reason: 'Low risk' } })).met).toEqual([]);
  });
});

describe('potential escalation', () => {
  const incidents = (...dates: string[]) => dates.map((date, i) => ({ id: `i${i}`, occurredOn: d(date) }));

  it('is met by 3 incidents in the 12 months up to and including the date, listing them oldest first', () => {
    const answer = maracCriteria(ask({ incidents: incidents('2026-11-23', '2026-03-01', '2025-11-24') }));
    expect(answer.met).toEqual([{ criterion: 'potential-escalation', incidentIds: ['i2', 'i1', 'i0'], from: '2025-11-24', to: '2026-11-23' }]);
  });

  it('needs 3: two incidents in the window are not enough, a third is', () => {
    expect(maracCriteria(ask({ incidents: incidents('2026-01-10', '2026-06-01') })).met).toEqual([]);
    expect(maracCriteria(ask({ incidents: incidents('2026-01-10', '2026-06-01', '2026-11-22') })).met.map((m) => m.criterion)).toEqual(['potential-escalation']);
  });

  it('does not count an incident exactly 12 months before, or after the date', () => {
    expect(maracCriteria(ask({ incidents: incidents('2025-11-23', '2026-03-01', '2026-06-01') })).met).toEqual([]);
    expect(maracCriteria(ask({ incidents: incidents('2026-11-24', '2026-03-01', '2026-06-01') })).met).toEqual([]);
  });

  it('uses the local authority’s numbers', () => {
    const settings = { ...DEFAULT_MARAC_SETTINGS, escalationIncidents: 2, escalationMonths: 6 };
    expect(maracCriteria(ask({ incidents: incidents('2026-06-01', '2026-11-01') }), settings).met.map((m) => m.criterion)).toEqual(['potential-escalation']);
    expect(maracCriteria(ask({ incidents: incidents('2026-05-01', '2026-11-01') }), settings).met).toEqual([]);
  });
});

describe('repeat', () => {
  it('is met when an incident follows an earlier referral within 12 months, naming both', () => {
    const answer = maracCriteria(ask({ earlierReferrals: [{ id: 'r1', referredOn: d('2026-02-10') }], incidents: [{ id: 'x', occurredOn: d('2026-02-10') }, { id: 'y', occurredOn: d('2026-09-01') }] }));
    expect(answer.met).toEqual([{ criterion: 'repeat', referralId: 'r1', referredOn: '2026-02-10', incidentId: 'y', occurredOn: '2026-09-01' }]);
  });

  it('is not met by the incident on the day of the referral, nor one more than 12 months after it', () => {
    expect(maracCriteria(ask({ earlierReferrals: [{ id: 'r', referredOn: d('2025-06-01') }], incidents: [{ id: 'a', occurredOn: d('2025-06-01') }, { id: 'b', occurredOn: d('2026-06-02') }] })).met).toEqual([]);
    expect(maracCriteria(ask({ earlierReferrals: [{ id: 'r', referredOn: d('2025-06-01') }], incidents: [{ id: 'b', occurredOn: d('2026-06-01') }] })).met.map((m) => m.criterion)).toEqual(['repeat']);
  });

  it('needs the incident after the referral: incidents only before it make no repeat', () => {
    const referral = [{ id: 'r', referredOn: d('2026-05-01') }];
    expect(maracCriteria(ask({ earlierReferrals: referral, incidents: [{ id: 'before', occurredOn: d('2026-04-30') }] })).met).toEqual([]);
    expect(maracCriteria(ask({ earlierReferrals: referral, incidents: [{ id: 'after', occurredOn: d('2026-05-02') }] })).met.map((m) => m.criterion)).toEqual(['repeat']);
  });

  it('prefers the latest referral that has a further incident', () => {
    const answer = maracCriteria(ask({
      earlierReferrals: [{ id: 'first', referredOn: d('2025-12-01') }, { id: 'second', referredOn: d('2026-05-01') }],
      incidents: [{ id: 'after-second', occurredOn: d('2026-07-01') }],
    }));
    expect(answer.met).toEqual([{ criterion: 'repeat', referralId: 'second', referredOn: '2026-05-01', incidentId: 'after-second', occurredOn: '2026-07-01' }]);
  });

  it('ignores referrals on or after the date, and incidents after the date', () => {
    expect(maracCriteria(ask({ earlierReferrals: [{ id: 'r', referredOn: on }], incidents: [{ id: 'i', occurredOn: on }] })).met).toEqual([]);
    expect(maracCriteria(ask({ earlierReferrals: [{ id: 'r', referredOn: d('2026-10-01') }], incidents: [{ id: 'i', occurredOn: d('2026-11-30') }] })).met).toEqual([]);
  });
});

describe('children’s services prompts', () => {
  it('asks to consider Marac for child protection because of domestic abuse, repeated re-referrals, and long-term domestic abuse', () => {
    const answer = maracCriteria(ask({ childrensServices: { childProtectionForDomesticAbuse: true, reReferralsWithoutProgress: 3, monthsOpenForDomesticAbuse: 12 } }));
    expect(answer).toEqual({ refer: false, met: [], consider: ['child-protection-for-domestic-abuse', 're-referred-without-progress', 'long-term-domestic-abuse'] });
    expect(maracCriteria(ask({ childrensServices: { childProtectionForDomesticAbuse: false, reReferralsWithoutProgress: 2, monthsOpenForDomesticAbuse: 11 } })).consider).toEqual([]);
  });
});

describe('properties', () => {
  const day = fc.integer({ min: -800, max: 0 }).map((n) => addDays(on, n));
  const question = fc.record({
    checklists: fc.array(fc.record({ id: fc.uuid(), completedOn: day, score: fc.integer({ min: 0, max: 24 }) }), { maxLength: 4 }),
    incidents: fc.array(fc.record({ id: fc.uuid(), occurredOn: day }), { maxLength: 8 }),
    earlierReferrals: fc.array(fc.record({ id: fc.uuid(), referredOn: day }), { maxLength: 3 }),
  });

  it('refers exactly when some criterion is met, and every criterion appears at most once', () => {
    fc.assert(
      fc.property(question, (q) => {
        const answer = maracCriteria(ask(q));
        expect(answer.refer).toBe(answer.met.length > 0);
        const kinds = answer.met.map((m) => m.criterion);
        expect(new Set(kinds).size).toBe(kinds.length);
      }),
    );
  });

  it('professional judgement to refer only ever adds, and the evidence of the others is unchanged', () => {
    fc.assert(
      fc.property(question, (q) => {
        const without = maracCriteria(ask(q));
        const withJudgement = maracCriteria(ask({ ...q, judgement: { say: 'refer', reason: 'Worried' } }));
        expect(withJudgement.refer).toBe(true);
        expect(withJudgement.met.filter((m) => m.criterion !== 'professional-judgement')).toEqual(without.met);
      }),
    );
  });

  it('escalation evidence is every incident in the window and nothing else', () => {
    fc.assert(
      fc.property(question, (q) => {
        const escalation = maracCriteria(ask(q)).met.find((m) => m.criterion === 'potential-escalation');
        const inWindow = q.incidents.filter((i) => i.occurredOn >= addDays(on, -364) && i.occurredOn <= on);
        if (inWindow.length >= 3) expect(escalation && 'incidentIds' in escalation ? [...escalation.incidentIds].sort() : []).toEqual(inWindow.map((i) => i.id).sort());
        else expect(escalation).toBeUndefined();
      }),
    );
  });
});
