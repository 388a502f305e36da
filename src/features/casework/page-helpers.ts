import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CaseOverview } from '../cases/case-page.js';
import { Answered } from '../../platform/http/form-page.js';
import { dateBoxes } from '../../platform/http/govuk-date.js';
import { paths } from '../../platform/http/paths.js';
import { userOf } from '../../platform/http/route-params.js';
import { CaseworkError } from './case-context.js';
import { DATES } from './forms.js';
import type { CaseFrames } from '../cases/frames.js';
import type { CaseworkOverview, CaseworkReadService } from './read-service.js';

/** A casework form's case and what the Plans tab knows about it. */
export interface Loaded {
  c: CaseOverview;
  w: CaseworkOverview;
}

/** `load` for a casework form: the case (a restricted one answers with its break-glass page), refused unless the user may change it. */
export function editableCase(frames: CaseFrames, reads: CaseworkReadService) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<Loaded | Answered> => {
    const c = await frames.loadCase(request, reply);
    if ('sent' in c) return new Answered(c.sent);
    if (!c.mayEdit) throw new CaseworkError(403, 'You cannot make this change to the case');
    return { c, w: await reads.overview(userOf(request), c.id) };
  };
}

/** The date input's boxes for the template, for each date of the form. */
export function dateItemsOf(values: Record<string, string | string[]>, ...names: (keyof typeof DATES)[]) {
  return Object.fromEntries(names.map((n) => [n, dateBoxes(values, n, DATES[n])]));
}

/** Back to the Plans tab with a success message. */
export const backToPlans = (caseId: string, done: string) => ({ to: paths.cases.plans(caseId), done });

/** Checkbox items for the case's children, the chosen ones ticked. */
export function childItems(c: CaseOverview, chosen: readonly string[]) {
  return c.members.filter((m) => m.role === 'child').map((m) => ({ value: m.id, text: `${m.given_name} ${m.family_name}`, checked: chosen.includes(m.id) }));
}

/** Success messages on the Plans tab after a change, named in the address. */
export const PLANS_DONE: Record<string, string> = {
  'strategy-discussion': 'The strategy discussion has been recorded',
  'enquiry-outcome': 'The outcome of the section 47 enquiry has been recorded',
  conference: 'The conference has been recorded',
  'plan-started': 'The child in need plan has started. Add its outcomes and actions next',
  outcomes: 'The plan’s outcomes have been saved',
  action: 'The action has been added to the plan',
  review: 'The review has been recorded, with the progress on each action',
  'plan-ended': 'The plan has ended',
  'review-brought-forward': 'The next review has been brought forward',
  visit: 'The visit has been recorded',
};
