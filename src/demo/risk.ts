import type { CurrentUser } from '../platform/auth/current-user.js';
import type { MaracService } from '../features/marac/service.js';
import type { RiskService } from '../features/risk/service.js';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

/** Dash answers: these questions yes, the rest no, except those not known. */
function dash(yes: readonly number[], dontKnow: readonly number[] = [], comments: Record<number, string> = {}) {
  const answers: Record<string, { answer: string; comment?: string; source?: string }> = {};
  for (let n = 1; n <= 24; n++) answers[String(n)] = { answer: yes.includes(n) ? 'yes' : dontKnow.includes(n) ? 'dont-know' : 'no', ...(comments[n] ? { comment: comments[n] } : {}) };
  return answers;
}

/**
 * Risk checklists and Marac referrals for the demo families (all invented): the mother who fled has
 * two checklists rising into high risk, a referral, and a repeat after a further incident; the
 * Kowal mother has a medium-risk checklist now overdue for review.
 */
export async function seedDemoRisk(
  svc: { risk: RiskService; marac: MaracService },
  worker: CurrentUser,
  people: { hallamMother: string; hallamFather: string; hallamChildren: string[]; hallamCase: string; kowalMother: string; kowalCase: string },
): Promise<{ firstReferral: string; repeatReferral: string }> {
  const me = { kind: 'user', user: worker } as const;
  const record = (personId: string, caseId: string, days: number, answers: ReturnType<typeof dash>, victimView: string) =>
    svc.risk.record(me, { personId, caseId, instrument: 'dash-ric', completedAt: daysAgo(days), answers, agency: 'Children’s social care', withVictim: true, victimView }, 'demo-seed');

  await record(people.hallamMother, people.hallamCase, 150, dash([1, 2, 3, 4, 6, 7, 10, 12, 20, 21, 24], [16]), 'She said it had got worse since she talked about leaving.');
  const high = await record(
    people.hallamMother,
    people.hallamCase,
    60,
    dash([1, 2, 3, 4, 6, 7, 8, 10, 11, 12, 14, 15, 21, 23, 24], [16, 19], { 15: 'Put his hands round her neck in the kitchen', 14: 'Said he would kill her if she took the children' }),
    'She believes he will kill her if he finds her.',
  );
  const referral = {
    victimPersonId: people.hallamMother,
    referringAgency: 'Children’s social care',
    referringPerson: 'Demo social worker',
    personCausingHarmId: people.hallamFather,
    childIds: people.hallamChildren,
    consent: 'given' as const,
    risks: 'Strangulation and threats to kill; separation in progress; he knows the children’s school.',
    contactSafety: 'Only the safe number; ask if she is alone first.',
  };
  const first = await svc.marac.refer(me, { ...referral, referredAt: dayOf(daysAgo(58)), criteria: ['visible-high-risk'], riskAssessmentId: high.id }, 'demo-seed');
  const repeat = await svc.marac.refer(me, { ...referral, referredAt: dayOf(daysAgo(5)), criteria: ['visible-high-risk', 'repeat'], riskAssessmentId: high.id, latestIncidentOn: dayOf(daysAgo(7)) }, 'demo-seed');

  await record(people.kowalMother, people.kowalCase, 70, dash([2, 4, 6, 7, 10, 12, 17, 20, 21, 22, 24]), 'Worried for her son more than for herself.');
  return { firstReferral: first.id, repeatReferral: repeat.id };
}
