import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { adminService } from '../../src/features/admin/service.js';
import { tenantService } from '../../src/features/admin/tenants.js';
import { casesService } from '../../src/features/cases/service.js';
import { contactsService } from '../../src/features/contacts/service.js';
import { peopleService } from '../../src/features/people/service.js';
import { relationshipsService } from '../../src/features/people/relationships-service.js';
import { informationRequestsService } from '../../src/features/assessment/requests-service.js';
import type { Role } from '../../src/platform/access/roles.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { browserTest, fillForm, follow, signIn, visit } from '../helpers/browser.js';
import { policeNotification } from '../helpers/contacts.js';

/**
 * Issue 15 in a browser: a child protection decision on a police notification, then the strategy
 * discussion, the section 47 enquiry, an initial conference held in two parts, the plan with an action
 * for the person causing harm, the first core group, and the assessment with the child's voice,
 * submitted by the worker and authorised by the manager; every page axe-checked. The dates are past
 * dates around the summer bank holiday (Monday 31 August 2026), so each due date steps over it.
 */

const WITHHELD = '7 Kingfisher Refuge Walk';

describe('the social work case in a browser (axe on every page)', () => {
  const b = browserTest();

  async function user(role: Role): Promise<CurrentUser> {
    const u = await b.t.db.tenant(b.tenant.id, (trx) => loadUser(trx, b.tenant.users[role].id));
    if (!u) throw new Error(`no ${role}`);
    return u;
  }

  /** Fills the boxes and ticks the choices named, by their field names, on the page as it is. */

  const date = (prefix: string, iso: string) => {
    const [y, m, d] = iso.split('-');
    return { [`${prefix}-day`]: String(Number(d)), [`${prefix}-month`]: String(Number(m)), [`${prefix}-year`]: y! };
  };

  /** The text of a row of the Plans tab's process table. */
  const step = (page: Page, key: string) => page.locator(`[data-step="${key}"]`).innerText();

  it('takes a child protection decision through the strategy discussion, a split conference and the plan, and the assessment to authorisation', async () => {
    const system = { kind: 'system' as const, tenantId: b.tenant.id };
    const team = await adminService(b.t.db).createTeam(system, 'Family safeguarding Central', null);
    await b.t.db
      .owner()
      .insertInto('user_teams')
      .values([b.tenant.users['team-manager'].id, b.tenant.users['social-worker'].id].map((id) => ({ tenant_id: b.tenant.id, user_id: id, team_id: team.id })))
      .execute();
    const manager = await user('team-manager');
    const worker = await user('social-worker');
    const by = { kind: 'user' as const, user: manager };
    const people = peopleService(b.t.db);
    const victim = (await people.create(by, { givenName: 'Selina', familyName: 'Marchetti', dateOfBirth: '1990-02-14', addresses: [{ line1: WITHHELD, town: 'Eastbridge', withheld: true, withheldReason: 'Fled to a refuge' }] }, 'e2e')).id;
    const harmer = (await people.create(by, { givenName: 'Vincent', familyName: 'Marchetti', dateOfBirth: '1987-06-30' }, 'e2e')).id;
    const child = (await people.create(by, { givenName: 'Luca', familyName: 'Marchetti', dateOfBirth: '2017-09-03' }, 'e2e')).id;
    const rel = relationshipsService(b.t.db);
    await rel.add(by, victim, child, 'parent-of', 'e2e');
    await rel.add(by, harmer, child, 'parent-of', 'e2e');
    await rel.add(by, victim, harmer, 'intimate-partners', 'e2e');

    // The police notified an incident on Wednesday 19 August 2026; the MASH decided on child protection.
    const notification = policeNotification({
      receivedAt: '2026-08-19T09:00:00.000Z',
      people: [
        { ref: 'v', role: 'victim', givenName: 'Selina', familyName: 'Marchetti', dateOfBirth: '1990-02-14', sex: 'female', personId: victim },
        { ref: 'h', role: 'person-causing-harm', givenName: 'Vincent', familyName: 'Marchetti', dateOfBirth: '1987-06-30', sex: 'male', personId: harmer },
        { ref: 'c1', role: 'child', givenName: 'Luca', familyName: 'Marchetti', dateOfBirth: '2017-09-03', personId: child },
      ],
    });
    notification.incident.occurredAt = '2026-08-19T01:00:00.000Z';
    const contacts = contactsService(b.t.db);
    const { id: contactId } = await contacts.receive(system, notification, null);
    await contacts.decide({ kind: 'user', user: await user('mash-manager') }, contactId, { pathway: 'child-protection', reason: 'Children present at a serious incident; strategy discussion needed', daServiceReferral: null, checkMarac: false, teamId: team.id }, 'e2e');
    const kase = await b.t.db.owner().selectFrom('case_members').innerJoin('cases', 'cases.id', 'case_members.case_id').select(['cases.id', 'cases.reference', 'cases.stage']).where('case_members.person_id', '=', child).executeTakeFirstOrThrow();
    expect(kase.stage).toBe('child-protection');
    await casesService(b.t.db).allocate(manager, kase.id, worker.id, team.id, 'e2e');
    // A Marac referral and a risk checklist, recorded by partner systems, belong on the same chronology.
    const riskToken = (await tenantService(b.t.db).createApiClient(b.tenant.id, 'Police risk tool', ['risk:write'])).token;
    const recorded = await b.t.app.inject({
      method: 'POST',
      url: paths.api.riskAssessments,
      headers: { authorization: `Bearer ${riskToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ personId: victim, caseId: kase.id, instrument: 'dash-ric', completedAt: '2026-08-19T12:00:00.000Z', answers: Object.fromEntries(Array.from({ length: 24 }, (_, i) => [String(i + 1), i < 15 ? 'yes' : 'no'])), agency: 'Police', completedWithVictim: true }),
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const maracToken = (await tenantService(b.t.db).createApiClient(b.tenant.id, 'Police Marac tool', ['marac:write'])).token;
    const referred = await b.t.app.inject({
      method: 'POST',
      url: paths.api.maracReferrals,
      headers: { authorization: `Bearer ${maracToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ victimPersonId: victim, referredAt: '2026-08-20', referringAgency: 'Police', criteria: ['visible-high-risk'], riskAssessmentId: recorded.json<{ id: string }>().id, personCausingHarmId: harmer, childIds: [child], consent: 'given', risks: 'Threats; he knows the school', contactSafety: 'Only through the IDVA' }),
    });
    expect(referred.statusCode, referred.body).toBe(201);
    // The health visiting service's system records a missed appointment; the worker asks the school and records its answer by phone.
    const healthToken = (await tenantService(b.t.db).createApiClient(b.tenant.id, 'Health visiting system', ['cases:write'])).token;
    const missed = await b.t.app.inject({ method: 'POST', url: paths.api.caseVisits(kase.id), headers: { authorization: `Bearer ${healthToken}`, 'content-type': 'application/json' }, payload: JSON.stringify({ kind: 'missed-appointment', happenedOn: '2026-09-01', childId: child, agency: 'Health visiting' }) });
    expect(missed.statusCode, missed.body).toBe(201);
    const requests = informationRequestsService(b.t.db);
    const requestId = await requests.ask(worker, kase.id, { source: 'school', method: 'phone', agencyId: null, recipient: 'Designated safeguarding lead', question: 'Attendance and how Luca presents', informs: ['impact'], askedOn: '2026-08-24', dueOn: '2026-09-04' }, 'e2e');
    await requests.recordReturn(worker, kase.id, requestId, { answer: 'Late most days; tired', returnedOn: '2026-09-02' }, 'e2e');

    const page = await b.newPage();
    const main = page.locator('main');
    await signIn(page, b.tenant.users['social-worker'].email);
    await visit(page, paths.cases.overview(kase.id));

    // The threshold decision's task leads to the strategy discussion.
    await follow(page, () => main.getByRole('link', { name: 'Record the strategy discussion' }).click());
    await fillForm(page, { ...date('heldOn', '2026-08-20'), 'name-1': 'Sam Okafor, social worker', 'name-2': 'DS Rowe, public protection', 'agency-3': 'Health', 'name-3': 'Named nurse for safeguarding', decision: 'section-47', reasons: 'Luca was present; repeat incidents; a section 47 enquiry is needed', immediateActions: 'Police to warn Vincent; Selina and Luca stay at the refuge' });
    await follow(page, () => page.getByRole('button', { name: 'Record the strategy discussion' }).click());
    expect(await main.innerText()).toContain('The strategy discussion has been recorded');
    // 15 working days after Thursday 20 August 2026, stepping over the bank holiday on 31 August.
    expect(await step(page, 'initial-conference')).toContain('11 September 2026');

    await follow(page, () => main.getByRole('link', { name: 'Record the outcome of the section 47 enquiry' }).click());
    await fillForm(page, { outcome: 'conference', ...date('outcomeOn', '2026-09-03') });
    await follow(page, () => page.getByRole('button', { name: 'Record the outcome' }).click());

    // The initial conference, split: Selina attends the first part, Vincent the second.
    await follow(page, () => main.getByRole('link', { name: 'Record an initial child protection conference' }).click());
    await fillForm(page, { ...date('heldOn', '2026-09-10'), split: 'yes', 'part-1-attendees': 'Chair, Sam Okafor, Selina, her IDVA, DS Rowe', 'part-1-with': 'victim', 'part-2-attendees': 'Chair, Sam Okafor, Vincent', 'part-2-with': 'person-causing-harm', decision: 'plan', category: 'emotional', chair: 'Independent chair', reasons: 'Selina fears Vincent will find the refuge; Luca is frightened at night' });
    await follow(page, () => page.getByRole('button', { name: 'Record the conference' }).click());
    expect(await step(page, 'initial-conference')).toContain('Done on time');
    expect(await step(page, 'first-core-group')).toContain('24 September 2026');
    expect(await step(page, 'review-conference')).toContain('10 December 2026');

    // The plan: an action for the person causing harm, and the warning until there is one.
    await follow(page, () => main.getByRole('link', { name: /Add an action/ }).click());
    await fillForm(page, { need: 'Luca lives with his father’s abuse of his mother', action: 'Keep the safety plan with the IDVA', owner: victim, ...date('dueOn', '2026-10-09') });
    await follow(page, () => page.getByRole('button', { name: 'Add the action' }).click());
    expect(await main.innerText()).toContain('none is for the person causing harm');
    await follow(page, () => main.getByRole('link', { name: /Add an action/ }).click());
    await fillForm(page, { need: 'Luca lives with his father’s abuse of his mother', action: 'Attend a domestic abuse perpetrator programme', owner: harmer, ...date('dueOn', '2026-11-30') });
    await follow(page, () => page.getByRole('button', { name: 'Add the action' }).click());
    expect(await main.innerText()).not.toContain('none is for the person causing harm');

    await follow(page, () => main.getByRole('link', { name: 'Record a core group meeting' }).click());
    await fillForm(page, { ...date('heldOn', '2026-09-22'), progress: 'Vincent has been referred to the programme; Luca is sleeping better' });
    for (const radio of await page.locator('input[type="radio"][value="in-progress"]').all()) await radio.check();
    await follow(page, () => page.getByRole('button', { name: 'Record the core group meeting' }).click());
    expect(await step(page, 'first-core-group')).toContain('Done on time');

    // The plan's other forms, each axe-checked: outcomes, a visit (a family member as interpreter refused), a review brought forward, a child in need plan.
    const planId = (await b.t.db.owner().selectFrom('plans').select('id').where('case_id', '=', kase.id).executeTakeFirstOrThrow()).id;
    await visit(page, paths.cases.planOutcomes(kase.id, planId));
    await fillForm(page, { outcomes: 'Luca feels safe at home and sleeps through the night' });
    await follow(page, () => page.getByRole('button', { name: 'Save the outcomes' }).click());
    expect(await main.innerText()).toContain('Luca feels safe at home');
    await follow(page, () => main.getByRole('link', { name: 'Record a visit or a missed appointment' }).click());
    await fillForm(page, { kind: 'visit', ...date('happenedOn', '2026-09-24'), seen: 'yes', seenAlone: 'no', othersPresent: 'His mother', interpreter: 'family-member', interpreterName: 'His aunt' });
    await page.getByLabel('Which child?').selectOption({ label: 'Luca Marchetti' });
    const refusedInterpreter = await follow(page, () => page.getByRole('button', { name: 'Record it' }).click());
    expect(refusedInterpreter.status()).toBe(400);
    await fillForm(page, { interpreter: 'none' });
    await follow(page, () => page.getByRole('button', { name: 'Record it' }).click());
    expect(await main.innerText()).toContain('The visit has been recorded');
    await visit(page, paths.cases.bringReviewForward(kase.id, planId));
    await visit(page, paths.cases.newChildInNeedPlan(kase.id));
    await visit(page, paths.cases.plans(kase.id));

    // The paper for Vincent's part holds his action, never Selina's, the reasons or where she is.
    await follow(page, () => main.getByRole('link', { name: /Paper for part 2/ }).click());
    const paper = await main.innerText();
    expect(paper).toContain('Attend a domestic abuse perpetrator programme');
    for (const absent of ['Keep the safety plan with the IDVA', 'refuge', WITHHELD, 'her IDVA']) expect(paper).not.toContain(absent);
    await follow(page, () => page.getByRole('link', { name: 'Back to the case’s plans' }).click());

    // The assessment: due 45 working days from the referral, across the bank holiday.
    await visit(page, paths.cases.overview(kase.id));
    await follow(page, () => main.getByRole('button', { name: 'Start the assessment' }).click());
    expect(await main.innerText()).toContain('The assessment has started');
    const due = await b.t.db.owner().selectFrom('assessments').select(['due_on', 'referral_date']).where('case_id', '=', kase.id).executeTakeFirstOrThrow();
    expect(due).toEqual({ referral_date: '2026-08-19', due_on: '2026-10-22' });
    const sections: [string, string, Record<string, string | string[]>][] = [
      ['domestic-abuse', 'family', { incidents: 'Three call-outs this summer, getting worse', minimises: 'partly', accepts: 'partly', impactOnVictim: 'Anxious and not sleeping', childrenWhere: 'Luca hides upstairs and hears it', childrenIntervene: 'no', protectedBefore: 'Took Luca to her sister', protectNow: 'Stays at the refuge; keeps the safety plan', barriers: ['financial', 'housing'], support: 'Her sister and the IDVA', extendedFamily: 'able-and-willing', completed: 'yes' }],
      ['childs-voice', child, { sawHeardDid: 'Heard Dad shouting and things breaking', feelings: 'Scared at night, safer now', ownWords: '“I put my pillow over my ears and wait”', seenWhere: 'At school, in the quiet room', seenAlone: 'yes', understanding: 'Knows it is not his fault', completed: 'yes' }],
      ['impact', child, { indicators: ['school-attendance'], indicatorNotes: 'Tired and late most days', development: 'On track', school: 'Late most days', completed: 'yes' }],
      ['parenting', 'family', { victimCapacity: 'Warm and attentive', harmerCapacity: 'Little part in Luca’s care', harmerBehaviour: 'Controls the money and checks her phone; the violence is part of that pattern', harmerEffect: 'Luca is on edge; Selina cannot plan', controlPattern: ['money', 'monitoring'], completed: 'yes' }],
      ['analysis', 'family', { strengths: 'Selina protects Luca; school is supportive', safetyNetwork: 'Her sister and the head teacher', analysis: 'Escalating coercive control; Luca harmed by living with it', recommendation: 'strategy-discussion', completed: 'yes' }],
    ];
    for (const [key, part, fields] of sections) {
      await visit(page, paths.cases.assessmentSection(kase.id, key, part));
      await fillForm(page, fields);
      await follow(page, () => main.getByRole('button', { name: /^Save/ }).click());
      expect(await page.locator('.govuk-error-summary').count(), key).toBe(0);
    }
    await visit(page, paths.cases.submitAssessment(kase.id));
    expect(await page.locator('input[name="factors"][value="3B"]').isChecked()).toBe(true);
    await follow(page, () => main.getByRole('button', { name: /^Submit/ }).click());
    expect(await page.locator('.govuk-error-summary').count()).toBe(0);

    // The team manager authorises it.
    await follow(page, () => page.getByRole('button', { name: 'Sign out' }).click());
    await signIn(page, b.tenant.users['team-manager'].email);
    await visit(page, paths.cases.assessmentDecision(kase.id));
    await page.locator('input[name="decision"][value="authorise"]').check();
    await follow(page, () => main.getByRole('button', { name: /^(Confirm|Save|Record|Authorise)/ }).click());
    expect(await main.locator('[data-assessment-status]').getAttribute('data-assessment-status')).toBe('authorised');

    // One chronology holds every feature's part.
    await visit(page, paths.cases.chronology(kase.id));
    const chronology = await main.innerText();
    for (const event of ['Notification from Police', 'Threshold decision', 'Risk checklist', 'Referred to the Marac', 'Missed appointment', 'Information requested from School or nursery', 'Information returned by School or nursery', 'Strategy discussion', 'Section 47 enquiry started', 'Initial child protection conference', 'Child protection plan started', 'Core group meeting', 'Child and family assessment started', 'Child and family assessment authorised']) {
      expect(chronology, event).toContain(event);
    }
    expect(chronology).not.toContain(WITHHELD);
    await follow(page, () => main.getByRole('link', { name: 'Print this chronology' }).click());
    expect(await main.innerText()).toContain('Notification from Police');

    // An administrator sets how often children on a plan are visited.
    await follow(page, () => page.getByRole('button', { name: 'Sign out' }).click());
    await signIn(page, b.tenant.users.admin.email);
    await follow(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Visit frequency' }).click());
    await page.getByLabel('Child protection plan: every how many working days?').fill('0');
    expect((await follow(page, () => page.getByRole('button', { name: 'Save' }).click())).status()).toBe(400);
    await page.getByLabel('Child protection plan: every how many working days?').fill('5');
    await follow(page, () => page.getByRole('button', { name: 'Save' }).click());
    expect(await main.innerText()).toContain('The visit frequencies have been saved');
  });
});
