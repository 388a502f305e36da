/**
 * The work a threshold decision leaves for a team's managers: allocate the case to a worker, and (for
 * child protection) hold a strategy discussion. A task is done when its work is done: allocation when a
 * worker is allocated, the strategy discussion when someone records that it was held. Never deleted.
 */
export type TaskKind = 'allocate-case' | 'strategy-discussion';

export const TASK_LABELS: Record<TaskKind, string> = {
  'allocate-case': 'Allocate the case to a worker',
  'strategy-discussion': 'Hold a strategy discussion',
};
