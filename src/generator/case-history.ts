/**
 * What children's services did with a family's notifications, in time order, as the services would
 * have recorded it: the MASH decides each contact (no further action, early help, child in need, child
 * protection) within a working day or so; the contact that crosses the threshold opens the family's
 * case; while the case is open and allocated, each new notification goes to the worker
 * ('sent-to-allocated-worker') who reviews the plan; cases move through assessment, close, and
 * sometimes reopen. Every case event goes through the domain's applyCaseEvent, so the history is one
 * the service itself would accept, and the cases row is its derived state.
 */
import { applyCaseEvent, type CaseEvent, type CaseStage, type CaseState } from '../domain/cases/case-events.js';
import type { ThresholdIndicator, TriageChild } from '../domain/triage/threshold.js';
import { DAY_MS, HOUR_MS } from './days.js';
import type { Incident } from './incidents.js';
import { decisionOf, notYetDecided, sentToWorker, type ContactOutcome } from './mash-decisions.js';
import { chance, exponential, pick, type Rng } from './random.js';
import type { Staff } from './staff.js';

export interface CaseHistory {
  events: CaseEvent[];
  state: CaseState;
  outcomes: ContactOutcome[];
}

export interface CaseHistoryInput {
  incidents: readonly Incident[];
  awaiting: boolean;
  caseId: string;
  contactIds: readonly string[];
  /** Children on each incident under 7 or with SEND raise the recommended scale. */
  triageChildren: (incident: Incident) => TriageChild[];
  staff: Staff;
  indicators: readonly ThresholdIndicator[];
  decisionDueBy: (day: number) => number;
  /** Day number: nothing happens on or after it. */
  today: number;
}

/** Share of recently opened cases (last 40 days) still waiting for a worker. */
const UNALLOCATED_RECENT_SHARE = 0.06;
/** Mean days a case stays open before it closes (when the history is long enough). */
const OPEN_MEAN_DAYS = 800;

interface Pending {
  at: number;
  kind: 'stage' | 'assessment-outcome' | 'review' | 'close';
  stage?: CaseStage;
  contactId?: string;
  severity?: number;
}

export function composeCaseHistory(rng: Rng, input: CaseHistoryInput): CaseHistory {
  const { incidents, staff } = input;
  const end = input.today * DAY_MS - HOUR_MS;
  const n = incidents.length;
  const opening = n === 1 || chance(rng, 0.55) ? 0 : Math.min(n - (input.awaiting ? 2 : 1), 1 + Math.floor(rng() * 3));
  const events: CaseEvent[] = [];
  let state: CaseState | null = null;
  let pending: Pending[] = [];
  const worker = staff.workers.length ? pick(rng, staff.workers) : null;
  const manager = staff.manager ?? worker?.id ?? '';

  const append = (event: CaseEvent) => {
    state = applyCaseEvent(state, event);
    events.push(event);
  };
  const schedule = (p: Pending) => {
    if (p.at < end) pending.push(p);
  };
  const isOpen = () => state !== null && state.status === 'open';
  const at = (ms: number) => new Date(Math.max(ms, state?.lastActivityAt.getTime() ?? 0));

  const allocate = (when: number, recent: boolean) => {
    if (!worker && staff.teams.length === 0) return;
    if (recent && chance(rng, UNALLOCATED_RECENT_SHARE)) return;
    append({ type: 'allocated', at: at(when), by: manager, workerId: worker?.id ?? null, teamId: worker?.teamId ?? (staff.teams.length ? pick(rng, staff.teams) : null) });
  };
  const assess = (when: number, outcomes: readonly [CaseStage | 'close', number][]) => {
    let r = rng();
    let next: CaseStage | 'close' = 'close';
    for (const [o, w] of outcomes) if ((r -= w) < 0) {
      next = o;
      break;
    }
    schedule(next === 'close' ? { at: when, kind: 'assessment-outcome' } : { at: when, kind: 'stage', stage: next });
  };
  const start = (when: number, pathway: string, reopen: boolean) => {
    const stage: CaseStage = pathway === 'early-help' ? 'early-help' : 'assessment';
    if (reopen) {
      append({ type: 'reopened', at: at(when), by: manager, reason: 'A new notification met the threshold for children’s social care' });
      if (state!.stage !== stage) append({ type: 'stage-changed', at: at(when), by: manager, stage });
    } else append({ type: 'opened', at: at(when), by: manager, stage });
    allocate(when + 10 * 60_000, when > end - 40 * DAY_MS);
    const day = when + Math.floor(rng() * 8) * HOUR_MS;
    if (pathway === 'child-protection') schedule({ at: day + (5 + Math.floor(rng() * 10)) * DAY_MS, kind: 'stage', stage: 'child-protection' });
    else if (pathway === 'child-in-need') assess(day + (20 + Math.floor(rng() * 43)) * DAY_MS, [['child-in-need', 0.7]]);
    schedule({ at: when + Math.max(90, exponential(rng, OPEN_MEAN_DAYS)) * DAY_MS, kind: 'close' });
  };
  const close = (when: number, reason: string) => {
    append({ type: 'closed', at: at(when), by: worker?.id ?? manager, reason });
    pending = [];
  };

  /** Applies what was due by `until`, in time order. */
  const flush = (until: number) => {
    for (;;) {
      pending.sort((a, b) => a.at - b.at);
      const next = pending[0];
      if (!next || next.at > until) return;
      pending.shift();
      if (!isOpen()) continue;
      const s = state!;
      if (next.kind === 'review') {
        append({ type: 'incident-reviewed', at: at(next.at), by: worker?.id ?? manager, contactId: next.contactId!, note: 'Plan and safety plan reviewed with the family after the new incident.' });
        const sev = next.severity ?? 0;
        if (s.stage === 'early-help' && sev >= 0.6 && chance(rng, 0.6)) {
          schedule({ at: next.at + HOUR_MS, kind: 'stage', stage: 'assessment' });
          assess(next.at + (20 + Math.floor(rng() * 43)) * DAY_MS, [['child-in-need', 0.6], ['child-protection', 0.25]]);
        } else if (s.stage === 'child-in-need' && sev >= 0.85 && chance(rng, 0.5)) schedule({ at: next.at + (3 + Math.floor(rng() * 12)) * DAY_MS, kind: 'stage', stage: 'child-protection' });
      } else if (next.kind === 'stage') {
        if (s.stage !== next.stage) append({ type: 'stage-changed', at: at(next.at), by: manager, stage: next.stage! });
      } else if (next.kind === 'assessment-outcome') {
        if (s.stage === 'assessment') close(next.at, 'Assessment complete: no further action by children’s social care; advice and support given');
      } else {
        const reviewsLeft = pending.filter((p) => p.kind === 'review' || p.kind === 'stage' || p.kind === 'assessment-outcome');
        if (reviewsLeft.length) schedule({ ...next, at: Math.max(...reviewsLeft.map((p) => p.at)) + DAY_MS });
        else close(next.at, s.stage === 'early-help' ? 'Early help plan complete: the family’s needs are met' : 'The plan’s outcomes are met and the risk has reduced');
      }
    }
  };

  const outcomes: ContactOutcome[] = [];
  const ctx = { rng, staff, indicators: input.indicators, decisionDueBy: input.decisionDueBy, end };
  for (const [i, incident] of incidents.entries()) {
    const contactId = input.contactIds[i]!;
    const next = incidents[i + 1];
    const latest = Math.min(end - 30 * 60_000, next ? next.receivedAt - 30 * 60_000 : Infinity);
    const queued = input.awaiting && i === n - 1;
    if (queued && isOpen() && state!.workerId !== null) {
      // The case closed some weeks before this notification came in.
      flush(incident.receivedAt - 20 * DAY_MS);
      if (isOpen()) close(Math.max(state!.lastActivityAt.getTime() + HOUR_MS, incident.receivedAt - (1 + Math.floor(rng() * 15)) * DAY_MS), 'The plan’s outcomes are met and the risk has reduced');
    }
    flush(incident.receivedAt);
    const children = input.triageChildren(incident);
    if (queued) {
      outcomes.push(notYetDecided(ctx, incident, children));
      continue;
    }
    if (i < opening) {
      outcomes.push(decisionOf(ctx, incident, children, latest, 'no-further-action'));
      continue;
    }
    if (i === opening) {
      const outcome = decisionOf(ctx, incident, children, latest, 'open');
      outcomes.push(outcome);
      start(outcome.decidedAt! + 10 * 60_000, outcome.decidedPathway!, false);
      continue;
    }
    const s = state!;
    if (s.status === 'open' && s.workerId !== null && children.length > 0) {
      // The allocated-family route: a linked child has an open case with a worker.
      outcomes.push(sentToWorker(incident, staff, input.caseId, s.workerId));
      append({ type: 'incident-reported', at: at(incident.receivedAt + 60_000), by: '', contactId });
      schedule({ at: incident.receivedAt + (1 + Math.floor(rng() * 12)) * DAY_MS, kind: 'review', contactId, severity: incident.severity });
    } else if (s.status === 'closed' && incident.severity >= 0.6 && chance(rng, 0.5)) {
      const outcome = decisionOf(ctx, incident, children, latest, 'open');
      outcomes.push(outcome);
      start(outcome.decidedAt! + 10 * 60_000, outcome.decidedPathway!, true);
    } else outcomes.push(decisionOf(ctx, incident, children, latest, 'no-further-action', s.status === 'open'));
  }
  flush(end);
  return { events, state: state!, outcomes };
}
