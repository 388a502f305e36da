import { addDays, londonDate } from '../domain/calendar/plain-date.js';
import { maracActionsService } from '../features/marac/actions-service.js';
import { maracMeetingsService } from '../features/marac/meetings-service.js';
import { maracSetupService } from '../features/marac/panels-service.js';
import { maracResearchService } from '../features/marac/research-service.js';
import { maracRunSheetService } from '../features/marac/run-sheet-service.js';
import { loadUser, type CurrentUser } from '../platform/auth/current-user.js';
import type { Database } from '../platform/db/database.js';

const REQUEST = 'demo-seed';
const DAY = 86_400_000;

/**
 * The demo's Marac (all invented): the partner agencies and a panel; a meeting a fortnight ago that heard
 * the Demo-Hallam mother's first referral (attendance, risks, actions: one done, one overdue, one aimed
 * at the person causing harm) with approved minutes; and the next meeting, its agenda circulated, with her
 * repeat referral on it, the police's research returned and the earlier plan reviewed.
 */
export async function seedDemoMarac(db: Database, tenantId: string, referrals: { firstReferral: string; repeatReferral: string }, users: { coordinator: CurrentUser; rep: CurrentUser }): Promise<void> {
  const setup = maracSetupService(db);
  const me = users.coordinator;
  const agency = (name: string, sector: Parameters<typeof setup.addAgency>[1]['sector']) => setup.addAgency(me, { name, sector }, REQUEST);
  const police = await agency('Demoshire Police', 'police');
  const idva = await agency('Demoshire IDVA Service', 'idva');
  const childrens = await agency('Demo Children’s Services', 'childrens-services');
  const housing = await agency('Demo Homes', 'housing');
  const gp = await agency('Demo Health: GP practices', 'health-gp');
  const mental = await agency('Demo Mental Health Trust', 'mental-health');
  const substance = await agency('Demo Recovery Service', 'substance-misuse');
  const probation = await agency('Demoshire Probation', 'probation');
  await setup.setRepresentatives(me, police, [users.rep.id], REQUEST);
  // The representative as they are now: the police's.
  const rep = (await db.tenant(tenantId, (trx) => loadUser(trx, users.rep.id)))!;
  const members = [police, idva, childrens, housing, gp, mental, substance, probation];
  const panelId = await setup.addPanel(me, { name: 'Demoshire Marac', agencyIds: members, meetingCap: 16, circulateDays: 5, researchDays: 2, windowDays: 30 }, REQUEST);

  // Two meetings a fortnight apart: the first is made, then set in the past, as if it had been held.
  const meetings = maracMeetingsService(db);
  const [held, next] = await meetings.schedule(me, { panelId, firstDay: addDays(londonDate(new Date()), 7), time: { hours: 10, minutes: 0 }, cadence: 'fortnightly', count: 2, venue: 'Demo Civic Centre, Room 4', onlineLink: null, chair: 'DI Demo-Rahman' }, REQUEST);
  const first = await meetings.accept(me, referrals.firstReferral, held!, REQUEST);
  await meetings.circulate(me, held!, REQUEST);
  await db.tenant(tenantId, (trx) => trx.updateTable('marac_meetings').set({ held_at: new Date(Date.now() - 14 * DAY), circulated_at: new Date(Date.now() - 21 * DAY) }).where('id', '=', held!).execute());

  const runSheets = maracRunSheetService(db);
  await runSheets.confidentiality(me, held!, REQUEST);
  await runSheets.attendance(
    me,
    held!,
    members.map((id, i) => ({ agencyId: id, status: i === 5 ? 'apologies' : i === 6 ? 'absent' : 'present', representative: i === 0 ? 'Bethan Demo-Agency' : i < 5 || i === 7 ? 'Demo representative' : '' })),
    REQUEST,
  );
  await runSheets.caseRecord(me, first.meetingCaseId, { informationShared: 'Police: two call-outs since the separation. IDVA: she is engaging and has a safety plan. School: the older child is withdrawn.', riskCodes: ['strangulation', 'threats-to-kill', 'separation', 'children-harmed'], riskOther: '' }, REQUEST);
  const heldDay = londonDate(new Date(Date.now() - 14 * DAY));
  const action = (risks: string[], aim: string, forWhom: string, agencyId: string, days: number) =>
    runSheets.addAction(me, first.meetingCaseId, { risks, aim, forWhom, agencyId, ownerName: '', dueOn: addDays(heldDay, days), copiedFrom: null, copyReason: '' }, REQUEST);
  const flag = await action(['threats-to-kill', 'strangulation'], 'Flag her address for an urgent police response', 'victim', police, 2);
  const locks = await action(['separation'], 'Fit new locks and a door alarm at her address', 'victim', housing, 7);
  await action(['threats-to-kill'], 'Review his bail conditions and refer him to a behaviour change programme', 'person-causing-harm', probation, 21);
  await action(['children-harmed'], 'See both children at school and hear their views', 'children', childrens, 10);
  await runSheets.outcome(me, first.meetingCaseId, { outcome: 'heard', reason: '' }, REQUEST);
  await runSheets.approveMinutes(me, held!, REQUEST);
  // The police flagged the address; housing's locks are overdue.
  await maracActionsService(db).update({ kind: 'user', user: rep }, flag, { status: 'done', note: 'Address flagged on the control room system' }, REQUEST);
  void locks;

  // The repeat, on the next meeting: agenda out, the police's research back, the earlier plan reviewed.
  const repeat = await meetings.accept(me, referrals.repeatReferral, next!, REQUEST);
  await meetings.circulate(me, next!, REQUEST);
  const people = await db.tenant(tenantId, (trx) =>
    trx.selectFrom('marac_referrals as r').leftJoin('marac_referral_children as c', 'c.referral_id', 'r.id').select(['r.person_id', 'r.person_causing_harm_id', 'c.person_id as child_id']).where('r.id', '=', referrals.repeatReferral).execute(),
  );
  const ids = [...new Set(people.flatMap((p) => [p.person_id, p.person_causing_harm_id, p.child_id]).filter((x): x is string => Boolean(x)))];
  await maracResearchService(db).submit(
    { kind: 'user', user: rep },
    repeat.meetingCaseId,
    { findings: ids.map((personId, i) => ({ personId, known: i < 2, involvement: i === 0 ? 'A further call-out last week' : '', history: i === 1 ? 'Arrested for assault on her in the spring' : '', risks: '' })), offers: ['Flag the address for an urgent response'], otherOffer: '' },
    REQUEST,
  );
  const earlier = await db.tenant(tenantId, (trx) => trx.selectFrom('marac_actions').select(['id', 'agency_id']).where('meeting_case_id', '=', first.meetingCaseId).execute());
  for (const a of earlier) {
    await runSheets.review(me, repeat.meetingCaseId, a.id, { verdict: a.agency_id === police ? 'worked' : a.agency_id === housing ? 'not-done' : 'partly', note: a.agency_id === housing ? 'The locks were never fitted' : '' }, REQUEST);
  }
}
