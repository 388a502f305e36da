import type { Pathway } from '../triage/threshold.js';

/** Where a case is in the children's services pathway. */
export const CASE_STAGES = ['early-help', 'assessment', 'child-in-need', 'child-protection'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

export const CASE_STAGE_LABELS: Record<CaseStage, string> = {
  'early-help': 'Early help',
  assessment: 'Child and family assessment',
  'child-in-need': 'Child in need (s17)',
  'child-protection': 'Child protection (s47)',
};

interface EventBase {
  at: Date;
  by: string;
}

/** A case's history. Events are only ever appended; the case's state is derived from them. */
export type CaseEvent =
  | (EventBase & { type: 'opened'; stage: CaseStage })
  | (EventBase & { type: 'allocated'; workerId: string | null; teamId: string | null })
  /** `contactId`: the stage was changed by the threshold decision on that contact. */
  | (EventBase & { type: 'stage-changed'; stage: CaseStage; contactId?: string; reason?: string })
  | (EventBase & { type: 'note-added'; noteId: string })
  /** A note corrected: `noteId` is the new note, `amends` the one it corrects (which stays as it was). */
  | (EventBase & { type: 'note-amended'; noteId: string; amends: string })
  | (EventBase & { type: 'closed'; reason: string })
  | (EventBase & { type: 'reopened'; reason: string })
  /** A new contact about a child on this open, allocated case, sent to the worker instead of a fresh MASH screening. */
  | (EventBase & { type: 'incident-reported'; contactId: string })
  /** The worker has reviewed the plan and the safety plan in the light of that incident. */
  | (EventBase & { type: 'incident-reviewed'; contactId: string; note: string })
  /** The MASH's threshold decision on a contact about the children on this case. */
  | (EventBase & { type: 'threshold-decision'; contactId: string; pathway: Pathway; apiClientName?: string })
  /** The strategy discussion a child protection decision asked for was held (until the assessment issue records the discussion itself). */
  | (EventBase & { type: 'strategy-discussion-held'; taskId: string; note: string })
  /** A worker asks the team manager to step the case down or close it (`needsApproval`), with the reason. */
  | (EventBase & { type: 'change-requested'; change: RequestedChange; reason: string })
  /** The manager approves the change waiting on the case; the change itself follows in the same append. */
  | (EventBase & { type: 'change-approved'; comment: string })
  /** The manager returns it to the worker, saying why; nothing changes. */
  | (EventBase & { type: 'change-returned'; comment: string });

/** A change that may need a manager's approval: a new stage, or closing. */
export type RequestedChange = { type: 'stage-changed'; stage: CaseStage } | { type: 'closed' };

export type CaseEventType = CaseEvent['type'];

export interface CaseState {
  status: 'open' | 'closed';
  stage: CaseStage;
  workerId: string | null;
  teamId: string | null;
  openedAt: Date;
  closedAt: Date | null;
  lastActivityAt: Date;
  timesReopened: number;
  /** Contacts sent to this case whose review of the plan and safety plan is still to be recorded. */
  incidentsToReview: string[];
  /** A step down or closure a worker asked for, waiting for the team manager. */
  pendingChange: { change: RequestedChange; reason: string; by: string; at: Date } | null;
}

/** How far up the pathway a stage is: an assessment and a child in need plan are the same level (s17). */
export const STAGE_LEVEL: Record<CaseStage, number> = { 'early-help': 1, assessment: 2, 'child-in-need': 2, 'child-protection': 3 };

/**
 * Stepping a child protection or child in need case down, and closing any case, needs the team
 * manager's approval: a worker asks, the manager approves or returns it. Stepping up does not.
 */
export function needsApproval(state: Pick<CaseState, 'stage'>, change: RequestedChange): boolean {
  if (change.type === 'closed') return true;
  return STAGE_LEVEL[change.stage] < STAGE_LEVEL[state.stage] && STAGE_LEVEL[state.stage] >= 2;
}

export class CaseEventError extends Error {}

/** Applies one event to the state so far, refusing events that make no sense at that point. */
export function applyCaseEvent(state: CaseState | null, event: CaseEvent): CaseState {
  if (!state) {
    if (event.type !== 'opened') throw new CaseEventError('A case must start by being opened');
    return { status: 'open', stage: event.stage, workerId: null, teamId: null, openedAt: event.at, closedAt: null, lastActivityAt: event.at, timesReopened: 0, incidentsToReview: [], pendingChange: null };
  }
  if (event.at.getTime() < state.lastActivityAt.getTime()) throw new CaseEventError('Case events must be recorded in time order');
  const next = { ...state, lastActivityAt: event.at };
  switch (event.type) {
    case 'opened':
      throw new CaseEventError('This case is already open');
    case 'allocated':
      if (state.status === 'closed') throw new CaseEventError('A closed case cannot be allocated; reopen it first');
      return { ...next, workerId: event.workerId, teamId: event.teamId };
    case 'stage-changed':
      if (state.status === 'closed') throw new CaseEventError('A closed case cannot change stage; reopen it first');
      if (event.stage === state.stage) throw new CaseEventError('The case is already at this stage');
      return { ...next, stage: event.stage };
    case 'note-added':
    case 'note-amended':
      return next;
    case 'closed':
      if (state.status === 'closed') throw new CaseEventError('This case is already closed');
      if (!event.reason.trim()) throw new CaseEventError('Give the reason for closing the case');
      return { ...next, status: 'closed', closedAt: event.at, pendingChange: null };
    case 'reopened':
      if (state.status === 'open') throw new CaseEventError('This case is already open');
      if (!event.reason.trim()) throw new CaseEventError('Give the reason for reopening the case');
      return { ...next, status: 'open', closedAt: null, timesReopened: state.timesReopened + 1 };
    case 'incident-reported':
      if (state.incidentsToReview.includes(event.contactId)) throw new CaseEventError('This incident is already on the case');
      return { ...next, incidentsToReview: [...state.incidentsToReview, event.contactId] };
    case 'change-requested':
      if (state.status === 'closed') throw new CaseEventError('This case is closed');
      if (state.pendingChange) throw new CaseEventError('A change to this case is already waiting for the team manager');
      if (!event.reason.trim()) throw new CaseEventError('Give the reason for the change');
      return { ...next, pendingChange: { change: event.change, reason: event.reason, by: event.by, at: event.at } };
    case 'change-approved':
      if (!state.pendingChange) throw new CaseEventError('There is no change waiting for approval');
      return { ...next, pendingChange: null };
    case 'change-returned':
      if (!state.pendingChange) throw new CaseEventError('There is no change waiting for approval');
      if (!event.comment.trim()) throw new CaseEventError('Say why you are returning the change, so the worker knows what to do');
      return { ...next, pendingChange: null };
    case 'threshold-decision':
      if (state.status === 'closed') throw new CaseEventError('A closed case cannot take a threshold decision; reopen it first');
      return next;
    case 'strategy-discussion-held':
      if (!event.note.trim()) throw new CaseEventError('Say when the strategy discussion was held, who took part and what was decided');
      return next;
    case 'incident-reviewed':
      if (!state.incidentsToReview.includes(event.contactId)) throw new CaseEventError('There is no incident waiting for review with this contact');
      if (!event.note.trim()) throw new CaseEventError('Say what you reviewed and what changed in the plan or the safety plan');
      return { ...next, incidentsToReview: state.incidentsToReview.filter((id) => id !== event.contactId) };
  }
}

/** The state of a case from its whole history, oldest event first. */
export function deriveCaseState(events: readonly CaseEvent[]): CaseState {
  let state: CaseState | null = null;
  for (const event of events) state = applyCaseEvent(state, event);
  if (!state) throw new CaseEventError('A case has no history');
  return state;
}
