import { ABUSE_CATEGORIES, ABUSE_CATEGORY_LABELS, CONFERENCE_DECISION_LABELS, ENQUIRY_OUTCOME_LABELS, ENQUIRY_OUTCOMES, STRATEGY_DECISION_LABELS, STRATEGY_DECISIONS } from '../../domain/casework/child-protection.js';
import { formPage } from '../../platform/http/form-page.js';
import { asList } from '../../platform/http/forms.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { userOf } from '../../platform/http/route-params.js';
import { ATTENDEE_ROWS, CONFERENCE_PARTS, conferenceForm, enquiryOutcomeForm, strategyDiscussionForm } from './forms.js';
import type { CaseFrames } from '../cases/frames.js';
import { backToPlans, childItems, dateItemsOf, editableCase, type Loaded } from './page-helpers.js';
import type { ProcessService } from './process-service.js';
import type { CaseworkReadService } from './read-service.js';

const radios = <T extends string>(list: readonly T[], labels: Record<T, string>, chosen: unknown) => list.map((value) => ({ value, text: labels[value], checked: chosen === value }));
const str = (v: string | string[] | undefined) => (typeof v === 'string' ? v : '');

/** The strategy discussion, the section 47 enquiry's outcome and the conferences: the child protection process's forms. */
export function processRoutes(router: Router, process: ProcessService, reads: CaseworkReadService, frames: CaseFrames): void {
  const load = editableCase(frames, reads);

  formPage(router, {
    url: paths.cases.newStrategyDiscussion(),
    permission: 'case:edit',
    pageName: 'case-new-strategy-discussion',
    template: 'casework-strategy-discussion.njk',
    schema: strategyDiscussionForm,
    dateInputs: ['heldOn'],
    load,
    initial: ({ c }) => ({ childIds: c.members.filter((m) => m.role === 'child').map((m) => m.id), 'agency-1': 'Children’s services', 'agency-2': 'Police' }),
    view: ({ c }: Loaded, _request, values) => ({
      ...frames.caseFrame(c, 'plans'),
      c,
      dates: dateItemsOf(values, 'heldOn'),
      rows: Array.from({ length: ATTENDEE_ROWS }, (_, i) => ({ n: i + 1, agency: str(values[`agency-${i + 1}`]), name: str(values[`name-${i + 1}`]) })),
      decisionItems: radios(STRATEGY_DECISIONS, STRATEGY_DECISION_LABELS, values.decision),
      childItems: childItems(c, asList(values.childIds)),
    }),
    submit: async (form, { c }, request) => {
      await process.recordStrategyDiscussion(userOf(request), c.id, form, request.id);
      return backToPlans(c.id, 'strategy-discussion');
    },
  });

  formPage(router, {
    url: paths.cases.enquiryOutcome(),
    permission: 'case:edit',
    pageName: 'case-enquiry-outcome',
    template: 'casework-enquiry-outcome.njk',
    schema: enquiryOutcomeForm,
    dateInputs: ['outcomeOn'],
    load,
    view: ({ c, w }: Loaded, _request, values) => ({
      ...frames.caseFrame(c, 'plans'),
      c,
      open: w.discussions.flatMap((d) => d.enquiries.filter((e) => !e.outcomeLabel)),
      dates: dateItemsOf(values, 'outcomeOn'),
      outcomeItems: radios(ENQUIRY_OUTCOMES, ENQUIRY_OUTCOME_LABELS, values.outcome),
    }),
    submit: async (form, { c }, request) => {
      await process.recordEnquiryOutcome(userOf(request), c.id, form, request.id);
      return backToPlans(c.id, 'enquiry-outcome');
    },
  });

  const kindOf = (request: { query: unknown }) => ((request.query as Record<string, unknown> | undefined)?.kind === 'review' ? 'review' : 'initial');
  formPage(router, {
    url: paths.cases.newConference(),
    permission: 'case:edit',
    pageName: 'case-new-conference',
    template: 'casework-conference.njk',
    schema: conferenceForm,
    dateInputs: ['heldOn'],
    load,
    initial: () => ({ split: '' }),
    view: ({ c, w }: Loaded, request, values) => {
      const kind = kindOf(request);
      return {
        ...frames.caseFrame(c, 'plans'),
        c,
        kind,
        action: `${paths.cases.newConference(c.id)}?kind=${kind}`,
        hasPersonCausingHarm: w.hasPersonCausingHarm,
        dates: dateItemsOf(values, 'heldOn'),
        splitItems: [
          { value: 'yes', text: 'Yes, in parts: the victim and the person causing harm must not attend together', checked: values.split === 'yes' },
          { value: 'no', text: 'No, everyone attended together', checked: values.split === 'no' },
        ],
        parts: Array.from({ length: CONFERENCE_PARTS }, (_, i) => {
          const chosen = asList(values[`part-${i + 1}-with`]);
          return {
            n: i + 1,
            attendees: str(values[`part-${i + 1}-attendees`]),
            withItems: [
              { value: 'victim', text: 'The adult victim attends this part', checked: chosen.includes('victim') },
              { value: 'person-causing-harm', text: 'The person causing harm attends this part', checked: chosen.includes('person-causing-harm') },
            ],
          };
        }),
        decisionItems: (kind === 'initial' ? (['plan', 'no-plan'] as const) : (['continue', 'end'] as const)).map((value) => ({ value, text: CONFERENCE_DECISION_LABELS[value], checked: values.decision === value })),
        categoryItems: ABUSE_CATEGORIES.map((value) => ({ value, text: ABUSE_CATEGORY_LABELS[value], checked: values.category === value })),
        livePlan: w.livePlans.find((p) => p.kind === 'child-protection') ?? null,
      };
    },
    submit: async (form, { c }, request) => {
      await process.recordConference(userOf(request), c.id, { ...form, kind: kindOf(request) }, request.id);
      return backToPlans(c.id, 'conference');
    },
  });
}
