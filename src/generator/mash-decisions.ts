/**
 * The MASH's part in a contact, recorded as the contacts service records it: the threshold indicators
 * ticked, the worker's recommendation (the triage of the indicators and the children, as the service
 * computes it), and the manager's decision with its reason, the DA service referral and whether to
 * check the Marac criteria. Most are decided within the working day allowed; a few late. The newest
 * wait in the queue, some with indicators or a recommendation already recorded.
 */
import type { DaServiceReferral } from '../domain/contacts/contact.js';
import { triageContact, type Pathway, type ThresholdIndicator, type TriageChild } from '../domain/triage/threshold.js';
import type { PlainDate } from '../domain/calendar/plain-date.js';
import { dateOf, DAY_MS, HOUR_MS } from './days.js';
import type { Incident } from './incidents.js';
import { chance, pick, sample, type Rng } from './random.js';
import type { Staff } from './staff.js';

export interface ContactEventRecord {
  type: string;
  at: number;
  byUser: string | null;
  data: Record<string, unknown>;
}

export interface ContactOutcome {
  status: 'awaiting-decision' | 'decided' | 'sent-to-allocated-worker';
  indicators: string[];
  recommendedPathway: Pathway | null;
  decidedPathway: Pathway | null;
  /** ms */
  decidedAt: number | null;
  decidedBy: string | null;
  /** Sent to the family's case (contacts.case_id). */
  toCase: boolean;
  /** What happened after it was received ('received' itself is added when it is written). */
  events: ContactEventRecord[];
}

export interface DecisionContext {
  rng: Rng;
  staff: Staff;
  indicators: readonly ThresholdIndicator[];
  decisionDueBy: (day: number) => number;
  /** ms: nothing after it. */
  end: number;
}

/** Share of decisions made after the working day allowed. */
const LATE_SHARE = 0.07;
/** Share of decisions where the manager departs from the recommendation. */
const DEPARTURE_SHARE = 0.12;

const RECOMMENDATION_REASONS: Record<Pathway, string> = {
  'no-further-action': 'A single low-level incident with no concerns about the children’s care; advice and information to the victim.',
  'early-help': 'Low-level abuse; the family would benefit from early help and the victim from support.',
  'child-in-need': 'Repeated abuse affecting the children; an assessment under section 17 is needed.',
  'child-protection': 'Serious risk of harm to the victim and the children; a strategy discussion is needed.',
};

const DEPARTURE_REASONS: Record<Pathway, string> = {
  'no-further-action': 'The family declined early help; advice and information given and the school informed.',
  'early-help': 'The family agreed to work with early help, which is the proportionate response.',
  'child-in-need': 'A strategy discussion found the threshold for section 47 not met; assess under section 17.',
  'child-protection': 'Taking the history together, the risk to the children is higher than this incident alone shows.',
};

/** Codes of the indicators that point to this level (or the nearest level below that has any). */
function indicatorsFor(rng: Rng, indicators: readonly ThresholdIndicator[], level: number): string[] {
  for (let l = level; l >= 1; l--) {
    const at = indicators.filter((i) => i.level === l);
    if (at.length) return sample(rng, at, at.length > 1 && chance(rng, 0.4) ? 2 : 1).map((i) => i.code);
  }
  return [];
}

function levelOf(severity: number): number {
  return severity < 0.25 ? 1 : severity < 0.5 ? 2 : severity < 0.85 ? 3 : 4;
}

function serviceFor(rng: Rng, severity: number): DaServiceReferral {
  if (severity >= 0.7) return 'idsva';
  if (severity >= 0.4) return 'floating-support';
  return chance(rng, 0.85) ? 'victim-support' : 'none';
}

const DEPARTURES: Record<Pathway, readonly Pathway[]> = {
  'no-further-action': ['early-help'],
  'early-help': ['child-in-need'],
  'child-in-need': ['early-help', 'child-protection'],
  'child-protection': ['child-in-need'],
};

/**
 * The MASH decision on a notification. `open` decides at early help or above (the family's case
 * opens on it); `no-further-action` decides no further action (and records why when the triage said
 * more). `latest` (ms) bounds every time recorded.
 */
export function decisionOf(ctx: DecisionContext, incident: Incident, children: readonly TriageChild[], latest: number, intent: 'open' | 'no-further-action', openCase = false): ContactOutcome {
  const { rng } = ctx;
  const codes = intent === 'open' ? indicatorsFor(rng, ctx.indicators, levelOf(incident.severity)) : incident.severity >= 0.3 && chance(rng, 0.5) ? indicatorsFor(rng, ctx.indicators, 1) : [];
  const recommended = triageContact(codes, children, dateOf(incident.receivedOn) as PlainDate, ctx.indicators).pathway;
  let decided: Pathway = intent === 'open' ? recommended : 'no-further-action';
  if (intent === 'open' && (decided === 'no-further-action' || chance(rng, DEPARTURE_SHARE))) decided = pick(rng, DEPARTURES[recommended]);
  const reason =
    openCase && decided === 'no-further-action'
      ? 'The family already has an open case; the information is passed to the team.'
      : decided === recommended
        ? RECOMMENDATION_REASONS[decided]
        : DEPARTURE_REASONS[decided];

  const received = incident.receivedAt;
  const dueEnd = (ctx.decisionDueBy(incident.receivedOn) + 1) * DAY_MS - HOUR_MS;
  const target = chance(rng, LATE_SHARE) ? dueEnd + (1 + Math.floor(rng() * 2)) * DAY_MS : received + (2 + rng() * 20) * HOUR_MS;
  const decidedAt = Math.max(received + 3 * 60_000, Math.min(target, dueEnd + 3 * DAY_MS, latest));
  const step = (decidedAt - received) / 4;
  const events: ContactEventRecord[] = [];
  if (codes.length) events.push({ type: 'indicators-set', at: received + step, byUser: ctx.staff.mashWorker, data: { indicators: codes } });
  events.push({ type: 'recommended', at: received + 2 * step, byUser: ctx.staff.mashWorker, data: { pathway: recommended, reason: RECOMMENDATION_REASONS[recommended] } });
  events.push({
    type: 'decided',
    at: decidedAt,
    byUser: ctx.staff.mashManager,
    data: { pathway: decided, reason, daServiceReferral: serviceFor(rng, incident.severity), checkMarac: incident.severity >= 0.7, recommended },
  });
  return { status: 'decided', indicators: codes, recommendedPathway: recommended, decidedPathway: decided, decidedAt, decidedBy: ctx.staff.mashManager, toCase: false, events };
}

/** A notification still in the queue: indicators ticked on some, a recommendation on a few. */
export function notYetDecided(ctx: DecisionContext, incident: Incident, children: readonly TriageChild[]): ContactOutcome {
  const { rng } = ctx;
  const room = ctx.end - incident.receivedAt;
  const events: ContactEventRecord[] = [];
  let codes: string[] = [];
  let recommended: Pathway | null = null;
  if (room > HOUR_MS && chance(rng, 0.45)) {
    codes = indicatorsFor(rng, ctx.indicators, levelOf(incident.severity));
    events.push({ type: 'indicators-set', at: incident.receivedAt + room * 0.3, byUser: ctx.staff.mashWorker, data: { indicators: codes } });
    if (chance(rng, 0.4)) {
      recommended = triageContact(codes, children, dateOf(incident.receivedOn) as PlainDate, ctx.indicators).pathway;
      events.push({ type: 'recommended', at: incident.receivedAt + room * 0.5, byUser: ctx.staff.mashWorker, data: { pathway: recommended, reason: RECOMMENDATION_REASONS[recommended] } });
    }
  }
  return { status: 'awaiting-decision', indicators: codes, recommendedPathway: recommended, decidedPathway: null, decidedAt: null, decidedBy: null, toCase: false, events };
}

/** A notification about a family whose case is open and allocated: it goes to the worker. */
export function sentToWorker(incident: Incident, staff: Staff, caseId: string, workerId: string): ContactOutcome {
  return {
    status: 'sent-to-allocated-worker',
    indicators: [],
    recommendedPathway: null,
    decidedPathway: null,
    decidedAt: null,
    decidedBy: null,
    toCase: true,
    events: [{ type: 'sent-to-allocated-worker', at: incident.receivedAt + 60_000, byUser: staff.mashWorker, data: { caseId, workerId } }],
  };
}
