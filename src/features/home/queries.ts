import type { Trx } from '../../platform/db/database.js';

export function teamNamesOf(trx: Trx, userId: string) {
  return trx.selectFrom('user_teams').innerJoin('teams', 'teams.id', 'user_teams.team_id').select('teams.name').where('user_teams.user_id', '=', userId).orderBy('teams.name').execute();
}

export function tenantName(trx: Trx) {
  return trx.selectFrom('tenants').select('name').executeTakeFirst();
}

/** How many cases are open at each stage, and how many of them nobody has been given: figures, no names. */
export function openCasesByStage(trx: Trx) {
  return trx
    .selectFrom('cases')
    .select(['stage', (eb) => eb.fn.countAll<string>().as('open'), (eb) => eb.fn.count<string>('worker_id').as('allocated')])
    .where('status', '=', 'open')
    .groupBy('stage')
    .execute();
}

/** Contacts waiting for a threshold decision, and how many of them are past their deadline. */
export function contactsWaiting(trx: Trx, today: string) {
  return trx
    .selectFrom('contacts')
    .select([(eb) => eb.fn.countAll<string>().as('waiting'), (eb) => eb.fn.sum<string>(eb.case().when('decision_due_by', '<', today).then(1).else(0).end()).as('overdue')])
    .where('status', '=', 'awaiting-decision')
    .executeTakeFirstOrThrow();
}
