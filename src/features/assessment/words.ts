import type { FastifyRequest } from 'fastify';
import { NEXT_STEP, STATUS_LABELS, type AssessmentStatus } from '../../domain/assessment/assessment.js';
import { SECTIONS, type SectionKey } from '../../domain/assessment/sections.js';
import type { Recommendation } from '../../domain/assessment/sections.js';
import { paths } from '../../platform/http/paths.js';

/** Success messages named in the address after a change, so a reload does not repeat it. */
const DONE: Record<string, string> = {
  started: 'The assessment has started. Work through each section below; each one saves on its own.',
  saved: 'Your answers have been saved. Choose the next section below.',
  completed: 'The section is marked complete. Choose the next section below.',
  submitted: 'The assessment has been sent to the team manager to authorise.',
  authorised: 'You authorised the assessment. The next step is below.',
  returned: 'You returned the assessment to the worker with your comments.',
  asked: 'Your request has been recorded. Its answer will show here and beside the sections it informs.',
  answered: 'The answer has been recorded. It shows beside the sections it informs.',
  reminded: 'A reminder has been emailed to the agency’s representatives.',
};

export function doneMessage(request: FastifyRequest): string | undefined {
  const done = (request.query as Record<string, unknown> | undefined)?.done;
  return typeof done === 'string' ? DONE[done] : undefined;
}

export function statusTag(status: AssessmentStatus): { text: string; classes: string } {
  const classes: Record<AssessmentStatus, string> = { 'in-progress': 'govuk-tag--light-blue', submitted: 'govuk-tag--yellow', returned: 'govuk-tag--orange', authorised: 'govuk-tag--green' };
  return { text: STATUS_LABELS[status], classes: classes[status] };
}

/** The next step after an authorised assessment, as a link on the case. */
export function nextStep(caseId: string, recommendation: string | null): { text: string; href: string } | null {
  if (!recommendation || !(recommendation in NEXT_STEP)) return null;
  const r = recommendation as Recommendation;
  const href = r === 'child-in-need-plan' || r === 'strategy-discussion' ? paths.cases.plans(caseId) : paths.cases.status(caseId);
  return { text: NEXT_STEP[r], href };
}

/** A section's name, with the child's for a child's section. */
export function sectionTitle(key: SectionKey, childName: string | null): string {
  return childName ? `${SECTIONS[key].title}: ${childName}` : SECTIONS[key].title;
}

export const SECTION_ITEMS = (Object.keys(SECTIONS) as SectionKey[]).map((key) => ({ value: key, text: SECTIONS[key].title }));
