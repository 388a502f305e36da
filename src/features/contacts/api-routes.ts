import { UUID } from '../../platform/http/route-params.js';
import { z } from 'zod';
import type { DaServiceReferral } from '../../domain/contacts/contact.js';
import type { Pathway } from '../../domain/triage/threshold.js';
import { ApiProblem } from '../../platform/http/api-errors.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import type { FastifyRequest } from 'fastify';
import type { ContactActor } from './actor.js';
import type { ContactReadService } from './read-service.js';
import { decisionInput, indicatorsInput, linkInput, newContactInput } from './schemas.js';
import type { ContactsService } from './service.js';


const candidate = z.object({ personId: z.string(), score: z.number(), reasons: z.array(z.string()), restricted: z.boolean() });
const received = z.object({
  id: z.string(),
  decisionDueBy: z.string(),
  status: z.string(),
  people: z.array(z.object({ ref: z.string(), personId: z.string().nullable(), candidates: z.array(candidate) })),
});

const outcome = z.object({
  id: z.string(),
  source: z.string(),
  reference: z.string().nullable(),
  receivedAt: z.string(),
  decisionDueBy: z.string(),
  status: z.string(),
  outcome: z.object({ decision: z.string().nullable(), decidedAt: z.string().nullable() }).nullable(),
});

function apiActor(request: FastifyRequest): ContactActor {
  if (!request.apiClient) throw new ApiProblem(401, [{ path: '', message: 'Send a valid API token in the Authorization header' }]);
  return { kind: 'api', client: request.apiClient };
}

function contactId(params: unknown): string {
  const id = (params as { contactId?: string }).contactId ?? '';
  if (!UUID.test(id)) throw new ApiProblem(404, [{ path: '', message: 'There is no such contact' }]);
  return id;
}

export function contactsApiRoutes(router: Router, contacts: ContactsService, read: ContactReadService): void {
  router.api({
    method: 'POST',
    url: paths.api.notifications,
    scope: 'notifications:write',
    summary: 'Send a police notification or other contact to the MASH; the same source and reference again creates nothing',
    body: newContactInput,
    invalidStatus: 400,
    response: received,
    handler: async (request, reply, body) => {
      const result = await contacts.receive(apiActor(request), body, request.id);
      return reply.code(result.created ? 201 : 200).send({
        id: result.id,
        decisionDueBy: result.decisionDueBy,
        status: result.status,
        people: result.people.map((p) => ({ ref: p.ref, personId: p.personId, candidates: p.candidates.map((c) => ({ personId: c.personId, score: c.score, reasons: c.reasons, restricted: c.restricted })) })),
      });
    },
  });

  router.api({
    method: 'GET',
    url: paths.api.notification(),
    scope: 'notifications:read',
    summary: 'What became of a notification this client sent: its status, and the threshold decision and when it was made; no personal data',
    response: outcome,
    handler: async (request) => {
      const actor = apiActor(request);
      const view = actor.kind === 'api' ? await read.notificationOutcome(actor.client, contactId(request.params)) : null;
      if (!view) throw new ApiProblem(404, [{ path: '', message: 'There is no such notification from this client' }]);
      return view;
    },
  });

  router.api({
    method: 'GET',
    url: paths.api.contact(),
    scope: 'contacts:read',
    summary: 'A contact, its people and their links, the decision deadline, the triage once indicators are set, and the decision',
    handler: async (request) => {
      const actor = apiActor(request);
      const view = actor.kind === 'api' ? await read.apiView(actor.client.tenantId, contactId(request.params)) : null;
      if (!view) throw new ApiProblem(404, [{ path: '', message: 'There is no such contact' }]);
      return view;
    },
  });

  router.api({
    method: 'POST',
    url: paths.api.contactLink(),
    scope: 'contacts:write',
    summary: 'Link a person on the contact (by ref) to an existing person record',
    body: linkInput,
    invalidStatus: 400,
    handler: async (request, reply, body) => {
      const ref = (request.params as { ref?: string }).ref ?? '';
      await contacts.link(apiActor(request), contactId(request.params), ref, body.personId, request.id);
      return reply.code(204).send();
    },
  });

  router.api({
    method: 'POST',
    url: paths.api.contactIndicators(),
    scope: 'contacts:write',
    summary: 'Set the threshold indicators that apply (codes from the tenant’s list)',
    body: indicatorsInput,
    invalidStatus: 400,
    handler: async (request, reply, body) => {
      await contacts.setIndicators(apiActor(request), contactId(request.params), body.indicators, request.id);
      return reply.code(204).send();
    },
  });

  router.api({
    method: 'POST',
    url: paths.api.contactDecision(),
    scope: 'contact-decisions:write',
    summary: 'Record the MASH manager’s threshold decision, with the reason, the DA service referral and whether to check the Marac criteria',
    body: decisionInput,
    invalidStatus: 400,
    handler: async (request, reply, body) => {
      await contacts
        .decide(
          apiActor(request),
          contactId(request.params),
          { pathway: body.pathway as Pathway, reason: body.reason, daServiceReferral: (body.daServiceReferral ?? null) as DaServiceReferral | null, checkMarac: body.checkMarac ?? false, teamId: body.teamId ?? null },
          request.id,
        );
      return reply.code(204).send();
    },
  });
}
