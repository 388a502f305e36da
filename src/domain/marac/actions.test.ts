import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainDate } from '../calendar/plain-date.js';
import { ACTION_STATUSES, checkAction, checkStatusUpdate, isOverdue, MARAC_RISK_LABELS, MARAC_RISKS, needsHarmPrompt, unreviewed, type ActionInput, type ActionContext } from './actions.js';

const ctx: ActionContext = { caseRisks: ['threats-to-kill', 'stalking', 'other'], agencyIds: ['police', 'housing'], meetingDay: plainDate('2026-12-08'), earlier: [{ id: 'a1', verdict: 'worked' }, { id: 'a2', verdict: 'did-not-work' }, { id: 'a3', verdict: 'not-done' }] };
const good: ActionInput = { risks: ['threats-to-kill'], aim: 'An urgent police response to any call from the address', forWhom: 'victim', agencyId: 'police', ownerName: '', dueOn: '2026-12-15', copiedFrom: null, copyReason: '' };

describe('an action', () => {
  it('is taken when it names its risks, aim, owner, whom it is for and due date', () => {
    const checked = checkAction(good, ctx);
    expect(checked).toEqual({ ok: true, action: { risks: ['threats-to-kill'], aim: good.aim, forWhom: 'victim', agencyId: 'police', ownerName: null, dueOn: '2026-12-15', copiedFrom: null, copyReason: null } });
  });

  it('is refused without a risk, an aim, an owner, whom it is for or a due date, each field named', () => {
    const checked = checkAction({ ...good, risks: [], aim: '  ', agencyId: '', forWhom: '', dueOn: '' }, ctx);
    expect(!checked.ok && checked.problems).toEqual([
      { field: 'risks', message: 'Choose the risk or risks the action addresses' },
      { field: 'aim', message: 'Say what the action should achieve' },
      { field: 'forWhom', message: 'Choose whom the action is for' },
      { field: 'agencyId', message: 'Choose the agency that owns the action' },
      { field: 'dueOn', message: 'Enter the date the action is due' },
    ]);
  });

  it('addresses only the case’s risks, is owned by a member agency and is due on or after the meeting', () => {
    const checked = checkAction({ ...good, risks: ['weapons'], agencyId: 'probation', dueOn: '2026-12-07' }, ctx);
    expect(!checked.ok && checked.problems.map((p) => p.field)).toEqual(['risks', 'agencyId', 'dueOn']);
    expect(checkAction({ ...good, dueOn: '2026-02-30' }, ctx)).toMatchObject({ ok: false, problems: [{ field: 'dueOn', message: 'The date the action is due must be a real date' }] });
    expect(checkAction({ ...good, risks: ['made-up'] }, ctx)).toMatchObject({ ok: false, problems: [{ field: 'risks' }] });
  });

  it('set again from an earlier plan needs a reason when it did not work or was not done, and not when it worked', () => {
    expect(checkAction({ ...good, copiedFrom: 'a1' }, ctx).ok).toBe(true);
    for (const id of ['a2', 'a3']) {
      expect(checkAction({ ...good, copiedFrom: id }, ctx)).toEqual({ ok: false, problems: [{ field: 'copyReason', message: 'This action did not work or was not done before: say why setting it again will work now' }] });
      expect(checkAction({ ...good, copiedFrom: id, copyReason: 'A named officer now leads it' }, ctx)).toMatchObject({ ok: true, action: { copyReason: 'A named officer now leads it' } });
    }
    expect(checkAction({ ...good, copiedFrom: 'not-earlier' }, ctx)).toMatchObject({ ok: false, problems: [{ field: 'copiedFrom' }] });
  });

  it('property: any accepted action names at least one of the case’s risks, an aim, a member agency and a due date on or after the meeting', () => {
    fc.assert(
      fc.property(
        fc.subarray([...MARAC_RISKS]),
        fc.string(),
        fc.constantFrom('victim', 'children', 'others', 'person-causing-harm', 'nobody'),
        fc.constantFrom('police', 'housing', 'probation', ''),
        fc.constantFrom('2026-12-01', '2026-12-08', '2027-01-10', '', 'soon'),
        (risks, aim, forWhom, agencyId, dueOn) => {
          const checked = checkAction({ ...good, risks, aim, forWhom, agencyId, dueOn }, ctx);
          if (checked.ok) {
            expect(checked.action.risks.length).toBeGreaterThan(0);
            for (const r of checked.action.risks) expect(ctx.caseRisks).toContain(r);
            expect(checked.action.aim.length).toBeGreaterThan(0);
            expect(ctx.agencyIds).toContain(checked.action.agencyId);
            expect(checked.action.dueOn >= ctx.meetingDay).toBe(true);
          }
        },
      ),
    );
  });
});

describe('the plan around the actions', () => {
  it('blocks new actions on a repeat until every earlier action is reviewed', () => {
    expect(unreviewed([{ id: 'a', verdict: null }, { id: 'b', verdict: 'worked' }])).toEqual(['a']);
    expect(unreviewed([{ id: 'b', verdict: 'partly' }])).toEqual([]);
  });

  it('prompts for an action aimed at the person causing harm until there is one', () => {
    expect(needsHarmPrompt([])).toBe(true);
    expect(needsHarmPrompt([{ forWhom: 'victim' }, { forWhom: 'children' }])).toBe(true);
    expect(needsHarmPrompt([{ forWhom: 'person-causing-harm' }])).toBe(false);
  });

  it('takes a status update, with the reason when not done', () => {
    expect(checkStatusUpdate('not-done', ' ')).toEqual({ ok: false, problem: { field: 'note', message: 'Say why the action was not done' } });
    expect(checkStatusUpdate('done', ' Flag placed ')).toEqual({ ok: true, status: 'done', note: 'Flag placed' });
    expect(checkStatusUpdate('finished', '')).toMatchObject({ ok: false, problem: { field: 'status' } });
  });

  it('is overdue only while open past its due date', () => {
    const today = plainDate('2026-12-10');
    for (const status of ACTION_STATUSES) {
      expect(isOverdue({ dueOn: plainDate('2026-12-09'), status }, today), status).toBe(status === 'open' || status === 'in-progress');
      expect(isOverdue({ dueOn: plainDate('2026-12-10'), status }, today)).toBe(false);
    }
  });

  it('labels every risk', () => {
    for (const r of MARAC_RISKS) expect(MARAC_RISK_LABELS[r].length).toBeGreaterThan(0);
  });
});
