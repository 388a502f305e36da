import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, plainDate } from '../calendar/plain-date.js';
import { defaultCalendar } from '../calendar/working-days.js';
import { checkAttendees, checkHappened, checkParts, processSteps, type ProcessFacts } from './child-protection.js';
import { dueStatus } from './due.js';

const cal = defaultCalendar;
const d = plainDate;
const none: ProcessFacts = { strategyDiscussions: [], enquiries: [], conferences: [], plans: [], reviews: [] };

/** A strategy discussion on Monday 14 December 2026, before Christmas and the new year's bank holidays. */
const discussion = { id: 'sd1', heldOn: d('2026-12-14'), decision: 'section-47' as const };
const enquiry = { id: 'e1', childId: 'c1', strategyDiscussionId: 'sd1', startedOn: d('2026-12-14'), outcome: 'conference' as const, outcomeOn: d('2026-12-22') };

describe('the child protection process', () => {
  it('has no steps before a strategy discussion, and only that one when it decided against an enquiry', () => {
    expect(processSteps(none, cal, d('2026-12-14'))).toEqual([]);
    const steps = processSteps({ ...none, strategyDiscussions: [{ ...discussion, decision: 'child-in-need' }] }, cal, d('2026-12-15'));
    expect(steps.map((s) => s.key)).toEqual(['strategy-discussion']);
  });

  it('wants the initial conference within 15 working days of the strategy discussion, across Christmas and New Year', () => {
    const steps = processSteps({ ...none, strategyDiscussions: [discussion], enquiries: [enquiry] }, cal, d('2026-12-23'));
    const icpc = steps.find((s) => s.key === 'initial-conference')!;
    // 25 and 28 December and 1 January are bank holidays: without them it would be 4 January.
    expect(icpc.due!.dueOn).toBe('2027-01-07');
    expect(icpc.due!.state).toBe('due');
    expect(icpc.due!.text).toBe('8 working days left');
    expect(processSteps({ ...none, strategyDiscussions: [discussion], enquiries: [enquiry] }, cal, d('2027-01-11')).find((s) => s.key === 'initial-conference')!.due!.text).toBe('Overdue by 2 working days');
  });

  it('counts from the last strategy discussion when there was more than one', () => {
    const second = { id: 'sd2', heldOn: d('2027-01-04'), decision: 'section-47' as const };
    const steps = processSteps({ ...none, strategyDiscussions: [discussion, second], enquiries: [{ ...enquiry, strategyDiscussionId: 'sd2', outcome: null, outcomeOn: null }] }, cal, d('2027-01-05'));
    expect(steps.find((s) => s.key === 'initial-conference')!.due!.dueOn).toBe('2027-01-25');
    expect(steps.find((s) => s.key === 'section-47')!.doneOn).toBeNull();
  });

  it('wants the first core group 10 working days after the conference, and the first review within 3 months, then every 6', () => {
    const facts: ProcessFacts = {
      ...none,
      strategyDiscussions: [discussion],
      enquiries: [enquiry],
      conferences: [{ id: 'c1', kind: 'initial', heldOn: d('2027-01-07'), decision: 'plan', planId: 'p1' }],
      plans: [{ id: 'p1', startedOn: d('2027-01-07'), endedOn: null, reviewBroughtForwardTo: null }],
    };
    const steps = processSteps(facts, cal, d('2027-01-08'));
    expect(steps.find((s) => s.key === 'initial-conference')!.due!.state).toBe('done-on-time');
    expect(steps.find((s) => s.key === 'first-core-group')!.due!.dueOn).toBe('2027-01-21');
    expect(steps.find((s) => s.key === 'review-conference')!.due!.dueOn).toBe('2027-04-07');
    const reviewed = processSteps({ ...facts, reviews: [{ planId: 'p1', kind: 'core-group', heldOn: d('2027-01-20') }, { planId: 'p1', kind: 'review-conference', heldOn: d('2027-04-01') }] }, cal, d('2027-04-02'));
    expect(reviewed.find((s) => s.key === 'first-core-group')!.due!.state).toBe('done-on-time');
    expect(reviewed.find((s) => s.key === 'review-conference')!.due!.dueOn).toBe('2027-10-01');
  });

  it('brings the next review forward after an incident, but never later than it was due', () => {
    const facts: ProcessFacts = { ...none, plans: [{ id: 'p1', startedOn: d('2027-01-07'), endedOn: null, reviewBroughtForwardTo: d('2027-02-10') }] };
    expect(processSteps(facts, cal, d('2027-02-01')).find((s) => s.key === 'review-conference')!.due!.dueOn).toBe('2027-02-10');
    const later = { ...facts, plans: [{ ...facts.plans[0]!, reviewBroughtForwardTo: d('2027-05-01') }] };
    expect(processSteps(later, cal, d('2027-02-01')).find((s) => s.key === 'review-conference')!.due!.dueOn).toBe('2027-04-07');
  });

  it('shows an ended plan as ended, with no review due, and leaves an earlier episode’s plan out of a new one', () => {
    const ended = { id: 'p1', startedOn: d('2026-01-07'), endedOn: d('2026-07-01'), reviewBroughtForwardTo: null };
    expect(processSteps({ ...none, plans: [ended] }, cal, d('2026-08-01')).map((s) => s.key)).toEqual(['first-core-group', 'plan-ended']);
    const steps = processSteps({ ...none, plans: [ended], strategyDiscussions: [discussion], enquiries: [enquiry] }, cal, d('2026-12-23'));
    expect(steps.map((s) => s.key)).toEqual(['strategy-discussion', 'section-47', 'initial-conference']);
  });

  it('gives every working-day deadline on a working day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 900 }), (n) => {
        const heldOn = addDays(d('2026-01-01'), n);
        const steps = processSteps({ ...none, strategyDiscussions: [{ ...discussion, heldOn }], enquiries: [{ ...enquiry, startedOn: heldOn, outcome: null, outcomeOn: null }] }, cal, heldOn);
        const icpc = steps.find((s) => s.key === 'initial-conference')!.due!;
        return cal.isWorkingDay(icpc.dueOn) && cal.workingDaysBetween(heldOn, icpc.dueOn) === 15;
      }),
    );
  });
});

describe('due dates in words', () => {
  it('says due today, days left, overdue, and done on time or late', () => {
    expect(dueStatus(cal, d('2027-01-07'), d('2027-01-07')).text).toBe('Due today');
    expect(dueStatus(cal, d('2027-01-06'), d('2027-01-07')).text).toBe('1 working day left');
    expect(dueStatus(cal, d('2027-01-08'), d('2027-01-07')).text).toBe('Overdue by 1 working day');
    expect(dueStatus(cal, d('2027-01-20'), d('2027-01-07'), d('2027-01-07')).text).toBe('Done on time');
    expect(dueStatus(cal, d('2027-01-20'), d('2027-01-07'), d('2027-01-11')).text).toBe('Done 2 working days late');
  });
});

describe('what is entered', () => {
  it('refuses a date in the future, or before the step it follows, naming the field', () => {
    expect(checkHappened('heldOn', d('2026-12-15'), d('2026-12-14'))).toEqual({ field: 'heldOn', message: 'The date must be today or in the past' });
    expect(checkHappened('heldOn', d('2026-12-10'), d('2026-12-14'), { on: d('2026-12-14'), what: 'the strategy discussion' })?.message).toBe('The date cannot be before the strategy discussion (14 December 2026)');
    expect(checkHappened('heldOn', d('2026-12-14'), d('2026-12-14'), { on: d('2026-12-14'), what: 'the strategy discussion' })).toBeNull();
  });

  it('wants a strategy discussion’s attendees from at least two agencies, each with a name', () => {
    expect(checkAttendees([{ agency: 'Police', name: 'DS Example' }, { agency: 'Children’s services', name: 'A Worker' }]).problem).toBeNull();
    expect(checkAttendees([{ agency: 'Police', name: 'DS Example' }, { agency: 'police', name: 'PC Other' }]).problem?.field).toBe('attendees');
    expect(checkAttendees([{ agency: 'Police', name: '' }, { agency: 'Health', name: 'Dr Example' }]).problem?.message).toContain('row 1');
    expect(checkAttendees([{ agency: ' ', name: ' ' }, { agency: 'Police', name: 'A' }, { agency: 'Health', name: 'B' }]).attendees).toHaveLength(2);
  });

  it('never lets the victim and the person causing harm attend the same part of a conference', () => {
    const part = (withVictim: boolean, withPersonCausingHarm: boolean, attendees = 'Chair, social worker') => ({ attendees, withVictim, withPersonCausingHarm });
    expect(checkParts(true, [part(true, false), part(false, true)])).toBeNull();
    expect(checkParts(true, [part(true, false)])?.field).toBe('parts');
    expect(checkParts(true, [part(true, false), part(false, true, '')])?.message).toBe('Say who attends each part');
    expect(checkParts(false, [part(true, true)])?.field).toBe('split');
    expect(checkParts(false, [part(true, false)])).toBeNull();
    fc.assert(
      fc.property(fc.boolean(), fc.array(fc.record({ withVictim: fc.boolean(), withPersonCausingHarm: fc.boolean(), attendees: fc.constantFrom('', 'Chair') }), { maxLength: 4 }), (split, parts) => {
        const accepted = checkParts(split, parts) === null;
        return !accepted || !parts.some((p) => p.withVictim && p.withPersonCausingHarm);
      }),
    );
  });
});
