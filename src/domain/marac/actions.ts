import { compareDates, isPlainDate, type PlainDate } from '../calendar/plain-date.js';

/**
 * The rules of a Marac action plan. A near-miss review found actions with no clear link to the risk they
 * addressed, nobody tracking them, and a repeat's earlier plan never reviewed, so the same actions were
 * set again without asking whether they had worked. Here every action names the risks it addresses and
 * what it should achieve, an owning agency and a due date; a repeat's earlier actions are each reviewed
 * before a new one is set; an earlier action that did not work is set again only with a reason.
 */

/** The risks a meeting identifies: the checklist's topics, in practitioners' words, and the case's own. */
export const MARAC_RISKS = [
  'injury',
  'fear',
  'isolation',
  'suicide-or-self-harm',
  'separation',
  'child-contact',
  'stalking',
  'pregnancy-or-new-baby',
  'children-harmed',
  'threats-to-kill',
  'strangulation',
  'sexual-abuse',
  'weapons',
  'coercive-control',
  'escalation',
  'economic-abuse',
  'substance-misuse',
  'mental-health',
  'breach-of-orders',
  'criminal-history',
  'animals-harmed',
  'other',
] as const;
export type MaracRisk = (typeof MARAC_RISKS)[number];

export const MARAC_RISK_LABELS: Record<MaracRisk, string> = {
  injury: 'Injuries from the abuse',
  fear: 'The victim is very frightened',
  isolation: 'Isolated from family and friends',
  'suicide-or-self-harm': 'Thoughts of suicide or self-harm',
  separation: 'Recent or planned separation',
  'child-contact': 'Conflict over contact with the children',
  stalking: 'Stalking or harassment',
  'pregnancy-or-new-baby': 'Pregnancy or a new baby',
  'children-harmed': 'The children are hurt or at risk',
  'threats-to-kill': 'Threats to kill',
  strangulation: 'Strangulation, choking or suffocation',
  'sexual-abuse': 'Sexual abuse',
  weapons: 'Weapons or objects used to hurt',
  'coercive-control': 'Controlling, jealous or coercive behaviour',
  escalation: 'The abuse is getting worse or more frequent',
  'economic-abuse': 'Control of money',
  'substance-misuse': 'Alcohol or drug misuse',
  'mental-health': 'Mental health of the person causing harm',
  'breach-of-orders': 'Breaches of bail, an order or conditions',
  'criminal-history': 'History of violence or offending',
  'animals-harmed': 'Pets or animals hurt',
  other: 'Another risk (described for the case)',
};

export function isMaracRisk(value: string): value is MaracRisk {
  return (MARAC_RISKS as readonly string[]).includes(value);
}

/** Whom an action protects or manages: the person causing harm's behaviour is managed too (SPEC.md section 5). */
export const ACTION_TARGETS = ['victim', 'children', 'others', 'person-causing-harm'] as const;
export type ActionTarget = (typeof ACTION_TARGETS)[number];
export const ACTION_TARGET_LABELS: Record<ActionTarget, string> = {
  victim: 'The victim’s safety',
  children: 'The children',
  others: 'Other people at risk',
  'person-causing-harm': 'Managing the person causing harm’s behaviour',
};

export const ACTION_STATUSES = ['open', 'in-progress', 'done', 'not-done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = { open: 'Not started', 'in-progress': 'In progress', done: 'Done', 'not-done': 'Not done' };

export const REVIEW_VERDICTS = ['worked', 'partly', 'did-not-work', 'not-done'] as const;
export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number];
export const REVIEW_VERDICT_LABELS: Record<ReviewVerdict, string> = { worked: 'It worked', partly: 'It partly worked', 'did-not-work': 'It did not work', 'not-done': 'It was not done' };

export interface ActionInput {
  risks: readonly string[];
  aim: string;
  forWhom: string;
  agencyId: string;
  ownerName: string;
  dueOn: string;
  copiedFrom: string | null;
  copyReason: string;
}

export interface CheckedAction {
  risks: MaracRisk[];
  aim: string;
  forWhom: ActionTarget;
  agencyId: string;
  ownerName: string | null;
  dueOn: PlainDate;
  copiedFrom: string | null;
  copyReason: string | null;
}

export type ActionProblem = { field: string; message: string };

export interface ActionContext {
  /** The risks identified for the case: an action addresses some of them. */
  caseRisks: readonly MaracRisk[];
  /** The agencies that may own an action: the meeting's members. */
  agencyIds: readonly string[];
  /** The meeting's day: an action is due on it or after. */
  meetingDay: PlainDate;
  /** The earlier plan's actions and how each was reviewed (for a copy). */
  earlier: readonly { id: string; verdict: ReviewVerdict | null }[];
}

/** An action checked: every field named when missing, the risks among the case's, a reason to set again what did not work. */
export function checkAction(input: ActionInput, ctx: ActionContext): { ok: true; action: CheckedAction } | { ok: false; problems: ActionProblem[] } {
  const problems: ActionProblem[] = [];
  const risks = [...new Set(input.risks)].filter(isMaracRisk);
  if (risks.length === 0) problems.push({ field: 'risks', message: 'Choose the risk or risks the action addresses' });
  else if (risks.some((r) => !ctx.caseRisks.includes(r))) problems.push({ field: 'risks', message: 'Choose risks identified for this case; add a risk to the case first if it is missing' });
  const aim = input.aim.trim();
  if (!aim) problems.push({ field: 'aim', message: 'Say what the action should achieve' });
  else if (aim.length > 1000) problems.push({ field: 'aim', message: 'Say what the action should achieve in 1,000 characters or fewer' });
  if (!(ACTION_TARGETS as readonly string[]).includes(input.forWhom)) problems.push({ field: 'forWhom', message: 'Choose whom the action is for' });
  if (!input.agencyId) problems.push({ field: 'agencyId', message: 'Choose the agency that owns the action' });
  else if (!ctx.agencyIds.includes(input.agencyId)) problems.push({ field: 'agencyId', message: 'Choose an agency on this meeting’s panel' });
  const ownerName = input.ownerName.trim();
  if (ownerName.length > 120) problems.push({ field: 'ownerName', message: 'Enter a name of 120 characters or fewer' });
  if (!input.dueOn) problems.push({ field: 'dueOn', message: 'Enter the date the action is due' });
  else if (!isPlainDate(input.dueOn)) problems.push({ field: 'dueOn', message: 'The date the action is due must be a real date' });
  else if (compareDates(input.dueOn as PlainDate, ctx.meetingDay) < 0) problems.push({ field: 'dueOn', message: 'The date the action is due must be on or after the meeting' });
  const copyReason = input.copyReason.trim();
  if (input.copiedFrom) {
    const earlier = ctx.earlier.find((e) => e.id === input.copiedFrom);
    if (!earlier) problems.push({ field: 'copiedFrom', message: 'Choose an action from the earlier plan' });
    else if ((earlier.verdict === 'did-not-work' || earlier.verdict === 'not-done') && !copyReason) {
      problems.push({ field: 'copyReason', message: 'This action did not work or was not done before: say why setting it again will work now' });
    }
  }
  if (copyReason.length > 1000) problems.push({ field: 'copyReason', message: 'Give a reason of 1,000 characters or fewer' });
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    action: { risks, aim, forWhom: input.forWhom as ActionTarget, agencyId: input.agencyId, ownerName: ownerName || null, dueOn: input.dueOn as PlainDate, copiedFrom: input.copiedFrom, copyReason: input.copiedFrom ? copyReason || null : null },
  };
}

/** The earlier actions of a repeat not yet reviewed: while any is, no new action may be set. */
export function unreviewed(earlier: readonly { id: string; verdict: ReviewVerdict | null }[]): string[] {
  return earlier.filter((e) => e.verdict === null).map((e) => e.id);
}

/** Whether the run sheet should prompt for an action aimed at the person causing harm. */
export function needsHarmPrompt(actions: readonly { forWhom: ActionTarget }[]): boolean {
  return !actions.some((a) => a.forWhom === 'person-causing-harm');
}

/** A status update checked: not done needs the reason; a note is 2,000 characters at most. */
export function checkStatusUpdate(status: string, note: string): { ok: true; status: ActionStatus; note: string | null } | { ok: false; problem: ActionProblem } {
  if (!(ACTION_STATUSES as readonly string[]).includes(status)) return { ok: false, problem: { field: 'status', message: 'Choose where the action has got to' } };
  const text = note.trim();
  if (status === 'not-done' && !text) return { ok: false, problem: { field: 'note', message: 'Say why the action was not done' } };
  if (text.length > 2000) return { ok: false, problem: { field: 'note', message: 'Write 2,000 characters or fewer' } };
  return { ok: true, status: status as ActionStatus, note: text || null };
}

/** Whether an action is overdue on a day: due before it and neither done nor recorded as not done. */
export function isOverdue(a: { dueOn: PlainDate; status: ActionStatus }, today: PlainDate): boolean {
  return (a.status === 'open' || a.status === 'in-progress') && compareDates(a.dueOn, today) < 0;
}

/** Whether an action is still open (carried to the next meeting's run sheet). */
export function isOpen(a: { status: ActionStatus }): boolean {
  return a.status === 'open' || a.status === 'in-progress';
}

/** What became of a case at a meeting, in words. */
export const MEETING_OUTCOME_LABELS = { heard: 'Heard', adjourned: 'Adjourned', 'come-back': 'To come back' } as const;
