import { addDays, londonDate } from '../domain/calendar/plain-date.js';
import type { CurrentUser } from '../platform/auth/current-user.js';
import type { Database } from '../platform/db/database.js';
import type { PlanService } from '../features/casework/plan-service.js';
import type { ProcessService } from '../features/casework/process-service.js';
import type { VisitService } from '../features/casework/visit-service.js';

export interface DemoCaseworkServices {
  process: ProcessService;
  plans: PlanService;
  visits: VisitService;
}

const REQUEST = 'demo-seed';

/**
 * The Demo-Hallam family's child protection process: the strategy discussion of 12 days ago (its case
 * note is on the chronology too), both children's section 47 enquiries, an initial conference held in
 * two parts 3 days ago so that Roksana and Gareth never meet, and the plan it made, with actions for
 * each parent and the school, and a visit at which Iman was seen alone.
 */
export async function seedDemoCasework(db: Database, tenantId: string, svc: DemoCaseworkServices, worker: CurrentUser, hallam: { caseId: string; mother: string; father: string; children: string[] }): Promise<void> {
  const today = londonDate(new Date());
  await svc.process.recordStrategyDiscussion(worker, hallam.caseId, {
    heldOn: addDays(today, -12),
    attendees: [
      { agency: 'Children’s services', name: 'Demo team manager' },
      { agency: 'Police', name: 'Public protection unit' },
      { agency: 'Health', name: 'Health visitor' },
      { agency: 'Education', name: 'Designated safeguarding lead, Demoford Primary' },
    ],
    decision: 'section-47',
    reasons: 'Iman and Zak were in the house during a serious assault; Roksana has fled to a refuge; Gareth does not accept what he did.',
    immediateActions: 'Police to serve a domestic abuse protection notice; the refuge to keep the address from everyone outside the need to know.',
    childIds: hallam.children,
  }, REQUEST);
  await svc.process.recordConference(worker, hallam.caseId, {
    kind: 'initial',
    heldOn: addDays(today, -3),
    decision: 'plan',
    category: 'emotional',
    split: true,
    parts: [
      { attendees: 'Independent chair, social worker, Roksana with her IDVA and a female Sylheti interpreter, health visitor, school', withVictim: true, withPersonCausingHarm: false },
      { attendees: 'Independent chair, social worker, Gareth, police', withVictim: false, withPersonCausingHarm: true },
    ],
    chair: 'Independent conference chair',
    reasons: 'The children have been harmed by living with the abuse of their mother; the risk from Gareth remains while he denies it.',
  }, REQUEST);
  const planId = (await db.tenant(tenantId, (trx) => trx.selectFrom('plans').select('id').where('case_id', '=', hallam.caseId).where('ended_on', 'is', null).executeTakeFirstOrThrow())).id;
  await svc.plans.saveOutcomes(worker, hallam.caseId, planId, { outcomes: ['Iman and Zak feel safe where they live and sleep through the night', 'Iman is settled in a school she can get to safely'], version: 1 }, REQUEST);
  const actions = [
    { need: 'The children live with their father’s abuse of their mother', action: 'Attend the Caring Dads programme and keep to the contact arrangements', owner: hallam.father, ownerAgency: '', dueOn: addDays(today, 60) },
    { need: 'Roksana’s safety at the refuge', action: 'Work with the IDVA on her safety plan and the protective order', owner: hallam.mother, ownerAgency: '', dueOn: addDays(today, 14) },
    { need: 'Iman is anxious and missing school', action: 'A daily check-in with a trusted adult at her new school', owner: 'agency', ownerAgency: 'Demoford Primary School', dueOn: addDays(today, 7) },
  ];
  for (const a of actions) await svc.plans.addAction(worker, hallam.caseId, planId, a, REQUEST);
  await svc.visits.record({ kind: 'user', user: worker }, hallam.caseId, { kind: 'visit', happenedOn: addDays(today, -1), childId: hallam.children[0]!, seen: true, seenAlone: true, othersPresent: '', interpreter: 'professional', interpreterName: 'Female Sylheti interpreter, booking DEMO-118', agency: 'Children’s services', note: 'Iman showed me her room at the refuge and talked about her new school.' }, REQUEST);
}
