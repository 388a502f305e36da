export { UUID } from '../../platform/http/route-params.js';
import type { RiskBand } from '../../domain/marac/criteria.js';
import type { ReviewDue } from '../../domain/risk/reviews.js';
import { formatDate } from '../../platform/http/format.js';
import { CONSIDER_LABELS, CRITERION_LABELS, describeEvidence, type MaracResult } from './marac-result.js';

/** What the risk pages share: band tags, the Marac answer in words, reviews in words. */


import { userOf } from '../../platform/http/route-params.js';
export { userOf };

/** A record id from the address (null: the page answers 404). */
export { idParam as param, notFound } from '../../platform/http/route-params.js';


export { dateBoxes } from '../../platform/http/govuk-date.js';

const BAND_TAGS: Record<RiskBand, { text: string; classes: string }> = {
  high: { text: 'High risk', classes: 'govuk-tag--red' },
  medium: { text: 'Medium risk', classes: 'govuk-tag--orange' },
  standard: { text: 'Standard risk', classes: 'govuk-tag--green' },
};

export function bandTag(band: RiskBand | null): { text: string; classes: string } {
  return band ? BAND_TAGS[band] : { text: 'Not banded', classes: 'govuk-tag--grey' };
}

export const SERVICE_KIND_LABELS = {
  idsva: 'IDVA or IDSVA service, with a safety plan reviewed every 6 weeks',
  'floating-support': 'Floating support',
  'victim-support': 'Victim support',
} as const;

/** The Marac answer as the pages show it: each criterion met, with its evidence in words. */
export function maracInWords(m: MaracResult) {
  return {
    eligible: m.eligible,
    criteria: m.criteria.map((c) => ({ code: c.code, label: CRITERION_LABELS[c.code], evidence: describeEvidence(c), checklistId: c.code === 'visible-high-risk' ? c.evidence.checklistId : null })),
    consider: m.consider.map((c) => CONSIDER_LABELS[c]),
  };
}

const REVIEW_REASONS: Record<ReviewDue['reason'], string> = {
  scheduled: 'Regular review',
  'new-incident': 'A new incident was reported',
  'case-closure': 'The case is closing',
};

export function reviewInWords(r: ReviewDue) {
  const tag =
    r.state === 'overdue' ? { text: 'Overdue', classes: 'govuk-tag--red' } : r.state === 'due' ? { text: 'Due', classes: 'govuk-tag--yellow' } : { text: 'Not due yet', classes: 'govuk-tag--grey' };
  return { dueOn: formatDate(r.dueOn), reason: REVIEW_REASONS[r.reason], tag, state: r.state };
}

export function gapsInWords(gaps: readonly number[]): string {
  if (!gaps.length) return 'None: every question was answered yes or no';
  return `${gaps.length} question${gaps.length === 1 ? '' : 's'} not answered or answered “don’t know”: ${gaps.join(', ')}`;
}
