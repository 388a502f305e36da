import { caseFamilies } from './queries/families.js';
import type { ChildSeen, NoteKind } from '../../domain/cases/case-notes.js';
import { sql } from 'kysely';
import type { CaseEvent, CaseState } from '../../domain/cases/case-events.js';
import type { Trx } from '../../platform/db/database.js';

export type MemberRole = 'child' | 'adult-victim' | 'person-causing-harm' | 'other-adult' | 'supporter';

export async function nextReference(trx: Trx): Promise<string> {
  const row = await sql<{ n: string }>`select nextval('case_reference_seq')::text as n`.execute(trx);
  return `WA-${String(row.rows[0]?.n ?? '0').padStart(6, '0')}`;
}

export function insertCase(trx: Trx, tenantId: string, reference: string, state: CaseState) {
  return trx
    .insertInto('cases')
    .values({
      tenant_id: tenantId,
      reference,
      status: state.status,
      stage: state.stage,
      worker_id: state.workerId,
      team_id: state.teamId,
      opened_at: state.openedAt,
      closed_at: state.closedAt,
      last_activity_at: state.lastActivityAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Rewrites the case's projection from its derived state (same transaction as the event). */
export function saveProjection(trx: Trx, caseId: string, state: CaseState) {
  return trx
    .updateTable('cases')
    .set({
      status: state.status,
      stage: state.stage,
      worker_id: state.workerId,
      team_id: state.teamId,
      closed_at: state.closedAt,
      last_activity_at: state.lastActivityAt,
      change_requested_at: state.pendingChange?.at ?? null,
    })
    .where('id', '=', caseId)
    .execute();
}

export function insertEvent(trx: Trx, tenantId: string, caseId: string, event: CaseEvent) {
  const { type, at, by, ...data } = event;
  return trx.insertInto('case_events').values({ tenant_id: tenantId, case_id: caseId, type, at, by_user: by || null, data: JSON.stringify(data) }).execute();
}

/** Takes the case's row lock for the rest of the transaction (PGlite has one connection, so it has nothing to wait for). */
export async function lockCase(trx: Trx, caseId: string): Promise<void> {
  await trx.selectFrom('cases').select('id').where('id', '=', caseId).forUpdate().execute();
}

export async function loadEvents(trx: Trx, caseId: string): Promise<CaseEvent[]> {
  const rows = await trx.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
  return rows.map((r) => ({ ...(r.data as object), type: r.type, at: new Date(r.at), by: r.by_user ?? '' }) as CaseEvent);
}

export function findCase(trx: Trx, caseId: string) {
  return trx.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
}

export function members(trx: Trx, caseId: string) {
  return trx
    .selectFrom('case_members')
    .innerJoin('people', 'people.id', 'case_members.person_id')
    .select(['people.id', 'people.given_name', 'people.family_name', 'people.date_of_birth', 'people.send', 'people.restricted', 'case_members.role'])
    .select(['people.first_language', 'people.dialect', 'people.interpreter_needed', 'people.interpreter_sex'])
    .where('case_members.case_id', '=', caseId)
    .orderBy('case_members.role')
    .orderBy('people.family_name')
    .execute();
}

/** Whether any of these people has a withheld address or contact detail (for allocating a new case). */
export async function anyWithheldAmong(trx: Trx, personIds: readonly string[]): Promise<boolean> {
  if (personIds.length === 0) return false;
  const [address, detail] = [
    await trx.selectFrom('person_addresses').select('id').where('person_id', 'in', personIds).where('withheld', '=', true).limit(1).executeTakeFirst(),
    await trx.selectFrom('person_contact_details').select('id').where('person_id', 'in', personIds).where('withheld', '=', true).limit(1).executeTakeFirst(),
  ];
  return Boolean(address || detail);
}

export function notes(trx: Trx, caseId: string) {
  return trx
    .selectFrom('case_notes')
    .leftJoin('users', 'users.id', 'case_notes.created_by')
    .select([
      'case_notes.id',
      'case_notes.body',
      'case_notes.created_at',
      'case_notes.kind',
      'case_notes.occurred_at',
      'case_notes.present',
      'case_notes.children_seen',
      'case_notes.amends',
      'case_notes.amend_reason',
      'users.name as author',
    ])
    .where('case_notes.case_id', '=', caseId)
    .orderBy('case_notes.created_at', 'desc')
    .execute();
}

export function mustNotReceive(trx: Trx, caseId: string) {
  return trx
    .selectFrom('must_not_receive')
    .innerJoin('people', 'people.id', 'must_not_receive.person_id')
    .select(['must_not_receive.id', 'must_not_receive.person_id', 'people.given_name', 'people.family_name', 'must_not_receive.information', 'must_not_receive.reason', 'must_not_receive.added_at'])
    .where('must_not_receive.case_id', '=', caseId)
    .where('must_not_receive.removed_at', 'is', null)
    .orderBy('must_not_receive.added_at')
    .execute();
}

export interface CaseListFilter {
  scope: 'mine' | 'team' | 'all';
  userId: string;
  teamIds: readonly string[];
  status?: 'open' | 'closed';
  stage?: string;
}

export async function listCases(trx: Trx, f: CaseListFilter, limit: number, offset: number) {
  let query = trx.selectFrom('cases');
  if (f.scope === 'mine') query = query.where('cases.worker_id', '=', f.userId);
  if (f.scope === 'team') query = f.teamIds.length ? query.where('cases.team_id', 'in', [...f.teamIds]) : query.where(sql<boolean>`false`);
  if (f.status) query = query.where('cases.status', '=', f.status);
  if (f.stage) query = query.where('cases.stage', '=', f.stage);
  const [rows, count] = await Promise.all([
    query
      .leftJoin('users', 'users.id', 'cases.worker_id')
      .leftJoin('teams', 'teams.id', 'cases.team_id')
      .select([
        'cases.id',
        'cases.reference',
        'cases.status',
        'cases.stage',
        'cases.restricted',
        'cases.last_activity_at',
        'cases.team_id',
        'cases.worker_id',
        'users.name as worker_name',
        'teams.name as team_name',
        sql<string | null>`(select string_agg(p.given_name || ' ' || p.family_name, ', ' order by p.date_of_birth desc nulls last)
          from case_members m join people p on p.id = m.person_id where m.case_id = cases.id and m.role = 'child')`.as('children'),
      ])
      .orderBy('cases.last_activity_at', 'desc')
      .orderBy('cases.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Incidents sent to open cases of this worker (or their teams) with no review recorded yet. */
export function incidentsToReview(trx: Trx, userId: string, teamIds: readonly string[]) {
  return trx
    .selectFrom('case_events as reported')
    .innerJoin('cases', 'cases.id', 'reported.case_id')
    .select(['cases.id as case_id', 'cases.reference', 'reported.at', sql<string>`reported.data->>'contactId'`.as('contact_id'), caseFamilies.as('families')])
    .where('reported.type', '=', 'incident-reported')
    .where('cases.status', '=', 'open')
    .where((eb) => eb.or([eb('cases.worker_id', '=', userId), ...(teamIds.length ? [eb('cases.team_id', 'in', [...teamIds])] : [])]))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('case_events as reviewed')
            .select('reviewed.id')
            .whereRef('reviewed.case_id', '=', 'reported.case_id')
            .where('reviewed.type', '=', 'incident-reviewed')
            .where(sql<boolean>`reviewed.data->>'contactId' = reported.data->>'contactId'`),
        ),
      ),
    )
    .orderBy('reported.at')
    .limit(50)
    .execute();
}

/** A worker's account, to check before allocating to them. */
export function workerAccount(trx: Trx, userId: string) {
  return trx.selectFrom('users').select(['active', 'roles']).where('id', '=', userId).executeTakeFirst();
}

export async function insertMember(trx: Trx, tenantId: string, caseId: string, personId: string, role: MemberRole, addedBy: string | null): Promise<void> {
  await trx.insertInto('case_members').values({ tenant_id: tenantId, case_id: caseId, person_id: personId, role, added_by: addedBy }).onConflict((oc) => oc.doNothing()).execute();
}

export async function userName(trx: Trx, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  return (await trx.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst())?.name ?? null;
}

export async function teamName(trx: Trx, teamId: string | null): Promise<string | null> {
  if (!teamId) return null;
  return (await trx.selectFrom('teams').select('name').where('id', '=', teamId).executeTakeFirst())?.name ?? null;
}

/** Names of these users and teams, for a case's history. */
export async function namesOf(trx: Trx, userIds: readonly string[], teamIds: readonly string[]) {
  const users = userIds.length ? await trx.selectFrom('users').select(['id', 'name']).where('id', 'in', [...userIds]).execute() : [];
  const teams = teamIds.length ? await trx.selectFrom('teams').select(['id', 'name']).where('id', 'in', [...teamIds]).execute() : [];
  return { users, teams };
}

export function activeUsers(trx: Trx) {
  return trx.selectFrom('users').select(['id', 'name', 'roles']).where('active', '=', true).orderBy('name').orderBy('id').execute();
}

export function teams(trx: Trx) {
  return trx.selectFrom('teams').select(['id', 'name']).orderBy('name').orderBy('id').execute();
}

export async function teamExists(trx: Trx, teamId: string): Promise<boolean> {
  return Boolean(await trx.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst());
}

export interface NoteRecord {
  body: string;
  kind: NoteKind;
  occurredAt: Date;
  present: string | null;
  childrenSeen: ChildSeen[] | null;
  amends?: { noteId: string; reason: string };
}

export async function insertNote(trx: Trx, tenantId: string, caseId: string, note: NoteRecord, by: string): Promise<string> {
  const row = await trx
    .insertInto('case_notes')
    .values({
      tenant_id: tenantId,
      case_id: caseId,
      body: note.body,
      kind: note.kind,
      occurred_at: note.occurredAt,
      present: note.present,
      children_seen: note.childrenSeen ? JSON.stringify(note.childrenSeen) : null,
      amends: note.amends?.noteId ?? null,
      amend_reason: note.amends?.reason ?? null,
      created_by: by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Open cases of these teams with a step-down or closure waiting for a team manager, oldest request first. */
export function changesWaitingForTeams(trx: Trx, teamIds: readonly string[]) {
  if (!teamIds.length) return Promise.resolve([]);
  return trx
    .selectFrom('cases')
    .select(['id', 'reference', 'stage', 'change_requested_at', caseFamilies.as('families')])
    .where('team_id', 'in', teamIds)
    .where('change_requested_at', 'is not', null)
    .orderBy('change_requested_at')
    .limit(50)
    .execute();
}
