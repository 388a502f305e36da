import { caseFamilies } from './families.js';
import type { TaskKind } from '../../../domain/cases/tasks.js';
import type { Trx } from '../../../platform/db/database.js';

/** The tasks threshold decisions leave for a team's managers (src/domain/cases/tasks.ts). */

export async function insertTask(trx: Trx, tenantId: string, task: { kind: TaskKind; caseId: string; contactId: string | null; teamId: string; createdBy: string | null }): Promise<string> {
  const row = await trx
    .insertInto('tasks')
    .values({ tenant_id: tenantId, kind: task.kind, case_id: task.caseId, contact_id: task.contactId, team_id: task.teamId, created_by: task.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The case has a worker now: its allocation tasks are done. */
export async function completeAllocationTasks(trx: Trx, caseId: string, by: string): Promise<void> {
  await trx.updateTable('tasks').set({ done_at: new Date(), done_by: by }).where('case_id', '=', caseId).where('kind', '=', 'allocate-case').where('done_at', 'is', null).execute();
}

/** Records a task done with what was done; false when there is no such open task of that kind on the case. */
export async function completeTask(trx: Trx, caseId: string, taskId: string, kind: TaskKind, by: string, note: string): Promise<boolean> {
  const done = await trx
    .updateTable('tasks')
    .set({ done_at: new Date(), done_by: by, done_note: note })
    .where('id', '=', taskId)
    .where('case_id', '=', caseId)
    .where('kind', '=', kind)
    .where('done_at', 'is', null)
    .executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

/** Open tasks for these teams, oldest first, with the case they are about. */
export function openTasksOfTeams(trx: Trx, teamIds: readonly string[]) {
  if (!teamIds.length) return Promise.resolve([]);
  return trx
    .selectFrom('tasks')
    .innerJoin('cases', 'cases.id', 'tasks.case_id')
    .innerJoin('teams', 'teams.id', 'tasks.team_id')
    .select(['tasks.id', 'tasks.kind', 'tasks.case_id', 'tasks.created_at', 'cases.reference', 'cases.stage', 'cases.status', 'teams.name as team_name', caseFamilies.as('families')])
    .where('tasks.team_id', 'in', teamIds)
    .where('tasks.done_at', 'is', null)
    .orderBy('tasks.created_at')
    .limit(50)
    .execute();
}

/** Every task on a case, open ones first. */
export function tasksOfCase(trx: Trx, caseId: string) {
  return trx
    .selectFrom('tasks')
    .innerJoin('teams', 'teams.id', 'tasks.team_id')
    .select(['tasks.id', 'tasks.kind', 'tasks.created_at', 'tasks.done_at', 'tasks.done_note', 'teams.name as team_name'])
    .where('tasks.case_id', '=', caseId)
    .orderBy('tasks.done_at', (ob) => ob.desc().nullsFirst())
    .orderBy('tasks.created_at')
    .execute();
}
