import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiProblem } from '../../platform/http/api-errors.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { UUID } from '../../platform/http/route-params.js';
import type { MaracActionsService } from './actions-service.js';
import type { AgencyCaller } from './marac-caller.js';
import { meetingInWords } from './meeting-words.js';
import type { MaracPartnerService, SharedSummary } from './partner-service.js';
import type { MaracResearchService } from './research-service.js';
import type { ActionRow } from './run-sheet-queries.js';

/**
 * The Marac through the API, for a partner system issued to one agency (`create-api-client --agency`):
 * the same partner limits as its representatives, by the same access decision. A client not issued to
 * an agency reaches nothing here. No answer ever carries an address.
 */

function agencyCaller(request: FastifyRequest): AgencyCaller {
  const client = request.apiClient;
  if (!client) throw new ApiProblem(401, [{ path: '', message: 'Send a valid API token in the Authorization header' }]);
  if (!client.agencyId) throw new ApiProblem(403, [{ path: '', message: 'This API client was not issued to a partner agency: ask for one issued to your agency (create-api-client --agency)' }]);
  return { kind: 'api', client };
}

const id = (request: FastifyRequest, name: string) => {
  const value = (request.params as Record<string, string | undefined>)[name];
  if (!value || !UUID.test(value)) throw new ApiProblem(404, [{ path: '', message: 'There is no such record' }]);
  return value;
};

const person = z.object({ id: z.string(), name: z.string(), dateOfBirth: z.string().nullable(), relationship: z.string().nullable() });
const sharedCase = z.object({
  id: z.string(),
  position: z.number(),
  lateAddition: z.boolean(),
  repeat: z.boolean(),
  victim: person,
  personCausingHarm: person.nullable(),
  children: z.array(person),
  referredOn: z.string(),
  referringAgency: z.string().nullable(),
  risks: z.string().nullable(),
  criteria: z.array(z.string()),
});
const meetingSummary = z.object({ id: z.string(), meeting: z.string(), heldAt: z.string(), researchDueOn: z.string(), cases: z.number() });
const actionOut = z.object({ id: z.string(), aim: z.string(), risks: z.array(z.string()), forWhom: z.string(), dueOn: z.string(), status: z.string(), statusNote: z.string().nullable(), victimName: z.string() });

const caseOut = (s: SharedSummary): z.infer<typeof sharedCase> => ({
  id: s.meetingCaseId,
  position: s.position,
  lateAddition: s.late,
  repeat: s.repeat,
  victim: s.victim,
  personCausingHarm: s.personCausingHarm,
  children: s.children,
  referredOn: s.referredOn,
  referringAgency: s.referringAgency,
  risks: s.risks,
  criteria: s.criteria.map((c) => c.code),
});
const actionOf = (a: ActionRow): z.infer<typeof actionOut> => ({ id: a.id, aim: a.aim, risks: a.risks, forWhom: a.forWhom, dueOn: a.dueOn, status: a.status, statusNote: a.statusNote, victimName: a.victimName });

const researchInput = z
  .object({
    findings: z.array(
      z
        .object({
          personId: z.string().regex(UUID, 'personId must be the id of a person on the case'),
          known: z.boolean({ message: 'known must be true or false' }),
          involvement: z.string().max(2000).optional(),
          history: z.string().max(4000).optional(),
          risks: z.string().max(4000).optional(),
        })
        .strict(),
    ),
    offers: z.array(z.string().max(300)).max(40).optional(),
    otherOffer: z.string().max(2000).optional(),
  })
  .strict();

const statusInput = z.object({ status: z.enum(['open', 'in-progress', 'done', 'not-done'], { message: 'status must be open, in-progress, done or not-done' }), note: z.string().max(2000).optional() }).strict();

export function maracApiRoutes(router: Router, partners: MaracPartnerService, research: MaracResearchService, actions: MaracActionsService): void {
  router.api({
    method: 'GET',
    url: paths.api.maracMeetings,
    scope: 'marac:read',
    summary: 'The Marac meetings of the client’s agency whose agenda has gone out and whose window is open',
    response: z.object({ meetings: z.array(meetingSummary) }),
    handler: async (request) => {
      const mine = await partners.myMeetings(agencyCaller(request));
      return { meetings: mine.meetings.map((m) => ({ id: m.id, meeting: meetingInWords(m), heldAt: m.heldAt.toISOString(), researchDueOn: m.researchDueOn, cases: m.agenda.length })) };
    },
  });

  router.api({
    method: 'GET',
    url: paths.api.maracMeeting(),
    scope: 'marac:read',
    summary: 'A meeting’s agenda, with each case’s shared summary (never an address)',
    response: z.object({ id: z.string(), meeting: z.string(), heldAt: z.string(), researchDueOn: z.string(), cases: z.array(sharedCase) }),
    handler: async (request) => {
      const a = await partners.agenda(agencyCaller(request), id(request, 'meetingId'));
      return { id: a.meeting.id, meeting: meetingInWords(a.meeting), heldAt: a.meeting.heldAt.toISOString(), researchDueOn: a.meeting.researchDueOn, cases: a.cases.map(caseOut) };
    },
  });

  router.api({
    method: 'POST',
    url: paths.api.maracResearch(),
    scope: 'marac-agency:write',
    summary: 'Return the agency’s research on a case: for each person on it, known or not and what is known; offers from the agency’s list',
    body: researchInput,
    invalidStatus: 400,
    handler: async (request, reply, body) => {
      const meetingCaseId = id(request, 'meetingCaseId');
      const agenda = await partners.agenda(agencyCaller(request), id(request, 'meetingId'));
      if (!agenda.cases.some((c) => c.meetingCaseId === meetingCaseId)) throw new ApiProblem(404, [{ path: '', message: 'There is no such case on this meeting' }]);
      await research.submit(
        agencyCaller(request),
        meetingCaseId,
        { findings: body.findings.map((f) => ({ personId: f.personId, known: f.known, involvement: f.involvement ?? '', history: f.history ?? '', risks: f.risks ?? '' })), offers: body.offers ?? [], otherOffer: body.otherOffer ?? '' },
        request.id,
      );
      return reply.code(201).send({ returned: true });
    },
  });

  router.api({
    method: 'GET',
    url: paths.api.maracAction(),
    scope: 'marac:read',
    summary: 'One of the agency’s Marac actions, with where it has got to',
    response: actionOut,
    handler: async (request) => actionOf(await actions.action(agencyCaller(request), id(request, 'actionId'))),
  });

  router.api({
    method: 'PATCH',
    url: paths.api.maracAction(),
    scope: 'marac-agency:write',
    summary: 'Record where one of the agency’s actions has got to (not-done needs a note saying why)',
    body: statusInput,
    invalidStatus: 400,
    response: actionOut,
    handler: async (request, _reply, body) => {
      const caller = agencyCaller(request);
      const actionId = id(request, 'actionId');
      await actions.update(caller, actionId, { status: body.status, note: body.note ?? '' }, request.id);
      return actionOf(await actions.action(caller, actionId));
    },
  });
}
