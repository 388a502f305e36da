import { CASE_STAGE_LABELS, STAGE_LEVEL, type CaseStage } from '../cases/case-events.js';
import type { Pathway } from '../triage/threshold.js';

/**
 * What a threshold decision does to the children's case. Early help opens (or moves the case to) early
 * help; child in need starts the s17 child and family assessment; child protection moves the case to
 * child protection, with a strategy discussion to hold. No further action leaves any open case as it is.
 */
export const STAGE_FOR_PATHWAY: Record<Exclude<Pathway, 'no-further-action'>, CaseStage> = {
  'early-help': 'early-help',
  'child-in-need': 'assessment',
  'child-protection': 'child-protection',
};


/** An open case of the children on the contact. */
export interface OpenCase {
  id: string;
  reference: string;
  stage: CaseStage;
  workerId: string | null;
  lastActivityAt: Date;
}

export type CaseOutcome =
  /** No further action, and the children have no open case. */
  | { kind: 'none' }
  /** The case stays at its stage (no further action, or already at the decision's level). */
  | { kind: 'unchanged'; openCase: OpenCase }
  | { kind: 'open'; stage: CaseStage }
  | { kind: 'step'; openCase: OpenCase; from: CaseStage; to: CaseStage; direction: 'up' | 'down' };

export interface DecisionPlan {
  pathway: Pathway;
  caseOutcome: CaseOutcome;
  /** The case has no worker: the chosen team's managers are asked to allocate it. */
  allocationTask: boolean;
  /** Child protection: the chosen team's managers are asked to hold a strategy discussion. */
  strategyDiscussion: boolean;
  /** Either task needs a team to give it to. */
  needsTeam: boolean;
}

/** Of the children's open cases, the one the decision acts on: the one worked on most recently. */
export function caseToDecideOn(cases: readonly OpenCase[]): OpenCase | null {
  return [...cases].sort((a, b) => b.lastActivityAt.getTime() - a.lastActivityAt.getTime() || a.reference.localeCompare(b.reference))[0] ?? null;
}

export function caseOutcome(pathway: Pathway, openCase: OpenCase | null): CaseOutcome {
  if (pathway === 'no-further-action') return openCase ? { kind: 'unchanged', openCase } : { kind: 'none' };
  const stage = STAGE_FOR_PATHWAY[pathway];
  if (!openCase) return { kind: 'open', stage };
  if (STAGE_LEVEL[stage] === STAGE_LEVEL[openCase.stage]) return { kind: 'unchanged', openCase };
  return { kind: 'step', openCase, from: openCase.stage, to: stage, direction: STAGE_LEVEL[stage] > STAGE_LEVEL[openCase.stage] ? 'up' : 'down' };
}

export function decisionPlan(pathway: Pathway, openCase: OpenCase | null): DecisionPlan {
  // A case with a worker already has someone to act on it; any other case the decision keeps open needs one.
  const allocationTask = pathway !== 'no-further-action' && !openCase?.workerId;
  const strategyDiscussion = pathway === 'child-protection';
  return { pathway, caseOutcome: caseOutcome(pathway, openCase), allocationTask, strategyDiscussion, needsTeam: allocationTask || strategyDiscussion };
}

const stageText = (stage: CaseStage) => CASE_STAGE_LABELS[stage].charAt(0).toLowerCase() + CASE_STAGE_LABELS[stage].slice(1);

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? 'the children';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** What deciding this way will do, in a sentence or two, shown beside each choice before the manager decides. */
export function planText(plan: DecisionPlan, childNames: readonly string[]): string {
  const o = plan.caseOutcome;
  const parts: string[] = [];
  switch (o.kind) {
    case 'none':
      parts.push('Closes the contact. No case is opened.');
      break;
    case 'unchanged':
      parts.push(
        plan.pathway === 'no-further-action'
          ? `Closes the contact. Case ${o.openCase.reference} stays at ${stageText(o.openCase.stage)}, with this decision in its chronology.`
          : `Case ${o.openCase.reference} stays at ${stageText(o.openCase.stage)}, with this decision in its chronology.`,
      );
      break;
    case 'open':
      parts.push(`Opens a case at ${stageText(o.stage)} for ${joinNames(childNames)}.`);
      break;
    case 'step':
      parts.push(`Steps case ${o.openCase.reference} ${o.direction} from ${stageText(o.from)} to ${stageText(o.to)}.`);
      break;
  }
  if (plan.allocationTask) parts.push('The managers of the team you choose are asked to allocate it.');
  if (plan.strategyDiscussion) parts.push(plan.allocationTask ? 'They are also asked to hold a strategy discussion.' : 'The managers of the team you choose are asked to hold a strategy discussion.');
  return parts.join(' ');
}

/** The refusal while people on the contact are not linked to a record, or null when all are. */
export function unlinkedRefusal(unlinked: number, doing: 'recommendation' | 'decision'): string | null {
  if (unlinked === 0) return null;
  const who = unlinked === 1 ? '1 person on this contact is' : `${unlinked} people on this contact are`;
  return `${who} not linked to a record. Link each one to their record, or add a new record for them, before you make the ${doing}`;
}
