import type { ConsiderMarac, CriterionMet, MaracAnswer } from '../../domain/marac/criteria.js';
import { formatDate } from '../../platform/http/format.js';
import type { IncidentSource } from './marac-facts.js';

/** The Marac answer as the API sends it and the pages show it: each criterion met with its evidence. */
export interface IncidentEvidence {
  occurredOn: string;
  reportedBy: string;
  contactId: string | null;
  referralId: string | null;
}

export type CriterionEvidence =
  | { code: 'visible-high-risk'; evidence: { checklistId: string; score: number } }
  | { code: 'professional-judgement'; evidence: { reason: string } }
  | { code: 'potential-escalation'; evidence: { from: string; to: string; incidents: IncidentEvidence[] } }
  | { code: 'repeat'; evidence: { previousReferralId: string; referredOn: string; incident: IncidentEvidence } };

export interface MaracResult {
  eligible: boolean;
  criteria: CriterionEvidence[];
  consider: ConsiderMarac[];
}

export const CRITERION_LABELS: Record<CriterionEvidence['code'], string> = {
  'visible-high-risk': 'Visible high risk',
  'professional-judgement': 'Professional judgement',
  'potential-escalation': 'Potential escalation',
  repeat: 'Repeat',
};

export const CONSIDER_LABELS: Record<ConsiderMarac, string> = {
  'child-protection-for-domestic-abuse': 'A child protection response is needed because of the domestic abuse',
  're-referred-without-progress': 'The family keeps being referred for domestic abuse without things getting better',
  'long-term-domestic-abuse': 'Domestic abuse has kept the case open for a long time',
};

export function maracResult(answer: MaracAnswer, sources: ReadonlyMap<string, IncidentSource>): MaracResult {
  const incident = (id: string): IncidentEvidence => {
    const source = sources.get(id);
    return { occurredOn: source?.occurredOn ?? '', reportedBy: source?.reportedBy ?? 'unknown', contactId: source?.contactId ?? null, referralId: source?.referralId ?? null };
  };
  const evidence = (m: CriterionMet): CriterionEvidence => {
    switch (m.criterion) {
      case 'visible-high-risk':
        return { code: m.criterion, evidence: { checklistId: m.checklistId, score: m.score } };
      case 'professional-judgement':
        return { code: m.criterion, evidence: { reason: m.reason } };
      case 'potential-escalation':
        return { code: m.criterion, evidence: { from: m.from, to: m.to, incidents: m.incidentIds.map(incident) } };
      case 'repeat':
        return { code: m.criterion, evidence: { previousReferralId: m.referralId, referredOn: m.referredOn, incident: { ...incident(m.incidentId), occurredOn: m.occurredOn } } };
    }
  };
  return { eligible: answer.refer, criteria: answer.met.map(evidence), consider: answer.consider };
}

/** Plain words for one criterion's evidence, as the pages show it. */
export function describeEvidence(c: CriterionEvidence): string {
  switch (c.code) {
    case 'visible-high-risk':
      return `The latest checklist scores ${c.evidence.score}.`;
    case 'professional-judgement':
      return `Referred on professional judgement: ${c.evidence.reason}`;
    case 'potential-escalation':
      return `${c.evidence.incidents.length} incidents between ${formatDate(c.evidence.from)} and ${formatDate(c.evidence.to)}: ${c.evidence.incidents.map((i) => `${formatDate(i.occurredOn)} (${i.reportedBy})`).join(', ')}.`;
    case 'repeat':
      return `Referred before on ${formatDate(c.evidence.referredOn)}; a further incident on ${formatDate(c.evidence.incident.occurredOn)} (${c.evidence.incident.reportedBy}).`;
  }
}
