import type { FastifyRequest } from 'fastify';
import { Answered, formPage, typedValues } from '../../platform/http/form-page.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import type { RelationshipsService } from '../people/relationships-service.js';
import type { PeopleService } from '../people/service.js';
import type { SafetyService } from '../safety/service.js';
import { caseForForm, caseFrame, stageItems, userOf, UUID, valueOf } from './case-page.js';
import { allocationForm, caseStatusForm, changeDecisionForm, incidentReviewForm, mustNotReceiveForm, newMemberForm, removeMustNotReceiveForm } from './forms.js';
import { CaseError, type CasesService } from './service.js';
import { peopleView, summaryView } from './tab-routes.js';

/** The incident a review is about, and the must-not-receive entry to remove, from the address. */
const contactIdOf = (request: FastifyRequest) => (request.params as { contactId?: string }).contactId ?? '';
const entryIdOf = (request: FastifyRequest) => (request.params as { entryId?: string }).entryId ?? '';

/**
 * The changes made from a case's pages: notes, incident reviews, allocation and the must-not-receive
 * list (forms on the summary), people (on the people tab), and the status page of its own.
 */
export function actionRoutes(router: Router, cases: CasesService, relationships: RelationshipsService, people: PeopleService, safety: SafetyService): void {
  const editable = caseForForm(cases, (c) => c.mayEdit);
  const overview = (c: { id: string }, done: string) => ({ to: paths.cases.overview(c.id), done });

  formPage(router, {
    url: paths.cases.reviewIncident(),
    postOnly: true,
    permission: 'case:edit',
    pageName: 'case-review-incident',
    template: 'case-summary.njk',
    schema: incidentReviewForm,
    load: async (request, reply) => {
      const c = await editable(request, reply);
      const contactId = contactIdOf(request);
      return c instanceof Answered || (UUID.test(contactId) && c.state.incidentsToReview.includes(contactId)) ? c : null;
    },
    view: (c, request, values) => summaryView(request, cases, c, values, `review-${contactIdOf(request)}`),
    submit: async (form, c, request) => {
      await cases.reviewIncident(userOf(request), c.id, contactIdOf(request), form.note, request.id);
      return overview(c, 'incident-reviewed');
    },
    fieldIds: (request) => ({ note: `review-${contactIdOf(request)}`, form: `review-${contactIdOf(request)}` }),
  });

  formPage(router, {
    url: paths.cases.allocate(),
    postOnly: true,
    permission: 'case:allocate',
    pageName: 'case-allocate',
    template: 'case-summary.njk',
    schema: allocationForm,
    load: caseForForm(cases, (c) => c.mayAllocate),
    view: (c, request, values) => summaryView(request, cases, c, values, 'allocate'),
    submit: async (form, c, request) => {
      await cases.allocate(userOf(request), c.id, form.workerId, form.teamId, request.id);
      return overview(c, 'allocated');
    },
    fieldIds: { form: 'workerId' },
  });

  formPage(router, {
    url: paths.cases.mustNotReceive(),
    postOnly: true,
    permission: 'case:edit',
    pageName: 'case-must-not-receive',
    template: 'case-summary.njk',
    schema: (c) => mustNotReceiveForm(c.members.map((m) => m.id)),
    load: editable,
    view: (c, request, values) => summaryView(request, cases, c, values, 'mnr'),
    submit: async (form, c, request) => {
      await safety.addMustNotReceive(userOf(request), c.id, form.personId, form.information, form.reason, request.id);
      return overview(c, 'mnr-added');
    },
    fieldIds: { personId: 'mnr-person', information: 'mnr-information', reason: 'mnr-reason', form: 'mnr-person' },
  });

  // Taking a name off the must-not-receive list: a page of its own that asks to confirm, with the reason.
  formPage(router, {
    url: paths.cases.removeMustNotReceive(),
    permission: 'case:edit',
    pageName: 'case-must-not-receive-remove',
    template: 'case-must-not-receive-remove.njk',
    schema: removeMustNotReceiveForm,
    load: async (request, reply) => {
      const c = await editable(request, reply);
      if (c instanceof Answered) return c;
      const entry = c.mustNotReceive.find((e) => e.id === entryIdOf(request));
      return entry ? { c, entry } : null;
    },
    view: ({ c, entry }) => ({ c, ...caseFrame(c, 'summary'), entry: { ...entry, name: `${entry.given_name} ${entry.family_name}` } }),
    submit: async (form, { c, entry }, request) => {
      await safety.removeMustNotReceive(userOf(request), c.id, entry.id, form.reason, request.id);
      return overview(c, 'mnr-removed');
    },
  });

  formPage(router, {
    url: paths.cases.members(),
    postOnly: true,
    permission: 'case:edit',
    pageName: 'case-add-member',
    template: 'case-people.njk',
    schema: newMemberForm,
    load: editable,
    view: (c, request) => peopleView(request, relationships, people, c),
    submit: async (form, c, request) => {
      await cases.addMember(userOf(request), c.id, form.personId, form.role, request.id);
      return { to: paths.cases.people(c.id), done: 'member' };
    },
    fieldIds: { personId: 'name', role: 'name', form: 'name' },
  });

  // Closing, reopening and changing the stage, on a page of their own.
  formPage(router, {
    url: paths.cases.status(),
    permission: 'case:edit',
    pageName: 'case-status',
    template: 'case-status.njk',
    schema: caseStatusForm,
    load: editable,
    view: (c, _request, values) => ({ ...caseFrame(c, null), c, stageItems: stageItems(valueOf(values, 'stage'), 'Choose the new stage'), mayApproveChanges: c.approvesChanges }),
    submit: async (form, c, request) => {
      const user = userOf(request);
      if (form.change === 'stage') {
        if (form.stage === c.state.stage) throw new CaseError(400, 'The case is already at this stage: choose another', 'stage');
        const made = await cases.changeStatus(user, c.id, { type: 'stage-changed', stage: form.stage, reason: form.reason }, request.id);
        return overview(c, made === 'requested' ? 'change-requested' : 'stage');
      }
      const closing = form.change === 'close';
      const made = await cases.changeStatus(user, c.id, { type: closing ? 'closed' : 'reopened', reason: form.reason }, request.id);
      return overview(c, made === 'requested' ? 'change-requested' : closing ? 'closed' : 'reopened');
    },
    // A refusal of the change (closing a closed case) is shown at the field of the form that asked for it.
    fieldIds: (request): Record<string, string> => (typedValues(request.body).change === 'stage' ? { change: 'stage', reason: 'stage-reason', form: 'stage' } : { change: 'reason', form: 'reason' }),
  });

  // The team manager approves or returns a step-down or closure a worker asked for, on the case summary.
  formPage(router, {
    url: paths.cases.changeDecision(),
    postOnly: true,
    permission: 'case:edit',
    pageName: 'case-change-decision',
    template: 'case-summary.njk',
    schema: changeDecisionForm,
    load: caseForForm(cases, (c) => c.mayApproveChanges && c.state.pendingChange !== null),
    view: (c, request, values) => summaryView(request, cases, c, values, 'change'),
    submit: async (form, c, request) => {
      await cases.decideChange(userOf(request), c.id, form.decision, form.comment, request.id);
      return overview(c, form.decision === 'approve' ? 'change-approved' : 'change-returned');
    },
    fieldIds: { decision: 'decision', comment: 'change-comment', form: 'decision' },
  });
}
