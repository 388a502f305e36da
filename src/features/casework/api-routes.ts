import { z } from 'zod';
import { INTERPRETER_KINDS, VISIT_KINDS } from '../../domain/casework/visits.js';
import { isPlainDate, plainDate } from '../../domain/calendar/plain-date.js';
import { ApiProblem } from '../../platform/http/api-errors.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { UUID } from '../../platform/http/route-params.js';
import type { CaseworkReadService } from './read-service.js';
import type { VisitService } from './visit-service.js';

const date = z.string().refine(isPlainDate, 'Give the date as YYYY-MM-DD');

const plansResponse = z.object({
  assessment: z
    .object({
      status: z.enum(['in-progress', 'submitted', 'returned', 'authorised']),
      referralDate: z.string(),
      startedOn: z.string(),
      dueOn: z.string(),
      authorisedOn: z.string().nullable(),
      recommendation: z.string().nullable(),
      due: z.string().nullable(),
    })
    .nullable(),
  plans: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['child-in-need', 'child-protection']),
      startedOn: z.string(),
      endedOn: z.string().nullable(),
      outcomes: z.array(z.string()),
      nextReviewDue: z.string().nullable(),
      children: z.array(z.object({ personId: z.string(), initialCategory: z.string().nullable(), latestCategory: z.string().nullable() })),
      actions: z.array(
        z.object({
          id: z.string(),
          need: z.string(),
          action: z.string(),
          dueOn: z.string(),
          status: z.string(),
          owner: z.union([z.object({ kind: z.literal('person'), personId: z.string(), role: z.string().nullable() }), z.object({ kind: z.literal('agency'), agency: z.string() })]),
        }),
      ),
    }),
  ),
});

const visitInput = z
  .object({
    kind: z.enum(VISIT_KINDS, { message: `kind must be one of ${VISIT_KINDS.join(', ')}` }),
    happenedOn: date,
    childId: z.string().regex(UUID, 'childId must be the id of a child on the case').nullable().optional(),
    seen: z.boolean().nullable().optional(),
    seenAlone: z.boolean().nullable().optional(),
    othersPresent: z.string().max(500).optional(),
    interpreter: z.enum(INTERPRETER_KINDS, { message: `interpreter must be one of ${INTERPRETER_KINDS.join(', ')}` }).optional(),
    interpreterName: z.string().max(200).optional(),
    agency: z.string().trim().min(1, 'Say whose visit or appointment it was').max(200),
    note: z.string().max(5000).optional(),
  })
  .strict();

/** A case's assessment and plans for partner systems (`cases:read`), and visits and missed appointments from them (`cases:write`). */
export function caseworkApiRoutes(router: Router, reads: CaseworkReadService, visits: VisitService): void {
  router.api({
    method: 'GET',
    url: paths.api.casePlans(),
    scope: 'cases:read',
    summary: 'A case’s latest child and family assessment (status and dates) and its child in need and child protection plans with their actions',
    response: plansResponse,
    handler: async (request) => {
      const id = (request.params as { caseId?: string }).caseId ?? '';
      const found = UUID.test(id) && request.apiClient ? await reads.forPartner(request.apiClient.tenantId, id) : null;
      if (!found) throw new ApiProblem(404, [{ path: '', message: 'There is no such case' }]);
      return found;
    },
  });

  router.api({
    method: 'POST',
    url: paths.api.caseVisits(),
    scope: 'cases:write',
    summary: 'Record a visit to a child, a visit with no access, or a missed appointment (any agency’s); answers with its id',
    body: visitInput,
    invalidStatus: 400,
    handler: async (request, reply, body) => {
      const id = (request.params as { caseId?: string }).caseId ?? '';
      if (!UUID.test(id) || !request.apiClient) throw new ApiProblem(404, [{ path: '', message: 'There is no such case' }]);
      const visitId = await visits.record(
        { kind: 'api', client: request.apiClient },
        id,
        {
          kind: body.kind,
          happenedOn: plainDate(body.happenedOn),
          childId: body.childId ?? null,
          seen: body.seen ?? null,
          seenAlone: body.seenAlone ?? null,
          othersPresent: body.othersPresent ?? '',
          interpreter: body.interpreter ?? 'none',
          interpreterName: body.interpreterName ?? '',
          agency: body.agency,
          note: body.note ?? '',
        },
        request.id,
      );
      return reply.code(201).send({ id: visitId });
    },
  });
}
