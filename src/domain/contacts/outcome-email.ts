import { PATHWAY_LABELS } from './contact.js';
import type { Pathway } from '../triage/threshold.js';

/**
 * The email a notifying unit (a police force's public protection unit) gets when the MASH decides one of
 * its notifications. It is built from the sender's own reference, the decision and the day alone, so it
 * cannot carry anything about the people: no name, date of birth, address or account of what happened.
 */
export interface OutcomeEmailFacts {
  reference: string | null;
  pathway: Pathway;
  /** The London day of the decision, as "4 December 2026". */
  decidedOn: string;
  /** Where the sender reads the outcome through the API. */
  outcomePath: string;
}

export function outcomeEmail(facts: OutcomeEmailFacts): { subject: string; body: string } {
  const yours = facts.reference ? `your notification ${facts.reference}` : 'a notification you sent without a reference';
  return {
    subject: `Outcome of ${facts.reference ? `notification ${facts.reference}` : 'your notification'}`,
    body: [
      `The MASH has made its threshold decision on ${yours}.`,
      '',
      `Decision: ${PATHWAY_LABELS[facts.pathway]}`,
      `Decided on: ${facts.decidedOn}`,
      '',
      `Your system can read the outcome through the Wraparound API: GET ${facts.outcomePath}`,
      '',
      'This email holds no details of the people in the notification.',
    ].join('\n'),
  };
}
