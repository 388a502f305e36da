import { attempt } from '../../platform/http/service-error.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { asList, formErrors } from '../../platform/http/forms.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Action } from '../../platform/access/policy.js';
import type { Router } from '../../platform/http/router.js';
import type { PeopleService } from '../people/service.js';
import { PROTECTED_INFORMATION } from '../safety/must-not-receive.js';
import type { SafetyService } from '../safety/service.js';
import { body, type CaseOverview, isMemberRole, isStage, loadCase, renderCase, stageItems, text, userOf, UUID } from './case-page.js';
import type { CasesService } from './service.js';
import { showPeople, showSummary } from './tab-routes.js';
import type { RelationshipsService } from '../people/relationships-service.js';

const REASON_MAX = 1000;

/** The changes made from a case's pages: notes, allocation, status, members and the must-not-receive list. */
export function actionRoutes(router: Router, cases: CasesService, relationships: RelationshipsService, people: PeopleService, safety: SafetyService): void {
  /** A POST to one case: loads it (restricted and unknown cases answer as their pages do) and checks the case-level permission. */
  const casePost = (
    url: string,
    permission: Action,
    pageName: string,
    mayDo: (c: CaseOverview) => boolean,
    handler: (request: FastifyRequest, reply: FastifyReply, c: CaseOverview) => Promise<unknown>,
  ) =>
    router.page({
      method: 'POST',
      url,
      permission,
      pageName,
      handler: async (request, reply) => {
        const c = await loadCase(cases, request, reply);
        if ('sent' in c) return c.sent;
        if (!mayDo(c)) return reply.code(403).view('errors/403.njk');
        return handler(request, reply, c);
      },
    });
  const done = (id: string, what: string, page: (id: string) => string = paths.cases.overview) => withQuery(page(id), { done: what });

  casePost(paths.cases.notes(), 'case:edit', 'case-note', (c) => c.mayEdit, async (request, reply, c) => {
    const note = text(body(request).body);
    const result = await attempt(reply, () => cases.addNote(userOf(request), c.id, note, request.id));
    if ('sent' in result) return result.sent;
    if (!result.ok) return showSummary(request, reply, cases, c, { errors: result.errors, status: result.status, open: 'note', values: { body: note } });
    return reply.redirect(done(c.id, 'note'), 303);
  });

  casePost(paths.cases.reviewIncident(), 'case:edit', 'case-review-incident', (c) => c.mayEdit, async (request, reply, c) => {
    const contactId = (request.params as { contactId?: string }).contactId ?? '';
    const note = text(body(request).note);
    const field = `review-${contactId}` as const;
    if (!UUID.test(contactId) || !c.state.incidentsToReview.includes(contactId)) return reply.code(404).view('errors/404.njk');
    const result = await attempt(reply, () => cases.reviewIncident(userOf(request), c.id, contactId, note, request.id), { note: field, form: field });
    if ('sent' in result) return result.sent;
    if (!result.ok) return showSummary(request, reply, cases, c, { errors: result.errors, status: result.status, open: field, values: { note } });
    return reply.redirect(done(c.id, 'incident-reviewed'), 303);
  });

  casePost(paths.cases.allocate(), 'case:allocate', 'case-allocate', (c) => c.mayAllocate, async (request, reply, c) => {
    const fields = body(request);
    const workerId = text(fields.workerId);
    const teamId = text(fields.teamId);
    const values = { workerId, teamId };
    const problems: Record<string, string> = {};
    if (workerId && !UUID.test(workerId)) problems.workerId = 'Choose a worker from the list';
    if (teamId && !UUID.test(teamId)) problems.teamId = 'Choose a team from the list';
    if (!workerId && !teamId) problems.workerId = 'Choose a worker or a team';
    if (Object.keys(problems).length) return showSummary(request, reply, cases, c, { errors: formErrors(problems), status: 400, open: 'allocate', values });
    const result = await attempt(reply, () => cases.allocate(userOf(request), c.id, workerId || null, teamId || null, request.id), { form: 'workerId' });
    if ('sent' in result) return result.sent;
    if (!result.ok) return showSummary(request, reply, cases, c, { errors: result.errors, status: result.status, open: 'allocate', values });
    return reply.redirect(done(c.id, 'allocated'), 303);
  });

  casePost(paths.cases.mustNotReceive(), 'case:edit', 'case-must-not-receive', (c) => c.mayEdit, async (request, reply, c) => {
    const fields = body(request);
    const personId = text(fields.personId);
    const information = asList(fields.information);
    const reason = text(fields.reason).trim();
    const values = { personId, information, reason };
    const problems: Record<string, string> = {};
    if (!c.members.some((m) => m.id === personId)) problems['mnr-person'] = 'Choose the person from the people on this case';
    if (information.length === 0 || information.some((i) => !(PROTECTED_INFORMATION as readonly string[]).includes(i))) problems['mnr-information'] = 'Choose what they must not receive';
    if (!reason) problems['mnr-reason'] = 'Give the reason';
    else if (reason.length > REASON_MAX) problems['mnr-reason'] = `Give a reason of ${REASON_MAX} characters or fewer`;
    if (Object.keys(problems).length) return showSummary(request, reply, cases, c, { errors: formErrors(problems), status: 400, open: 'mnr', values });
    const result = await attempt(reply, () => safety.addMustNotReceive(userOf(request), c.id, personId, information, reason, request.id), {
      personId: 'mnr-person',
      information: 'mnr-information',
      reason: 'mnr-reason',
      form: 'mnr-person',
    });
    if ('sent' in result) return result.sent;
    if (!result.ok) return showSummary(request, reply, cases, c, { errors: result.errors, status: result.status, open: 'mnr', values });
    return reply.redirect(done(c.id, 'mnr-added'), 303);
  });

  casePost(paths.cases.removeMustNotReceive(), 'case:edit', 'case-must-not-receive-remove', (c) => c.mayEdit, async (request, reply, c) => {
    const entryId = (request.params as { entryId?: string }).entryId ?? '';
    if (!UUID.test(entryId) || !c.mustNotReceive.some((e) => e.id === entryId)) return reply.code(404).view('errors/404.njk');
    const result = await attempt(reply, () => safety.removeMustNotReceive(userOf(request), c.id, entryId, request.id));
    if ('sent' in result) return result.sent;
    if (!result.ok) return showSummary(request, reply, cases, c, { errors: result.errors, status: result.status });
    return reply.redirect(done(c.id, 'mnr-removed'), 303);
  });

  casePost(paths.cases.members(), 'case:edit', 'case-add-member', (c) => c.mayEdit, async (request, reply, c) => {
    const fields = body(request);
    const personId = text(fields.personId);
    const role = text(fields.role);
    if (!UUID.test(personId)) return showPeople(request, reply, relationships, people, c, { errors: formErrors({ name: 'Choose a person from the search results' }), status: 400 });
    if (!isMemberRole(role)) return showPeople(request, reply, relationships, people, c, { errors: formErrors({ name: 'Choose their role on the case' }), status: 400 });
    const result = await attempt(reply, () => cases.addMember(userOf(request), c.id, personId, role, request.id), { personId: 'name', form: 'name' });
    if ('sent' in result) return result.sent;
    if (!result.ok) return showPeople(request, reply, relationships, people, c, { errors: result.errors, status: result.status });
    return reply.redirect(done(c.id, 'member', paths.cases.people), 303);
  });

  // Closing, reopening and changing the stage, on a page of their own.
  const showStatus = (reply: FastifyReply, c: CaseOverview, options: { errors?: ReturnType<typeof formErrors>; values?: Record<string, string>; status?: number } = {}) =>
    renderCase(
      reply,
      'case-status.njk',
      c,
      null,
      { c, values: options.values ?? {}, stageItems: stageItems(options.values?.stage, 'Choose the new stage'), errors: options.errors },
      options.status ?? 200,
    );

  router.page({
    method: 'GET',
    url: paths.cases.status(),
    permission: 'case:edit',
    pageName: 'case-status',
    handler: async (request, reply) => {
      const c = await loadCase(cases, request, reply);
      if ('sent' in c) return c.sent;
      if (!c.mayEdit) return reply.code(403).view('errors/403.njk');
      return showStatus(reply, c);
    },
  });

  casePost(paths.cases.status(), 'case:edit', 'case-status', (c) => c.mayEdit, async (request, reply, c) => {
    const fields = body(request);
    const change = text(fields.change);
    const reason = text(fields.reason).trim();
    const stage = text(fields.stage);
    const values = { change, reason, stage };
    const user = userOf(request);
    if (change === 'stage') {
      if (!isStage(stage)) return showStatus(reply, c, { errors: formErrors({ stage: 'Choose the new stage' }), values, status: 400 });
      if (stage === c.state.stage) return showStatus(reply, c, { errors: formErrors({ stage: 'The case is already at this stage: choose another' }), values, status: 400 });
      const result = await attempt(reply, () => cases.changeStatus(user, c.id, { type: 'stage-changed', stage }, request.id), { form: 'stage' });
      if ('sent' in result) return result.sent;
      if (!result.ok) return showStatus(reply, c, { errors: result.errors, values, status: result.status });
      return reply.redirect(done(c.id, 'stage'), 303);
    }
    if (change !== 'close' && change !== 'reopen') return showStatus(reply, c, { errors: formErrors({ reason: 'Choose what to change' }), values, status: 400 });
    const closing = change === 'close';
    if (!reason) return showStatus(reply, c, { errors: formErrors({ reason: closing ? 'Give the reason for closing the case' : 'Give the reason for reopening the case' }), values, status: 400 });
    if (reason.length > REASON_MAX) return showStatus(reply, c, { errors: formErrors({ reason: `Give a reason of ${REASON_MAX} characters or fewer` }), values, status: 400 });
    const result = await attempt(reply, () => cases.changeStatus(user, c.id, { type: closing ? 'closed' : 'reopened', reason }, request.id), { form: 'reason' });
    if ('sent' in result) return result.sent;
    if (!result.ok) return showStatus(reply, c, { errors: result.errors, values, status: result.status });
    return reply.redirect(done(c.id, closing ? 'closed' : 'reopened'), 303);
  });
}
