import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCaseEvent, CASE_STAGES, CaseEventError, deriveCaseState, needsApproval, type CaseEvent } from './case-events.js';

const at = (day: number) => new Date(Date.UTC(2026, 10, day, 9));
const by = 'worker-1';

describe('case state from events', () => {
  it('holds each incident sent to the case until its review is recorded', () => {
    const opened: CaseEvent = { type: 'opened', at: at(1), by, stage: 'child-in-need' };
    const reported = deriveCaseState([opened, { type: 'incident-reported', at: at(2), by, contactId: 'c1' }, { type: 'incident-reported', at: at(3), by, contactId: 'c2' }]);
    expect(reported.incidentsToReview).toEqual(['c1', 'c2']);
    const reviewed = applyCaseEvent(reported, { type: 'incident-reviewed', at: at(4), by, contactId: 'c1', note: 'Safety plan updated with the new bail conditions' });
    expect(reviewed.incidentsToReview).toEqual(['c2']);
    expect(() => applyCaseEvent(reviewed, { type: 'incident-reviewed', at: at(5), by, contactId: 'c1', note: 'again' })).toThrow(/no incident waiting/);
    expect(() => applyCaseEvent(reviewed, { type: 'incident-reviewed', at: at(5), by, contactId: 'c2', note: ' ' })).toThrow(/what you reviewed/);
    expect(() => applyCaseEvent(reviewed, { type: 'incident-reported', at: at(5), by, contactId: 'c2' })).toThrow(/already on the case/);
  });

  it('opens, allocates, changes stage, closes and reopens', () => {
    const events: CaseEvent[] = [
      { type: 'opened', at: at(1), by, stage: 'assessment' },
      { type: 'allocated', at: at(2), by, workerId: 'sw', teamId: 'team' },
      { type: 'stage-changed', at: at(3), by, stage: 'child-protection' },
      { type: 'note-added', at: at(4), by, noteId: 'n1' },
      { type: 'closed', at: at(5), by, reason: 'Plan ended' },
    ];
    const closed = deriveCaseState(events);
    expect(closed).toMatchObject({ status: 'closed', stage: 'child-protection', workerId: 'sw', teamId: 'team', closedAt: at(5), timesReopened: 0 });
    const reopened = deriveCaseState([...events, { type: 'reopened', at: at(6), by, reason: 'New incident' }]);
    expect(reopened).toMatchObject({ status: 'open', closedAt: null, timesReopened: 1, lastActivityAt: at(6), openedAt: at(1) });
  });

  it('refuses events that make no sense', () => {
    const open = applyCaseEvent(null, { type: 'opened', at: at(1), by, stage: 'early-help' });
    const closed = applyCaseEvent(open, { type: 'closed', at: at(2), by, reason: 'Done' });
    expect(() => applyCaseEvent(null, { type: 'note-added', at: at(1), by, noteId: 'x' })).toThrow(CaseEventError);
    expect(() => applyCaseEvent(open, { type: 'opened', at: at(2), by, stage: 'early-help' })).toThrow(/already open/);
    expect(() => applyCaseEvent(open, { type: 'reopened', at: at(2), by, reason: 'x' })).toThrow(/already open/);
    expect(() => applyCaseEvent(closed, { type: 'closed', at: at(3), by, reason: 'x' })).toThrow(/already closed/);
    expect(() => applyCaseEvent(closed, { type: 'allocated', at: at(3), by, workerId: 'w', teamId: null })).toThrow(/reopen/);
    expect(() => applyCaseEvent(closed, { type: 'stage-changed', at: at(3), by, stage: 'assessment' })).toThrow(/reopen/);
    expect(() => applyCaseEvent(open, { type: 'stage-changed', at: at(3), by, stage: 'early-help' })).toThrow(/already at this stage/);
    expect(() => applyCaseEvent(open, { type: 'closed', at: at(3), by, reason: '  ' })).toThrow(/reason/);
    expect(() => applyCaseEvent(closed, { type: 'reopened', at: at(3), by, reason: '' })).toThrow(/reason/);
    expect(() => applyCaseEvent(open, { type: 'note-added', at: at(0), by, noteId: 'x' })).toThrow(/time order/);
    expect(() => deriveCaseState([])).toThrow(CaseEventError);
  });

  it('keeps notes on a closed case without reopening it', () => {
    const state = deriveCaseState([
      { type: 'opened', at: at(1), by, stage: 'early-help' },
      { type: 'closed', at: at(2), by, reason: 'Done' },
      { type: 'note-added', at: at(3), by, noteId: 'late' },
    ]);
    expect(state.status).toBe('closed');
  });

  it('is open exactly when the last close/reopen event is a reopen (or there is none)', () => {
    const step = fc.constantFrom('close', 'reopen', 'note', 'stage');
    fc.assert(
      fc.property(fc.array(step, { maxLength: 20 }), (steps) => {
        const events: CaseEvent[] = [{ type: 'opened', at: at(1), by, stage: 'assessment' }];
        let open = true;
        let stage = 0;
        steps.forEach((s, i) => {
          const when = new Date(at(2).getTime() + i * 60_000);
          if (s === 'close' && open) {
            events.push({ type: 'closed', at: when, by, reason: 'r' });
            open = false;
          } else if (s === 'reopen' && !open) {
            events.push({ type: 'reopened', at: when, by, reason: 'r' });
            open = true;
          } else if (s === 'stage' && open) {
            stage = (stage + 1) % CASE_STAGES.length;
            if (CASE_STAGES[stage] === 'assessment') stage = (stage + 1) % CASE_STAGES.length;
            events.push({ type: 'stage-changed', at: when, by, stage: CASE_STAGES[stage]! });
          } else {
            events.push({ type: 'note-added', at: when, by, noteId: String(i) });
          }
        });
        expect(deriveCaseState(events).status).toBe(open ? 'open' : 'closed');
      }),
    );
  });
});

describe('changes that need the team manager’s approval', () => {
  it('closing always, and stepping down only from child in need or child protection, for every pair of stages', () => {
    const level = { 'early-help': 1, assessment: 2, 'child-in-need': 2, 'child-protection': 3 } as const;
    for (const from of CASE_STAGES) {
      expect(needsApproval({ stage: from }, { type: 'closed' })).toBe(true);
      for (const to of CASE_STAGES) {
        expect(needsApproval({ stage: from }, { type: 'stage-changed', stage: to }), `${from} to ${to}`).toBe(level[to] < level[from] && level[from] >= 2);
      }
    }
  });

  it('holds one request at a time until approved or returned; a return needs a comment; closing clears it', () => {
    const opened: CaseEvent = { type: 'opened', at: at(1), by, stage: 'child-protection' };
    const asked: CaseEvent = { type: 'change-requested', at: at(2), by, change: { type: 'stage-changed', stage: 'child-in-need' }, reason: 'Plan working; risk reduced' };
    const waiting = deriveCaseState([opened, asked]);
    expect(waiting.pendingChange).toEqual({ change: { type: 'stage-changed', stage: 'child-in-need' }, reason: 'Plan working; risk reduced', by, at: at(2) });
    expect(waiting.stage).toBe('child-protection');
    expect(() => applyCaseEvent(waiting, { ...asked, at: at(3) })).toThrow('already waiting');
    expect(() => applyCaseEvent(waiting, { type: 'change-returned', at: at(3), by: 'manager', comment: ' ' })).toThrow(CaseEventError);
    expect(applyCaseEvent(waiting, { type: 'change-returned', at: at(3), by: 'manager', comment: 'Wait for the core group' }).pendingChange).toBeNull();
    const approved = deriveCaseState([opened, asked, { type: 'change-approved', at: at(3), by: 'manager', comment: '' }, { type: 'stage-changed', at: at(3), by: 'manager', stage: 'child-in-need', reason: 'Plan working; risk reduced' }]);
    expect(approved).toMatchObject({ stage: 'child-in-need', pendingChange: null });
    expect(() => applyCaseEvent(deriveCaseState([opened]), { type: 'change-approved', at: at(2), by: 'manager', comment: '' })).toThrow('no change waiting');
    expect(() => applyCaseEvent(deriveCaseState([opened]), { ...asked, reason: '' })).toThrow('Give the reason');
    expect(applyCaseEvent(waiting, { type: 'closed', at: at(4), by: 'manager', reason: 'Moved away' }).pendingChange).toBeNull();
  });
});
