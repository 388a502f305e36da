import { CRITERION_LABELS, describeEvidence } from '../risk/service.js';
import type { StoredCriterion } from './service.js';

/** A criterion on a referral in words: its name, and the evidence found in the records or the referrer's word. */
export function criterionInWords(c: StoredCriterion): { label: string; evidence: string } {
  return { label: CRITERION_LABELS[c.code], evidence: c.evidence === null ? 'Stated by the referrer: not found in the records held here.' : describeEvidence(c) };
}
