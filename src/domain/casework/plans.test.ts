import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainDate } from '../calendar/plain-date.js';
import { checkAction, checkBringForward, checkPlanEnd, earlierPlans, onlyTheVictimActs, type ActionOwner } from './plans.js';

const d = plainDate;

describe('a plan that asks everything of the victim', () => {
  const victim: ActionOwner = { kind: 'person', role: 'adult-victim' };
  const harmer: ActionOwner = { kind: 'person', role: 'person-causing-harm' };
  const agency: ActionOwner = { kind: 'agency' };

  it('is flagged when the victim has actions and the person causing harm has none', () => {
    expect(onlyTheVictimActs([victim, agency], true)).toBe(true);
    expect(onlyTheVictimActs([victim, harmer], true)).toBe(false);
    expect(onlyTheVictimActs([agency], true)).toBe(false);
    expect(onlyTheVictimActs([victim], false)).toBe(false);
  });

  it('is never flagged once the person causing harm owns an action', () => {
    const owner = fc.constantFrom<ActionOwner>(victim, harmer, agency, { kind: 'person', role: 'other-adult' }, { kind: 'person', role: 'child' });
    fc.assert(fc.property(fc.array(owner), (owners) => !onlyTheVictimActs([...owners, harmer], true)));
  });
});

describe('a repeat plan', () => {
  it('finds the child’s earlier plans that ended before this one, newest first', () => {
    const plans = [
      { planId: 'a', startedOn: d('2023-01-10'), endedOn: d('2023-09-01'), category: 'emotional' as const },
      { planId: 'b', startedOn: d('2025-02-01'), endedOn: d('2025-08-01'), category: 'neglect' as const },
      { planId: 'c', startedOn: d('2026-11-01'), endedOn: null, category: 'emotional' as const },
    ];
    expect(earlierPlans({ planId: 'c', startedOn: d('2026-11-01') }, plans).map((p) => p.planId)).toEqual(['b', 'a']);
    expect(earlierPlans({ planId: 'a', startedOn: d('2023-01-10') }, plans)).toEqual([]);
  });
});

describe('what a plan is given', () => {
  const action = { need: 'The children see violence at home', action: 'Attend a perpetrator programme', dueOn: d('2027-02-01'), planStartedOn: d('2027-01-07'), ownerGiven: true };
  it('takes an action that answers a need, with an owner and a due date on or after the plan started', () => {
    expect(checkAction(action)).toBeNull();
    expect(checkAction({ ...action, need: ' ' })?.field).toBe('need');
    expect(checkAction({ ...action, ownerGiven: false })?.field).toBe('owner');
    expect(checkAction({ ...action, dueOn: null })?.field).toBe('dueOn');
    expect(checkAction({ ...action, dueOn: d('2027-01-06') })?.message).toBe('An action cannot be due before the plan started');
  });

  it('refuses a plan ending before it started, in the future, or without a reason', () => {
    expect(checkPlanEnd(d('2027-01-06'), d('2027-01-07'), d('2027-02-01'), 'Safe now')?.message).toBe('A plan cannot end before it started');
    expect(checkPlanEnd(d('2027-03-01'), d('2027-01-07'), d('2027-02-01'), 'Safe now')?.field).toBe('endedOn');
    expect(checkPlanEnd(d('2027-01-20'), d('2027-01-07'), d('2027-02-01'), ' ')?.field).toBe('reason');
    expect(checkPlanEnd(d('2027-01-20'), d('2027-01-07'), d('2027-02-01'), 'Safe now')).toBeNull();
  });

  it('brings a review forward only to a day from today and before it was due', () => {
    expect(checkBringForward(d('2027-02-10'), d('2027-02-01'), d('2027-04-07'))).toBeNull();
    expect(checkBringForward(d('2027-01-31'), d('2027-02-01'), d('2027-04-07'))?.field).toBe('reviewOn');
    expect(checkBringForward(d('2027-04-07'), d('2027-02-01'), d('2027-04-07'))?.field).toBe('reviewOn');
  });
});
