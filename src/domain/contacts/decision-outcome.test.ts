import { describe, expect, it } from 'vitest';
import { CASE_STAGES, type CaseStage } from '../cases/case-events.js';
import { PATHWAYS } from './contact.js';
import { caseOutcome, caseToDecideOn, decisionPlan, planText, unlinkedRefusal, type OpenCase } from './decision-outcome.js';

const openCase = (stage: CaseStage, workerId: string | null = null, reference = 'WA-000001', at = '2026-11-01T10:00:00Z'): OpenCase => ({
  id: `case-${reference}`,
  reference,
  stage,
  workerId,
  lastActivityAt: new Date(at),
});

describe('what a threshold decision does to the children’s case', () => {
  it('opens a case at the decision’s stage when the children have none (child in need starts the assessment)', () => {
    expect(caseOutcome('early-help', null)).toEqual({ kind: 'open', stage: 'early-help' });
    expect(caseOutcome('child-in-need', null)).toEqual({ kind: 'open', stage: 'assessment' });
    expect(caseOutcome('child-protection', null)).toEqual({ kind: 'open', stage: 'child-protection' });
    expect(caseOutcome('no-further-action', null)).toEqual({ kind: 'none' });
  });

  it('for every decision and every stage of an open case: steps up, steps down, or keeps it, and never opens a second case', () => {
    const expected: Record<string, Record<CaseStage, string>> = {
      'no-further-action': { 'early-help': 'unchanged', assessment: 'unchanged', 'child-in-need': 'unchanged', 'child-protection': 'unchanged' },
      'early-help': { 'early-help': 'unchanged', assessment: 'down', 'child-in-need': 'down', 'child-protection': 'down' },
      'child-in-need': { 'early-help': 'up', assessment: 'unchanged', 'child-in-need': 'unchanged', 'child-protection': 'down' },
      'child-protection': { 'early-help': 'up', assessment: 'up', 'child-in-need': 'up', 'child-protection': 'unchanged' },
    };
    for (const pathway of PATHWAYS) {
      for (const stage of CASE_STAGES) {
        const outcome = caseOutcome(pathway, openCase(stage));
        const seen = outcome.kind === 'step' ? outcome.direction : outcome.kind;
        expect(seen, `${pathway} on a case at ${stage}`).toBe(expected[pathway]![stage]);
        if (outcome.kind === 'step') expect(outcome.from).toBe(stage);
      }
    }
    expect(caseOutcome('child-in-need', openCase('early-help'))).toMatchObject({ to: 'assessment' });
    expect(caseOutcome('early-help', openCase('child-protection'))).toMatchObject({ to: 'early-help', direction: 'down' });
  });

  it('asks a team to allocate any case it keeps open without a worker, and asks for a strategy discussion only on child protection', () => {
    for (const pathway of PATHWAYS) {
      for (const open of [null, openCase('early-help'), openCase('early-help', 'worker-1')]) {
        const plan = decisionPlan(pathway, open);
        expect(plan.allocationTask).toBe(pathway !== 'no-further-action' && !open?.workerId);
        expect(plan.strategyDiscussion).toBe(pathway === 'child-protection');
        expect(plan.needsTeam).toBe(plan.allocationTask || plan.strategyDiscussion);
      }
    }
  });

  it('acts on the children’s case worked on most recently', () => {
    expect(caseToDecideOn([])).toBeNull();
    const older = openCase('early-help', null, 'WA-000001', '2026-10-01T10:00:00Z');
    const newer = openCase('child-in-need', null, 'WA-000002', '2026-11-01T10:00:00Z');
    expect(caseToDecideOn([older, newer])).toBe(newer);
    expect(caseToDecideOn([newer, older])).toBe(newer);
  });
});

describe('what the decision page says each choice will do', () => {
  it('names the case, the stages and the children, and the tasks it sets', () => {
    expect(planText(decisionPlan('no-further-action', null), ['Amy Brook'])).toBe('Closes the contact. No case is opened.');
    expect(planText(decisionPlan('no-further-action', openCase('early-help')), ['Amy Brook'])).toBe('Closes the contact. Case WA-000001 stays at early help, with this decision in its chronology.');
    expect(planText(decisionPlan('early-help', null), ['Amy Brook', 'Ben Brook', 'Cal Brook'])).toBe('Opens a case at early help for Amy Brook, Ben Brook and Cal Brook. The managers of the team you choose are asked to allocate it.');
    expect(planText(decisionPlan('child-in-need', openCase('early-help')), ['Amy Brook'])).toBe('Steps case WA-000001 up from early help to child and family assessment. The managers of the team you choose are asked to allocate it.');
    expect(planText(decisionPlan('child-protection', openCase('child-in-need')), ['Amy Brook'])).toBe(
      'Steps case WA-000001 up from child in need (s17) to child protection (s47). The managers of the team you choose are asked to allocate it. They are also asked to hold a strategy discussion.',
    );
    expect(planText(decisionPlan('early-help', openCase('child-protection')), ['Amy Brook'])).toContain('Steps case WA-000001 down from child protection (s47) to early help.');
    expect(planText(decisionPlan('child-in-need', openCase('assessment', 'worker-1')), ['Amy Brook'])).toBe('Case WA-000001 stays at child and family assessment, with this decision in its chronology.');
    expect(planText(decisionPlan('child-protection', openCase('child-protection', 'worker-1')), ['Amy Brook'])).toBe(
      'Case WA-000001 stays at child protection (s47), with this decision in its chronology. The managers of the team you choose are asked to hold a strategy discussion.',
    );
  });

  it('refuses a recommendation or decision while anyone on the contact is unlinked, saying how many', () => {
    expect(unlinkedRefusal(0, 'decision')).toBeNull();
    expect(unlinkedRefusal(1, 'decision')).toBe('1 person on this contact is not linked to a record. Link each one to their record, or add a new record for them, before you make the decision');
    expect(unlinkedRefusal(3, 'recommendation')).toMatch(/^3 people on this contact are not linked .* before you make the recommendation$/);
  });
});
