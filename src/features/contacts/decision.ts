import { PATHWAYS } from '../../domain/contacts/contact.js';
import { caseToDecideOn, decisionPlan, planText, type DecisionPlan, type OpenCase } from '../../domain/contacts/decision-outcome.js';
import type { CaseEvent, CaseStage } from '../../domain/cases/case-events.js';
import { isUuid } from '../../domain/ids.js';
import type { Pathway } from '../../domain/triage/threshold.js';
import { openToUser } from '../../platform/access/decide.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Trx } from '../../platform/db/database.js';
import { addCaseMember, addCaseTask, appendCaseEvents, createCase, teamOfCase, type NewCase } from '../cases/service.js';
import { ContactError, type ContactActor } from './actor.js';
import * as q from './queries.js';
import * as change from './queries/changes.js';

/** The part each person on a contact plays on the children's case. */
const CASE_ROLE: Record<q.ContactPersonRow['role'], NewCase['members'][number]['role']> = {
  child: 'child',
  victim: 'adult-victim',
  'person-causing-harm': 'person-causing-harm',
  'other-adult': 'other-adult',
};

/** What a decision did, kept with the decision event: the decision page and the chronologies read it back. */
export interface DecisionOutcome {
  caseId: string | null;
  caseReference: string | null;
  /** none: no case; opened; stepped (up or down); unchanged: the decision is on the case's chronology. */
  caseChange: 'none' | 'opened' | 'stepped-up' | 'stepped-down' | 'unchanged';
  stageFrom: CaseStage | null;
  stageTo: CaseStage | null;
  teamId: string | null;
  tasks: ('allocate-case' | 'strategy-discussion')[];
}

/** The children's open cases, as the decision rules see them. */
export async function openCasesOfContact(trx: Trx, people: readonly q.ContactPersonRow[]): Promise<OpenCase[]> {
  const children = people.filter((p) => p.role === 'child' && p.person_id).map((p) => p.person_id!);
  const rows = await q.openCasesOfChildren(trx, children);
  const byCase = new Map<string, OpenCase>();
  for (const r of rows) {
    byCase.set(r.case_id, { id: r.case_id, reference: r.reference, stage: r.stage as CaseStage, workerId: r.worker_id, lastActivityAt: new Date(r.last_activity_at) });
  }
  return [...byCase.values()];
}

/** The plan for deciding `pathway` on this contact now: which case it acts on, and what it does to it. */
export async function planFor(trx: Trx, people: readonly q.ContactPersonRow[], pathway: Pathway): Promise<DecisionPlan> {
  return decisionPlan(pathway, caseToDecideOn(await openCasesOfContact(trx, people)));
}

/**
 * Carries out a threshold decision, in the transaction that records it: opens the children's case or
 * steps their open case, puts the decision on the case's chronology, asks the chosen team's managers to
 * allocate it, and asks for a strategy discussion on child protection.
 */
export async function actOnDecision(
  trx: Trx,
  tenantId: string,
  actor: ContactActor,
  contactId: string,
  people: readonly q.ContactPersonRow[],
  input: { pathway: Pathway; teamId: string | null },
  at: Date,
): Promise<DecisionOutcome> {
  const plan = await planFor(trx, people, input.pathway);
  const by = actor.kind === 'user' ? actor.user.id : '';
  const apiClientName = actor.kind === 'api' ? actor.client.name : undefined;
  const teamId = plan.needsTeam ? await requireTeam(trx, input.teamId) : null;
  const decided = (at: Date): CaseEvent => ({ type: 'threshold-decision', at, by, contactId, pathway: input.pathway, ...(apiClientName ? { apiClientName } : {}) });
  const allocated = (openTeam: string | null, at: Date): CaseEvent[] => (teamId && plan.allocationTask && openTeam !== teamId ? [{ type: 'allocated', at, by, workerId: null, teamId }] : []);
  const members = people.filter((p) => p.person_id).map((p) => ({ personId: p.person_id!, role: CASE_ROLE[p.role] }));

  const o = plan.caseOutcome;
  let caseId: string | null = null;
  let caseReference: string | null = null;
  let caseChange: DecisionOutcome['caseChange'] = 'none';
  if (o.kind === 'open') {
    const opened = await createCase(trx, tenantId, [{ type: 'opened', at, by, stage: o.stage }, ...allocated(null, at), decided(at)], members, by || null);
    ({ id: caseId, reference: caseReference } = opened);
    caseChange = 'opened';
  } else if (o.kind === 'step' || o.kind === 'unchanged') {
    caseId = o.openCase.id;
    caseReference = o.openCase.reference;
    const openTeam = await teamOfCase(trx, caseId);
    // Case events are in time order: a case last touched a moment later (a clock apart) takes the decision then.
    const caseAt = new Date(Math.max(at.getTime(), o.openCase.lastActivityAt.getTime()));
    const stepped: CaseEvent[] = o.kind === 'step' ? [{ type: 'stage-changed', at: caseAt, by, stage: o.to, contactId }] : [];
    await appendCaseEvents(trx, tenantId, caseId, [...stepped, ...allocated(openTeam, caseAt), decided(caseAt)]);
    for (const m of members) await addCaseMember(trx, tenantId, caseId, m.personId, m.role, by || null);
    caseChange = o.kind === 'step' ? (o.direction === 'up' ? 'stepped-up' : 'stepped-down') : 'unchanged';
  }
  const tasks: DecisionOutcome['tasks'] = [];
  if (caseId && teamId) {
    if (plan.allocationTask) tasks.push('allocate-case');
    if (plan.strategyDiscussion) tasks.push('strategy-discussion');
    for (const kind of tasks) await addCaseTask(trx, tenantId, { kind, caseId, contactId, teamId, createdBy: by || null });
  }
  if (caseId) await change.setCaseOfContact(trx, contactId, caseId);
  return {
    caseId,
    caseReference,
    caseChange,
    stageFrom: o.kind === 'step' ? o.from : o.kind === 'unchanged' ? o.openCase.stage : null,
    stageTo: o.kind === 'step' ? o.to : o.kind === 'open' ? o.stage : o.kind === 'unchanged' ? o.openCase.stage : null,
    teamId,
    tasks,
  };
}

async function requireTeam(trx: Trx, teamId: string | null): Promise<string> {
  if (!teamId) throw new ContactError(400, 'Choose the team whose managers will act on the decision', 'teamId');
  if (!isUuid(teamId)) throw new ContactError(400, 'Choose a team from the list', 'teamId');
  const team = await q.teamById(trx, teamId);
  if (!team) throw new ContactError(400, 'Choose a team from the list', 'teamId');
  return team.id;
}

/** What the decision page offers before deciding: the teams, and what each choice would do, in words. */
export async function decisionChoices(trx: Trx, user: CurrentUser, people: readonly q.ContactPersonRow[]) {
  const found = caseToDecideOn(await openCasesOfContact(trx, people));
  // A restricted case the manager holds no access to is acted on, but not named.
  const openCase = found && !(await caseOpenTo(trx, user, found.id)) ? { ...found, reference: '(restricted)' } : found;
  const children = people.filter((p) => p.role === 'child').map((p) => `${p.given_name} ${p.family_name}`);
  const plans = PATHWAYS.map((pathway) => {
    const plan = decisionPlan(pathway, openCase);
    return { pathway, text: planText(plan, children), needsTeam: plan.needsTeam };
  });
  const teams = await q.teams(trx);
  return { plans, teams };
}

/** What a decision did, as the decision page shows it: the case named only to someone who may open it. */
export async function outcomeView(trx: Trx, user: CurrentUser, outcome: DecisionOutcome | undefined) {
  if (!outcome) return null;
  const caseOpen = outcome.caseId ? await caseOpenTo(trx, user, outcome.caseId) : false;
  const team = outcome.teamId ? await q.teamById(trx, outcome.teamId) : undefined;
  return {
    caseId: caseOpen ? outcome.caseId : null,
    caseReference: caseOpen ? outcome.caseReference : outcome.caseId ? '(restricted)' : null,
    caseChange: outcome.caseChange,
    stageFrom: outcome.stageFrom,
    stageTo: outcome.stageTo,
    teamName: team?.name ?? null,
    tasks: outcome.tasks,
  };
}

/** A restricted case opens only to someone with a grant; any other case may be named. */
async function caseOpenTo(trx: Trx, user: CurrentUser, caseId: string): Promise<boolean> {
  const found = await q.caseSentTo(trx, caseId);
  return found ? openToUser(trx, user, { kind: 'case', id: caseId }, found.restricted) : false;
}
