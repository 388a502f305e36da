import { pageCountOf } from '../../platform/http/pagination.js';
import { ServiceError } from '../../platform/http/service-error.js';
import { applyCaseEvent, deriveCaseState, CaseEventError, needsApproval, type CaseEvent, type CaseStage, type CaseState, type RequestedChange } from '../../domain/cases/case-events.js';
import type { Viewer } from '../../domain/redaction/confidential.js';
import { accessFacts, caseViewerOf, mayBreakGlass, requireAccess } from '../../platform/access/decide.js';
import { actionsFor, can, type Action } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import { isRole } from '../../platform/access/roles.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import * as q from './queries.js';
import { chronologyPage, type ChronologyFilter } from './queries/chronology.js';
import { completeAllocationTasks, completeTask, insertTask, openTasksOfTeams as teamTasks, tasksOfCase } from './queries/tasks.js';

export class CaseError extends ServiceError {}

export interface NewCase {
  stage: CaseStage;
  members: { personId: string; role: q.MemberRole }[];
  workerId?: string | null;
  teamId?: string | null;
}

/** A team manager of this case approves its step-downs and closure (the access policy decides who). */
function mayApproveChanges(user: CurrentUser, resource: Parameters<typeof can>[2]): boolean {
  return can(user, 'case:approve-change', resource);
}

/** Loads a case the user may act on; the access decision refuses (404 for a case they may not know of). */
async function accessible(trx: Trx, user: CurrentUser, caseId: string, action: Action) {
  const resource = await requireAccess(trx, user, action, { kind: 'case', id: caseId });
  const row = await q.findCase(trx, caseId);
  if (!row) throw new CaseError(404, 'There is no such case');
  return { row, resource };
}

/** People going onto a case must exist, and restricted ones need the user's grant. */
async function requireOpenPeople(trx: Trx, user: CurrentUser, personIds: string[], field = 'members'): Promise<void> {
  for (const id of new Set(personIds)) {
    const person = await accessFacts(trx, user, { kind: 'person', id });
    if (!person) throw new CaseError(400, 'Choose people who are on the system', field);
    if (person.restricted && !person.actorHasGrant) {
      throw new CaseError(400, 'A restricted record you have no access to cannot be added: ask a manager for access first', field);
    }
  }
}

/**
 * Allocation rules that depend on who is chosen: nobody allocates a case to themselves, the worker
 * must be active and work cases, and a family whose whereabouts are withheld is allocated only by a
 * manager who may see them.
 */
async function requireAllocation(trx: Trx, user: CurrentUser, workerId: string | null, withheldMember: boolean): Promise<void> {
  if (withheldMember && !can(user, 'whereabouts:view-withheld')) {
    throw new CaseError(403, 'Someone on this case has withheld whereabouts: a team manager who can see them must allocate it', 'workerId');
  }
  if (!workerId) return;
  if (workerId === user.id) throw new CaseError(400, 'You cannot allocate a case to yourself: ask another manager', 'workerId');
  await activeUser(trx, workerId);
}

async function activeUser(trx: Trx, userId: string): Promise<void> {
  const row = await q.workerAccount(trx, userId);
  if (!row) throw new CaseError(400, 'Choose a worker from the list', 'workerId');
  if (!row.active) throw new CaseError(400, 'This worker’s account is deactivated: choose someone else', 'workerId');
  if (!row.roles.some((r) => isRole(r) && actionsFor(r).includes('case:edit'))) throw new CaseError(400, 'Choose a worker who works on cases', 'workerId');
}

/**
 * Marks a threshold decision's "hold a strategy discussion" task done, from the strategy discussion
 * recorded in full (the casework feature), in the caller's transaction. False when it was already done.
 */
export async function completeStrategyDiscussionTask(trx: Trx, tenantId: string, caseId: string, taskId: string, userId: string, summary: string): Promise<boolean> {
  if (!(await completeTask(trx, caseId, taskId, 'strategy-discussion', userId, summary))) return false;
  await appendCaseEvents(trx, tenantId, caseId, [{ type: 'strategy-discussion-held', at: new Date(), by: userId, taskId, note: summary }]);
  return true;
}

/**
 * What runs after events are appended to a case, in the same transaction: the composition root registers
 * the escalations feature's, so a new incident escalates the case however it arrived. Registering the
 * same function again changes nothing.
 */
export type CaseEventsListener = (trx: Trx, tenantId: string, caseId: string, events: readonly CaseEvent[]) => Promise<unknown>;
const caseEventsListeners = new Set<CaseEventsListener>();
export function whenCaseEventsAppended(listener: CaseEventsListener): void {
  caseEventsListeners.add(listener);
}

/** Appends events, re-derives the state and rewrites the projection, all in the caller's transaction. */
export async function appendCaseEvents(trx: Trx, tenantId: string, caseId: string, events: CaseEvent[]): Promise<void> {
  // One change to a case at a time: a second waits here until the first commits, then checks its
  // events against the state the first left (two people closing a case at once close it once).
  await q.lockCase(trx, caseId);
  let state = deriveCaseState(await q.loadEvents(trx, caseId));
  try {
    for (const event of events) state = applyCaseEvent(state, event);
  } catch (error) {
    if (error instanceof CaseEventError) throw new CaseError(409, error.message);
    throw error;
  }
  for (const event of events) await q.insertEvent(trx, tenantId, caseId, event);
  await q.saveProjection(trx, caseId, state);
  for (const listener of caseEventsListeners) await listener(trx, tenantId, caseId, events);
}

/**
 * Makes a case from its first events (the first is `opened`) and its members, in the caller's
 * transaction; the caller has checked access. `by` is null when the service or a partner system did it.
 */
export async function createCase(trx: Trx, tenantId: string, events: CaseEvent[], members: readonly NewCase['members'][number][], by: string | null): Promise<{ id: string; reference: string }> {
  let state: CaseState | null = null;
  try {
    for (const event of events) state = applyCaseEvent(state, event);
  } catch (error) {
    if (error instanceof CaseEventError) throw new CaseError(409, error.message);
    throw error;
  }
  if (!state) throw new CaseError(409, 'A case must start by being opened');
  const reference = await q.nextReference(trx);
  const { id } = await q.insertCase(trx, tenantId, reference, state);
  for (const e of events) await q.insertEvent(trx, tenantId, id, e);
  for (const m of members) await q.insertMember(trx, tenantId, id, m.personId, m.role, by);
  return { id, reference };
}

export function casesService(db: Database) {
  const append = appendCaseEvents;

  return {
    async open(user: CurrentUser, input: NewCase, requestId: string): Promise<{ id: string; reference: string }> {
      if (!can(user, 'case:create')) throw new CaseError(403, 'You do not have permission to open cases');
      if (!input.members.some((m) => m.role === 'child')) throw new CaseError(400, 'Add at least one child to the case', 'members');
      return db.tenant(user.tenantId, async (trx) => {
        await requireOpenPeople(trx, user, input.members.map((m) => m.personId));
        if (input.workerId || input.teamId) {
          if (!can(user, 'case:allocate')) throw new CaseError(403, 'Only a manager can allocate a case: leave it unallocated and your manager will allocate it', 'workerId');
          await requireAllocation(trx, user, input.workerId ?? null, await q.anyWithheldAmong(trx, input.members.map((m) => m.personId)));
        }
        const at = new Date();
        const events: CaseEvent[] = [{ type: 'opened', at, by: user.id, stage: input.stage }];
        if (input.workerId || input.teamId) events.push({ type: 'allocated', at, by: user.id, workerId: input.workerId ?? null, teamId: input.teamId ?? null });
        const { id, reference } = await createCase(trx, user.tenantId, events, input.members, user.id);
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'case.open', subjectType: 'case', subjectId: id, requestId });
        return { id, reference };
      });
    },

    /**
     * A page of the case's one chronology (every feature's events, newest first), filtered by kind, person
     * or agency, with the agencies that appear on it. `limit` events from `offset`.
     */
    async chronology(user: CurrentUser, caseId: string, filter: ChronologyFilter, limit: number, offset: number) {
      return db.tenant(user.tenantId, async (trx) => {
        await accessible(trx, user, caseId, 'case:view');
        return chronologyPage(trx, caseId, filter, limit, offset);
      });
    },

    /** Everything the case pages show; the viewer decides what withheld whereabouts look like. */
    async overview(user: CurrentUser, caseId: string) {
      return db.tenant(user.tenantId, async (trx) => {
        const { row, resource } = await accessible(trx, user, caseId, 'case:view');
        const withheld = resource.withheldMember;
        const [events, people, caseNotes, mnr, tasks] = await Promise.all([
          q.loadEvents(trx, caseId),
          q.members(trx, caseId),
          q.notes(trx, caseId),
          q.mustNotReceive(trx, caseId),
          tasksOfCase(trx, caseId),
        ]);
        const state = deriveCaseState(events);
        const workerName = await q.userName(trx, row.worker_id);
        const teamName = await q.teamName(trx, row.team_id);
        const viewer: Viewer = caseViewerOf(user, resource);
        // Names of everyone the history mentions (who did it, who and which team it was allocated to).
        const userIds = [...new Set(events.flatMap((e) => [e.by, ...(e.type === 'allocated' && e.workerId ? [e.workerId] : [])]).filter(Boolean))];
        const teamIds = [...new Set(events.flatMap((e) => (e.type === 'allocated' && e.teamId ? [e.teamId] : [])))];
        const { users: userRows, teams: teamRows } = await q.namesOf(trx, userIds, teamIds);
        return {
          id: row.id,
          reference: row.reference,
          restricted: row.restricted,
          state,
          workerName,
          teamName,
          members: people,
          events,
          notes: caseNotes,
          mustNotReceive: mnr,
          tasks,
          whereaboutsWithheld: withheld,
          viewer,
          userNames: Object.fromEntries(userRows.map((u) => [u.id, u.name])) as Record<string, string>,
          teamNames: Object.fromEntries(teamRows.map((t) => [t.id, t.name])) as Record<string, string>,
          mayEdit: can(user, 'case:edit', resource),
          mayAllocate: can(user, 'case:allocate', resource),
          /** A team manager of this case: their own step-downs and closures need nobody's approval. */
          approvesChanges: mayApproveChanges(user, resource),
          mayApproveChanges: mayApproveChanges(user, resource) && state.pendingChange?.by !== user.id,
        };
      });
    },

    /** The case's reference, for the break-glass page of someone the access decision says may break glass into it. */
    async reference(user: CurrentUser, caseId: string): Promise<string | null> {
      return db.tenant(user.tenantId, async (trx) => {
        const resource = await accessFacts(trx, user, { kind: 'case', id: caseId });
        if (!resource || !mayBreakGlass(user, resource)) return null;
        return (await q.findCase(trx, caseId))?.reference ?? null;
      });
    },

    /** Who a case can be allocated to (active users whose roles work on cases) and the teams. */
    async allocationChoices(user: CurrentUser) {
      if (!can(user, 'case:view')) throw new CaseError(403, 'You do not have permission to see cases');
      return db.tenant(user.tenantId, async (trx) => {
        const users = await q.activeUsers(trx);
        const teams = await q.teams(trx);
        const worksCases = (roles: readonly string[]) => roles.some((r) => isRole(r) && actionsFor(r).includes('case:edit'));
        return { workers: users.filter((u) => worksCases(u.roles)).map((u) => ({ id: u.id, name: u.name })), teams };
      });
    },

    async list(user: CurrentUser, filter: { scope: 'mine' | 'team'; status?: 'open' | 'closed'; stage?: string }, page: number) {
      if (!can(user, 'case:view')) throw new CaseError(403, 'You do not have permission to see cases');
      const size = 25;
      const found = await db.tenant(user.tenantId, (trx) =>
        q.listCases(trx, { ...filter, userId: user.id, teamIds: user.teamIds }, size, (page - 1) * size),
      );
      return { ...found, page, pageCount: pageCountOf(found.total, size) };
    },

    async allocate(user: CurrentUser, caseId: string, workerId: string | null, teamId: string | null, requestId: string): Promise<void> {
      await db.tenant(user.tenantId, async (trx) => {
        const { resource } = await accessible(trx, user, caseId, 'case:allocate');
        await requireAllocation(trx, user, workerId, resource.withheldMember);
        if (teamId && !(await q.teamExists(trx, teamId))) {
          throw new CaseError(400, 'Choose a team from the list', 'teamId');
        }
        await append(trx, user.tenantId, caseId, [{ type: 'allocated', at: new Date(), by: user.id, workerId, teamId }]);
        if (workerId) await completeAllocationTasks(trx, caseId, user.id);
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'case.allocate', subjectType: 'case', subjectId: caseId, requestId, details: { workerId, teamId } });
      });
    },

    /**
     * Closes, reopens or changes the stage of a case. Stepping a child protection or child in need case
     * down, and closing any case, needs the team manager's approval: from anyone else it becomes a
     * request on the case ('requested'), which the manager approves or returns (`decideChange`).
     */
    async changeStatus(user: CurrentUser, caseId: string, change: { type: 'closed' | 'reopened'; reason: string } | { type: 'stage-changed'; stage: CaseStage; reason: string }, requestId: string): Promise<'done' | 'requested'> {
      return db.tenant(user.tenantId, async (trx) => {
        const { resource } = await accessible(trx, user, caseId, 'case:edit');
        const state = deriveCaseState(await q.loadEvents(trx, caseId));
        const requested: RequestedChange | null = change.type === 'closed' ? { type: 'closed' } : change.type === 'stage-changed' ? { type: 'stage-changed', stage: change.stage } : null;
        if (requested && needsApproval(state, requested) && !mayApproveChanges(user, resource)) {
          await append(trx, user.tenantId, caseId, [{ type: 'change-requested', at: new Date(), by: user.id, change: requested, reason: change.reason }]);
          await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'case.change-requested', subjectType: 'case', subjectId: caseId, requestId, details: { change: requested } });
          return 'requested';
        }
        await append(trx, user.tenantId, caseId, [{ ...change, at: new Date(), by: user.id } as CaseEvent]);
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: `case.${change.type}`, subjectType: 'case', subjectId: caseId, requestId });
        return 'done';
      });
    },

    /** The team manager approves the change a worker asked for (and it is made), or returns it with a comment. */
    async decideChange(user: CurrentUser, caseId: string, decision: 'approve' | 'return', comment: string, requestId: string): Promise<void> {
      const text = comment.trim();
      if (decision === 'return' && !text) throw new CaseError(400, 'Say why you are returning the change, so the worker knows what to do', 'comment');
      if (text.length > 5000) throw new CaseError(400, 'Write 5,000 characters or fewer', 'comment');
      await db.tenant(user.tenantId, async (trx) => {
        const { resource } = await accessible(trx, user, caseId, 'case:edit');
        if (!mayApproveChanges(user, resource)) throw new CaseError(403, 'Only a team manager of this case can approve or return a change');
        const pending = deriveCaseState(await q.loadEvents(trx, caseId)).pendingChange;
        if (!pending) throw new CaseError(409, 'There is no change waiting for approval on this case', 'decision');
        if (pending.by === user.id) throw new CaseError(403, 'You asked for this change: another team manager must approve it', 'decision');
        const at = new Date();
        const made: CaseEvent[] =
          decision === 'return'
            ? [{ type: 'change-returned', at, by: user.id, comment: text }]
            : [
                { type: 'change-approved', at, by: user.id, comment: text },
                pending.change.type === 'closed' ? { type: 'closed', at, by: user.id, reason: pending.reason } : { type: 'stage-changed', at, by: user.id, stage: pending.change.stage, reason: pending.reason },
              ];
        await append(trx, user.tenantId, caseId, made);
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: decision === 'approve' ? 'case.change-approved' : 'case.change-returned', subjectType: 'case', subjectId: caseId, requestId, details: { change: pending.change } });
      });
    },

    /** The allocated worker records that they reviewed the plan and the safety plan after a new incident. */
    async reviewIncident(user: CurrentUser, caseId: string, contactId: string, note: string, requestId: string): Promise<void> {
      const text = note.trim();
      if (!text) throw new CaseError(400, 'Say what you reviewed and what changed in the plan or the safety plan', 'note');
      if (text.length > 5000) throw new CaseError(400, 'Write 5,000 characters or fewer', 'note');
      await db.tenant(user.tenantId, async (trx) => {
        await accessible(trx, user, caseId, 'case:edit');
        await append(trx, user.tenantId, caseId, [{ type: 'incident-reviewed', at: new Date(), by: user.id, contactId, note: text }]);
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'case.review-incident', subjectType: 'case', subjectId: caseId, requestId, details: { contactId } });
      });
    },

    async addMember(user: CurrentUser, caseId: string, personId: string, role: q.MemberRole, requestId: string): Promise<void> {
      await db.tenant(user.tenantId, async (trx) => {
        await accessible(trx, user, caseId, 'case:edit');
        await requireOpenPeople(trx, user, [personId], 'personId');
        await q.insertMember(trx, user.tenantId, caseId, personId, role, user.id);
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'case.add-member', subjectType: 'case', subjectId: caseId, requestId, details: { personId, role } });
      });
    },
  };
}

export type CasesService = ReturnType<typeof casesService>;

/** New incidents sent to the worker's (or their team's) open cases, for the home page. */
export const incidentsToReview = q.incidentsToReview;

/** Cases of these teams with a step-down or closure waiting for a team manager, for the home page. */
export const changesWaitingForTeams = q.changesWaitingForTeams;

/** Open tasks for the managers of these teams, for the home page. */
export const openTasksOfTeams = teamTasks;

/** Sets a task for a team's managers on a case, in the caller's transaction (a threshold decision). */
export const addCaseTask = insertTask;

/** Puts a person on a case in the caller's transaction, unless they are already on it in that role. */
export const addCaseMember = q.insertMember;

/** The team a case is allocated to, in the caller's transaction. */
export async function teamOfCase(trx: Trx, caseId: string): Promise<string | null> {
  return (await q.findCase(trx, caseId))?.team_id ?? null;
}

/** The case as a partner system sees it through the API: scope-checked by the router, restricted cases refused. */
export function caseApiView(db: Database) {
  return async (tenantId: string, caseId: string) =>
    db.tenant(tenantId, async (trx) => {
      const row = await q.findCase(trx, caseId);
      if (!row) return null;
      if (row.restricted) return { restricted: true as const };
      const state = deriveCaseState(await q.loadEvents(trx, caseId));
      const members = await q.members(trx, caseId);
      return {
        restricted: false as const,
        id: row.id,
        reference: row.reference,
        status: state.status,
        stage: state.stage,
        openedAt: state.openedAt.toISOString(),
        closedAt: state.closedAt?.toISOString() ?? null,
        members: members.map((m) => ({ personId: m.id, role: m.role })),
      };
    });
}

/**
 * A page of a case's chronology for a partner system: what happened, when, to whom and by which agency,
 * never what anyone wrote; null for a case that is not there or is restricted.
 */
export function caseChronologyApi(db: Database) {
  return async (tenantId: string, caseId: string, page: number) =>
    db.tenant(tenantId, async (trx) => {
      const row = await q.findCase(trx, caseId);
      if (!row || row.restricted) return null;
      const found = await chronologyPage(trx, caseId, {}, CHRONOLOGY_API_PAGE, (page - 1) * CHRONOLOGY_API_PAGE);
      return {
        total: found.total,
        page,
        pageSize: CHRONOLOGY_API_PAGE,
        events: found.rows.map((r) => ({ at: r.dateOnly ? r.at.toISOString().slice(0, 10) : r.at.toISOString(), kind: r.kind, what: r.what, personId: r.personId, agency: r.agency, significant: r.significant })),
      };
    });
}

const CHRONOLOGY_API_PAGE = 100;
