import fc from 'fast-check';
import { expect } from 'vitest';
import { addDays, londonDate } from '../../src/domain/calendar/plain-date.js';
import { adminService } from '../../src/features/admin/service.js';
import { tenantService } from '../../src/features/admin/tenants.js';
import { caseNotesService } from '../../src/features/cases/notes-service.js';
import { casesService } from '../../src/features/cases/service.js';
import { safetyService } from '../../src/features/safety/service.js';
import { formatCsvRecord } from '../../src/features/contacts/csv.js';
import { NOTIFICATION_COLUMNS } from '../../src/features/contacts/import-columns.js';
import { notificationImportService } from '../../src/features/contacts/import-service.js';
import { contactsService } from '../../src/features/contacts/service.js';
import { addDaService } from '../../src/features/da-services/service.js';
import { relationshipsService } from '../../src/features/people/relationships-service.js';
import { DEFAULT_PANEL_TIMINGS } from '../../src/domain/marac/meetings.js';
import { maracMeetingsService } from '../../src/features/marac/meetings-service.js';
import { maracSetupService } from '../../src/features/marac/panels-service.js';
import { maracPartnerService } from '../../src/features/marac/partner-service.js';
import { maracResearchService } from '../../src/features/marac/research-service.js';
import { maracRunSheetService } from '../../src/features/marac/run-sheet-service.js';
import { mergeService } from '../../src/features/people/merge-service.js';
import { peopleService } from '../../src/features/people/service.js';
import { whereaboutsService } from '../../src/features/people/whereabouts-service.js';
import { riskService } from '../../src/features/risk/service.js';
import { assessmentService } from '../../src/features/assessment/service.js';
import { informationRequestsService } from '../../src/features/assessment/requests-service.js';
import { makeEveryDocument } from './documents.js';
import { makeSafetyPlans } from './safety-plans.js';
import { makeOrders } from './orders.js';
import { makeNotices } from './notices.js';
import { planService } from '../../src/features/casework/plan-service.js';
import { processService } from '../../src/features/casework/process-service.js';
import { visitService } from '../../src/features/casework/visit-service.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, startTestApp, type TestApp, type TestTenant } from '../helpers/app.js';
import { policeNotification, type NotificationPerson } from '../helpers/contacts.js';
import type { HuntedFamily } from './outputs.js';

/**
 * The leak hunt's world and its generated families, shared by the hunt that reads every output as
 * every role (leak-hunt.test.ts) and the adversarial hunt that first tries every state change
 * (adversarial.test.ts). A family has withheld whereabouts and is known to the system through every
 * kind of record: people and relationships, a case, police notifications (with an address, with
 * only a postcode, linked on arrival and linked later), a CSV import, a completed and an unfinished
 * risk checklist, and two Marac referrals.
 */

export interface HuntWorld {
  t: TestApp;
  tenant: TestTenant;
  /** The team manager who records every family (so she "added the record"). */
  manager: CurrentUser;
  mashWorker: CurrentUser;
  /** The team of the tenant's social worker, to which a family's case may be allocated. */
  teamId: string;
  /** A partner system with every read scope: what the hunt reads the API outputs with. */
  apiToken: string;
  notifyToken: string;
  riskToken: string;
  maracToken: string;
  daServiceId: string;
  /** The Marac: a meeting to come on a panel of the police (the hunt's agency representative's agency) and housing. */
  marac: { meetingId: string; panelId: string; policeId: string; housingId: string };
  /** A partner system issued to the police: the Marac API as the police's representatives see it. */
  policeApiToken: string;
  /** How many families have had their documents made: each family makes a share of every document, language and audience (leak-hunt/documents.ts). */
  documentRound: number;
}

/** A server on a fresh database, a tenant with a user of every role, the partner systems and the DA service. */
export async function startHunt(): Promise<HuntWorld> {
  const t = await startTestApp();
  const tenant = await createTestTenant(t.db);
  const system = { kind: 'system', tenantId: tenant.id } as const;
  const admin = adminService(t.db);
  const teamId = (await admin.createTeam(system, 'Hunt team', null)).id;
  await admin.updateUser(system, tenant.users['social-worker'].id, { name: 'Test social-worker', roles: ['social-worker'], teamIds: [teamId] }, null);
  // The team's manager, who sees on their home page what threshold decisions ask of the team.
  await admin.updateUser(system, tenant.users['team-manager'].id, { name: 'Test team-manager', roles: ['team-manager'], teamIds: [teamId] }, null);
  const manager = (await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users['team-manager'].id)))!;
  const mashWorker = (await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users['mash-worker'].id)))!;
  const clients = tenantService(t.db);
  // The hunter reads with every read scope; it also sends the family's notifications, so that it may
  // read what became of them (a sender reads only its own notifications' outcomes).
  const hunter = await clients.createApiClient(tenant.id, 'Leak hunter', ['people:read', 'cases:read', 'contacts:read', 'risk:read', 'notifications:read', 'notifications:write']);
  const apiToken = hunter.token;
  // The outcome of each notification it sends is emailed to its unit: the emails are hunted too (leak-hunt.test.ts).
  await clients.setOutcomeEmail(tenant.id, hunter.id, 'hunt.outcomes@police.example');
  const riskToken = (await clients.createApiClient(tenant.id, 'Risk tool', ['risk:write'])).token;
  const maracToken = (await clients.createApiClient(tenant.id, 'Marac tool', ['marac:write'])).token;
  const notifyToken = apiToken;
  const daServiceId = (
    await t.db.tenant(tenant.id, (trx) =>
      addDaService(trx, tenant.id, { name: 'Huntshire IDSVA', offers: 'A named adviser and a safety plan', howToRefer: 'The secure referral form', band: 'high', active: true }, { actorType: 'system', actorId: null, requestId: null }),
    )
  ).id;
  // The Marac: the hunt's agency representative is the police's; a meeting three weeks away takes each family's referral.
  const coordinator = (await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users['marac-coordinator'].id)))!;
  const setup = maracSetupService(t.db);
  const policeId = await setup.addAgency(coordinator, { name: 'Huntshire Police', sector: 'police' }, 'leak-hunt');
  const housingId = await setup.addAgency(coordinator, { name: 'Huntshire Homes', sector: 'housing' }, 'leak-hunt');
  await setup.setRepresentatives(coordinator, policeId, [tenant.users['agency-rep'].id], 'leak-hunt');
  const panelId = await setup.addPanel(coordinator, { name: 'Huntshire Marac', agencyIds: [policeId, housingId], ...DEFAULT_PANEL_TIMINGS }, 'leak-hunt');
  const [meetingId] = await maracMeetingsService(t.db).schedule(
    coordinator,
    { panelId, firstDay: addDays(londonDate(new Date()), 21), time: { hours: 10, minutes: 0 }, cadence: 'single', count: 1, venue: 'Huntshire Civic Centre', onlineLink: null, chair: 'Chair Hunt' },
    'leak-hunt',
  );
  const policeApiToken = (await clients.createApiClient(tenant.id, 'Huntshire Police system', ['marac:read', 'marac-agency:write'], 90, 'Huntshire Police')).token;
  return { t, tenant, manager, mashWorker, teamId, apiToken, notifyToken, riskToken, maracToken, daServiceId, marac: { meetingId: meetingId!, panelId, policeId, housingId }, policeApiToken, documentRound: 0 };
}

export const familySpec = fc
  .record({
    seed: fc.stringMatching(/^[A-Z][a-z]{5,8}$/),
    number: fc.integer({ min: 2, max: 998 }),
    children: fc.integer({ min: 1, max: 3 }),
    withheldAddress: fc.boolean(),
    withheldContact: fc.boolean(),
    olderAddressWithheld: fc.boolean(),
    allocation: fc.constantFrom('none', 'worker', 'team'),
    /** The victim's duplicate record: merged into hers, or merged and the merge undone. */
    duplicate: fc.constantFrom('merged', 'merge-undone'),
  })
  .filter((s) => s.withheldAddress || s.withheldContact || s.olderAddressWithheld);

export type FamilySpec = typeof familySpec extends fc.Arbitrary<infer S> ? S : never;

export interface BuiltFamily {
  family: HuntedFamily;
  /** Every withheld value of the family as it may appear in a response (address lines, postcodes, phone, code word, safe number, the place). */
  secrets: string[];
  victimId: string;
  victimName: string;
  harmId: string;
  childIds: string[];
}

/** The withheld text found in a response, compared without regard to case. */
export function leaks(text: string, secrets: readonly string[]): string[] {
  const lower = text.toLowerCase();
  return secrets.filter((s) => lower.includes(s.toLowerCase()));
}

/** Records a family with withheld whereabouts through the services and the partner APIs. The responses to the hunt's POSTs are checked for leaks as they come. */
export async function buildFamily(w: HuntWorld, spec: FamilySpec): Promise<BuiltFamily> {
  const { t, tenant, manager, mashWorker } = w;
  const secrets: string[] = [];
  const caller = { kind: 'user', user: manager } as const;
  const people = peopleService(t.db);
  const line1 = `${spec.number} ${spec.seed}crest Gardens`;
  const town = `Hidden${spec.seed.toLowerCase()}by`;
  const postcode = `ZZ${spec.number % 90} ${spec.number % 9}QX`;
  const oldLine = `${spec.number + 1} ${spec.seed}mere Lane`;
  const phone = `07700 9${String(spec.number).padStart(5, '0')}`;
  if (spec.withheldAddress) secrets.push(line1, town, postcode);
  if (spec.olderAddressWithheld) secrets.push(oldLine);
  if (spec.withheldContact) secrets.push(phone);
  const victimName = `Vic${spec.seed.toLowerCase()} Hunt${spec.seed}`;
  const victim = await people.create(caller, {
    givenName: `Vic${spec.seed.toLowerCase()}`,
    familyName: `Hunt${spec.seed}`,
    addresses: [
      { line1: oldLine, town: 'Openfield', from: '2010-01-01', to: '2020-01-01', withheld: spec.olderAddressWithheld, withheldReason: spec.olderAddressWithheld ? 'Old refuge' : undefined },
      { line1, town, postcode, from: '2020-01-02', withheld: spec.withheldAddress, withheldReason: spec.withheldAddress ? 'Fled high risk' : undefined },
    ],
    contactDetails: [{ kind: 'phone', value: phone, withheld: spec.withheldContact, withheldReason: spec.withheldContact ? 'New number' : undefined }],
  }, 'leak-hunt');
  const safeNumber = `07700 8${String(spec.number).padStart(5, '0')}`;
  const codeWord = `${spec.seed.toLowerCase()}wort`;
  secrets.push(codeWord);
  // Every generated family has something withheld, so the safe number is withheld too.
  secrets.push(safeNumber);
  await whereaboutsService(t.db).setSafeContact(caller, victim.id, { safeNumber, safeTimes: 'Mornings', mayLeaveMessage: false, askIfAloneFirst: true, codeWord, neutralLetters: true }, 'leak-hunt');
  const harm = await people.create(caller, { givenName: `Pch${spec.seed.toLowerCase()}`, familyName: `Hunt${spec.seed}` }, 'leak-hunt');
  // The children's grandmother, on the case as another adult: letters to a parent or carer go to her.
  const grandmother = await people.create(caller, { givenName: `Gran${spec.seed.toLowerCase()}`, familyName: `Hunt${spec.seed}` }, 'leak-hunt');
  const children = [];
  for (let i = 0; i < spec.children; i++) {
    children.push(await people.create(caller, { givenName: `Child${i}${spec.seed.toLowerCase()}`, familyName: `Hunt${spec.seed}`, dateOfBirth: `201${i + 4}-05-0${i + 1}` }, 'leak-hunt'));
  }
  const relationships = relationshipsService(t.db);
  await relationships.add(caller, victim.id, harm.id, 'intimate-partners', 'leak-hunt');
  for (const c of children) await relationships.add(caller, victim.id, c.id, 'parent-of', 'leak-hunt');
  const opened = await casesService(t.db).open(manager, {
    stage: 'child-protection',
    members: [...children.map((c) => ({ personId: c.id, role: 'child' as const })), { personId: victim.id, role: 'adult-victim' }, { personId: harm.id, role: 'person-causing-harm' }, { personId: grandmother.id, role: 'other-adult' }],
    workerId: spec.allocation === 'worker' ? tenant.users['social-worker'].id : null,
    teamId: spec.allocation === 'team' ? w.teamId : null,
  }, 'leak-hunt');
  // The police notify incidents about the family. What a contact gives about a person whose
  // whereabouts are withheld is withheld too, so a postcode and a place the police give only on a
  // contact are secrets as well: every generated family has something withheld.
  const givenPostcode = `ZY${spec.number % 90} ${spec.number % 9}GV`;
  const givenPlace = `Outside ${spec.seed}field Refuge`;
  secrets.push(givenPostcode, givenPlace);
  const victimOnContact = { ref: 'v', role: 'victim' as const, givenName: `Vic${spec.seed.toLowerCase()}`, familyName: `Hunt${spec.seed}` };
  const notify = async (what: string, people: NotificationPerson[], place?: string) => {
    const base = policeNotification({ people, relationships: [] });
    const res = await t.app.inject({
      method: 'POST',
      url: paths.api.notifications,
      headers: { authorization: `Bearer ${w.notifyToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify(place ? { ...base, incident: { ...base.incident, place } } : base),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(leaks(res.body + JSON.stringify(res.headers), secrets), `POST notifications response (${what})`).toEqual([]);
    return res.json<{ id: string }>().id;
  };
  const contactIds: string[] = [];
  // The victim's address as the police found it, with the family linked to their records.
  contactIds.push(
    await notify('address and postcode', [
      { ...victimOnContact, personId: victim.id, address: `${line1}, ${town}`, postcode },
      { ref: 'h', role: 'person-causing-harm', personId: harm.id, givenName: `Pch${spec.seed.toLowerCase()}`, familyName: `Hunt${spec.seed}` },
      ...children.map((c, i) => ({ ref: `c${i}`, role: 'child' as const, personId: c.id, givenName: `Child${i}${spec.seed.toLowerCase()}`, familyName: `Hunt${spec.seed}` })),
    ]),
  );
  // The MASH manager decides it (unless it went straight to the allocated worker): the case takes the
  // decision, the team is asked to allocate it and to hold a strategy discussion, and the police may read
  // the outcome. Each of those outputs is hunted.
  if (spec.allocation !== 'worker') {
    const mashManager = (await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users['mash-manager'].id)))!;
    await contactsService(t.db).decide({ kind: 'user', user: mashManager }, contactIds[0]!, { pathway: 'child-protection', reason: 'Hunt decision', daServiceReferral: 'idsva', checkMarac: true, teamId: w.teamId }, 'leak-hunt');
  }
  // A postcode and no address (issue 10, hole 2), with the place the police were called to.
  contactIds.push(await notify('postcode only', [{ ...victimOnContact, personId: victim.id, postcode: givenPostcode }], givenPlace));
  // The same about a victim the police could not name to a record: the MASH worker links her.
  const unlinked = await notify('postcode only, not linked', [{ ...victimOnContact, postcode: givenPostcode }], givenPlace);
  await contactsService(t.db).link({ kind: 'user', user: mashWorker }, unlinked, 'v', victim.id, 'leak-hunt');
  contactIds.push(unlinked);
  // Notifications carry no phone number, email or other contact detail (contactPersonInput has
  // none), so there is no contact-detail-only notification to send.
  // The same family in a police CSV: one good row, and one refused for its date of birth.
  const row = (reference: string, dateOfBirth: string) => {
    const v: Record<string, string> = {
      police_reference: reference, received_at: new Date(Date.now() - 3_600_000).toISOString(), occurred_at: new Date(Date.now() - 7_200_000).toISOString(),
      abuse_types: 'verbal', children_present: 'yes', injuries: 'no', weapon_used: 'no', alcohol_or_drugs: 'no', summary: 'Shouting heard by neighbours',
      victim_given_name: `Vic${spec.seed.toLowerCase()}`, victim_family_name: `Hunt${spec.seed}`, victim_date_of_birth: dateOfBirth, victim_postcode: postcode,
    };
    return formatCsvRecord(NOTIFICATION_COLUMNS.map((c) => v[c] ?? ''));
  };
  const csv = formatCsvRecord(NOTIFICATION_COLUMNS) + row(`HUNT/${spec.seed}/${spec.number}/1`, '1990-01-01') + row(`HUNT/${spec.seed}/${spec.number}/2`, `${postcode} not a date`);
  const imported = await notificationImportService(t.db, contactsService(t.db)).importFile(tenant.id, 'hunt.csv', () => [csv]);
  if ('refused' in imported) throw new Error(imported.refused);
  // A partner system records a completed Dash about the victim: high risk, so the Marac criteria are
  // met, and more than 6 weeks ago, so its review is overdue on the allocated worker's list.
  const recorded = await t.app.inject({
    method: 'POST',
    url: paths.api.riskAssessments,
    headers: { authorization: `Bearer ${w.riskToken}`, 'content-type': 'application/json' },
    payload: JSON.stringify({
      personId: victim.id,
      caseId: opened.id,
      instrument: 'dash-ric',
      completedAt: new Date(Date.now() - 50 * 86_400_000).toISOString(),
      answers: Object.fromEntries(Array.from({ length: 24 }, (_, i) => [String(i + 1), i < 15 ? 'yes' : i === 20 ? 'dont-know' : 'no'])),
      sources: { '3': 'Her sister' },
      comments: { '8': 'He waits outside the school' },
      agency: 'Police',
      completedWithVictim: true,
      victimView: 'She is afraid he will find her',
    }),
  });
  expect(recorded.statusCode, recorded.body).toBe(201);
  expect(leaks(recorded.body + JSON.stringify(recorded.headers), secrets), 'POST risk-assessments response').toEqual([]);
  const checklistId = recorded.json<{ id: string }>().id;
  // Two Marac referrals: the second, after the incident the police notified, is a repeat.
  const referralIds: string[] = [];
  for (const referredAt of [addDays(londonDate(new Date()), -30), londonDate(new Date())]) {
    const referred = await t.app.inject({
      method: 'POST',
      url: paths.api.maracReferrals,
      headers: { authorization: `Bearer ${w.maracToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        victimPersonId: victim.id,
        referredAt,
        referringAgency: 'Police',
        criteria: ['visible-high-risk'],
        riskAssessmentId: checklistId,
        personCausingHarmId: harm.id,
        childIds: children.map((c) => c.id),
        consent: 'given',
        risks: 'Threats to kill; he knows the school',
        contactSafety: 'Only the safe number',
      }),
    });
    expect(referred.statusCode, referred.body).toBe(201);
    expect(leaks(referred.body + JSON.stringify(referred.headers), secrets), 'POST marac-referrals response').toEqual([]);
    referralIds.push(referred.json<{ id: string }>().id);
  }
  // An unfinished Dash, every section and the details saved, by a MASH worker (who may never see withheld whereabouts).
  const risk = riskService(t.db);
  const draftId = await risk.startDraft(mashWorker, { personId: victim.id, caseId: opened.id, instrument: 'dash-ric' });
  const draft = await risk.draft(mashWorker, draftId);
  for (const section of draft.instrument.sections) {
    const answers = draft.instrument.questions.filter((q) => q.section === section.id).map((q) => ({ number: q.number, answer: q.number % 3 ? 'yes' : 'no', source: '', comment: '' }));
    await risk.saveSection(mashWorker, draftId, section.id, answers);
  }
  await risk.saveDetails(mashWorker, draftId, { completedOn: londonDate(new Date()), agency: 'MASH', withVictim: 'no', judgement: 'none' });
  // A second record of the victim, with a withheld address of its own, that a MASH manager merges into
  // hers (and, for some families, undoes): the merged pair must leak nothing either record did not.
  const duplicateLine = `${spec.number + 2} ${spec.seed}dene Close`;
  if (spec.withheldAddress) secrets.push(duplicateLine);
  const duplicate = await people.create(caller, {
    givenName: `Vic${spec.seed.toLowerCase()}`,
    familyName: `Hunt${spec.seed}`,
    addresses: [{ line1: duplicateLine, town: 'Openfield', withheld: spec.withheldAddress, withheldReason: spec.withheldAddress ? 'Second refuge' : undefined }],
  }, 'leak-hunt');
  await relationships.add(caller, duplicate.id, children[0]!.id, 'parent-of', 'leak-hunt');
  const mashManager = (await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users['mash-manager'].id)))!;
  const merges = mergeService(t.db);
  const { mergeId } = await merges.merge(mashManager, { keptId: victim.id, mergedId: duplicate.id, reason: 'One woman, two records' }, 'leak-hunt');
  if (spec.duplicate === 'merge-undone') await merges.undo(mashManager, mergeId, 'Checked: two records were right after all', 'leak-hunt');
  // The case's holder writes a note and puts the person causing harm on the must-not-receive list:
  // the note's correction page and the list's removal page are hunted too.
  const holder = spec.allocation === 'none' ? manager : (await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users['social-worker'].id)))!;
  const noteId = await caseNotesService(t.db).add(holder, opened.id, { kind: 'phone-call', occurredAt: new Date(Date.now() - 86_400_000), present: 'The mother', body: 'Spoke to her on the safe number at the agreed time.', seen: {} }, 'leak-hunt');
  await safetyService(t.db).addMustNotReceive(holder, opened.id, harm.id, ['address', 'contact-details'], 'He must not learn where she lives', 'leak-hunt');
  const mnrEntryId = (await t.db.owner().selectFrom('must_not_receive').select('id').where('case_id', '=', opened.id).executeTakeFirstOrThrow()).id;
  // The child protection process: a strategy discussion, a conference held in two parts (the person
  // causing harm attends the second, whose paper is hunted), a plan with actions for both parents, a visit.
  const today = londonDate(new Date());
  await processService(t.db).recordStrategyDiscussion(holder, opened.id, { heldOn: addDays(today, -20), attendees: [{ agency: 'Police', name: 'DS Hunter' }, { agency: 'Children’s services', name: 'A Worker' }], decision: 'section-47', reasons: 'Repeat incidents with the children present', immediateActions: '', childIds: children.map((c) => c.id) }, 'leak-hunt');
  await processService(t.db).recordConference(holder, opened.id, {
    kind: 'initial',
    heldOn: addDays(today, -10),
    decision: 'plan',
    category: 'emotional',
    split: true,
    parts: [
      { attendees: 'Chair, social worker, the mother, her IDVA', withVictim: true, withPersonCausingHarm: false },
      { attendees: 'Chair, social worker, the father', withVictim: false, withPersonCausingHarm: true },
    ],
    chair: 'Independent chair',
    reasons: 'Emotional harm from the abuse at home',
  }, 'leak-hunt');
  const conference = await t.db.owner().selectFrom('conferences').select(['id', 'plan_id']).where('case_id', '=', opened.id).executeTakeFirstOrThrow();
  const planId = conference.plan_id!;
  for (const [owner, action] of [[harm.id, 'Attend a perpetrator programme'], [victim.id, 'Work with the IDVA on a safety plan']] as const) {
    await planService(t.db).addAction(holder, opened.id, planId, { need: 'The children live with abuse at home', action, owner, ownerAgency: '', dueOn: addDays(today, 30) }, 'leak-hunt');
  }
  await visitService(t.db).record({ kind: 'user', user: holder }, opened.id, { kind: 'visit', happenedOn: addDays(today, -2), childId: children[0]!.id, seen: true, seenAlone: true, othersPresent: '', interpreter: 'none', interpreterName: '', agency: 'Children’s services', note: '' }, 'leak-hunt');
  // The repeat referral goes on the Marac meeting (a late addition once the agenda is out); the
  // victim's withheld address is released to housing, never to the police, whose representative hunts.
  const coordinator = (await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users['marac-coordinator'].id)))!;
  const meetings = maracMeetingsService(t.db);
  const { meetingCaseId } = await meetings.accept(coordinator, referralIds[1]!, w.marac.meetingId, 'leak-hunt');
  const circulated = await t.db.owner().selectFrom('marac_meetings').select('circulated_at').where('id', '=', w.marac.meetingId).executeTakeFirstOrThrow();
  if (!circulated.circulated_at) await meetings.circulate(coordinator, w.marac.meetingId, 'leak-hunt');
  await maracPartnerService(t.db).release(coordinator, meetingCaseId, { agencyId: w.marac.housingId, reason: 'To flag the tenancy', lawfulBasis: 'Safeguarding' }, 'leak-hunt');
  // The police return research on the case; the meeting records the risks and gives the police an action.
  const policeRep = (await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users['agency-rep'].id)))!;
  const onCase = [victim.id, harm.id, ...children.map((c) => c.id)];
  await maracResearchService(t.db).submit({ kind: 'user', user: policeRep }, meetingCaseId, { findings: onCase.map((personId) => ({ personId, known: personId === victim.id, involvement: personId === victim.id ? 'Two call-outs' : '', history: '', risks: '' })), offers: [], otherOffer: '' }, 'leak-hunt');
  const runSheets = maracRunSheetService(t.db);
  await runSheets.caseRecord(coordinator, meetingCaseId, { informationShared: 'The police shared two call-outs', riskCodes: ['threats-to-kill'], riskOther: '' }, 'leak-hunt');
  const actionId = await runSheets.addAction(
    coordinator,
    meetingCaseId,
    { risks: ['threats-to-kill'], aim: 'Flag the address for an urgent response', forWhom: 'victim', agencyId: w.marac.policeId, ownerName: '', dueOn: addDays(londonDate(new Date()), 30), copiedFrom: null, copyReason: '' },
    'leak-hunt',
  );
  // The child and family assessment, the first child's voice begun; a request to the police waiting for
  // their representative (who hunts its page), and one to the GP answered by phone.
  const assessments = assessmentService(t.db);
  await assessments.start(holder, opened.id, 'leak-hunt');
  await assessments.saveSection(holder, opened.id, 'childs-voice', children[0]!.id, { version: 0, completed: false, body: { sawHeardDid: 'Heard shouting through the wall', seenAlone: 'yes' } }, 'leak-hunt');
  const requests = informationRequestsService(t.db);
  const asked = { recipient: 'Public protection unit', question: 'What do you know of this family?', informs: ['domestic-abuse'], askedOn: londonDate(new Date()), dueOn: addDays(londonDate(new Date()), 10) };
  const requestId = await requests.ask(holder, opened.id, { ...asked, source: 'police', method: 'in-product', agencyId: w.marac.policeId }, 'leak-hunt');
  const answeredId = await requests.ask(holder, opened.id, { ...asked, source: 'gp', method: 'phone', agencyId: null, recipient: 'The surgery' }, 'leak-hunt');
  await requests.recordReturn(holder, opened.id, answeredId, { answer: 'Seen twice for anxiety this year', returnedOn: londonDate(new Date()) }, 'leak-hunt');
  // Every document the service can make, in every language, for every audience on the case.
  const documentIds = await makeEveryDocument(t.db, holder, opened.id, { victimId: victim.id, harmId: harm.id, childId: children[0]!.id, parentId: grandmother.id }, secrets, w.documentRound++);
  // The victim's safety plan, the first child's own, his rules, and a safety network member with withheld details; her plan and his rules printed.
  const safetyPlans = await makeSafetyPlans(t.db, holder, opened.id, { victimId: victim.id, harmId: harm.id, childId: children[0]!.id }, spec.seed, spec.number, secrets);
  // A no-contact notice to the first child's school with his photograph, and an Encompass notice; both printed for the school.
  const notices = await makeNotices(t.db, holder, opened.id, { harmId: harm.id, childId: children[0]!.id });
  // A protective order whose exclusion zone is her own (withheld) address, varied and breached, and a police notice.
  const orders = await makeOrders(t.db, holder, opened.id, { victimId: victim.id, harmId: harm.id, childId: children[0]!.id }, `Within 100 metres of ${line1}, ${town}`, secrets);
  const owner = t.db.owner();
  const addresses = await owner.selectFrom('person_addresses').select(['person_id', 'id']).where('person_id', 'in', [victim.id, duplicate.id]).execute();
  const contactDetails = await owner.selectFrom('person_contact_details').select(['person_id', 'id']).where('person_id', 'in', [victim.id, duplicate.id]).execute();
  const family: HuntedFamily = {
    caseId: opened.id,
    personIds: [victim.id, harm.id, ...children.map((c) => c.id), duplicate.id],
    names: [victimName, `Hunt${spec.seed}`],
    addresses: addresses.map((a) => ({ personId: a.person_id, id: a.id })),
    contactDetails: contactDetails.map((c) => ({ personId: c.person_id, id: c.id })),
    contactIds,
    importJobId: imported.jobId,
    victimId: victim.id,
    checklistId,
    draft: { id: draftId, sections: draft.instrument.sections.map((s) => s.id) },
    referralIds,
    daServiceId: w.daServiceId,
    duplicateId: duplicate.id,
    mergeId,
    assessment: { childIds: children.map((c) => c.id), requestId, answeredId },
    noteId,
    mnrEntryId,
    marac: { ...w.marac, meetingCaseId, actionId },
    casework: { conferenceId: conference.id, planId },
    documentIds: [...documentIds, ...safetyPlans.documentIds, ...notices.documentIds],
    safetyPlans: { victimPlanId: safetyPlans.victimPlanId, childPlanId: safetyPlans.childPlanId, harmId: safetyPlans.harmId },
    orders,
    notices: { noticeIds: [notices.noticeId, ...(notices.encompassId ? [notices.encompassId] : [])], photoId: notices.photoId },
  };
  return { family, secrets, victimId: victim.id, victimName, harmId: harm.id, childIds: children.map((c) => c.id) };
}
