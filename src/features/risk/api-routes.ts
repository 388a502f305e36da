import { UUID } from '../../platform/http/route-params.js';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isPlainDate, londonDate, type PlainDate } from '../../domain/calendar/plain-date.js';
import { ApiProblem } from '../../platform/http/api-errors.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { maracReferral, type ReferralInput } from '../marac/service.js';
import type { Actor, RecordedChecklist } from './record.js';
import { RiskError, type RiskService } from './service.js';

const uuid = (what: string) => z.string().regex(UUID, `${what} must be the id of a record`);

export const riskAssessmentInput = z
  .object({
    personId: uuid('personId'),
    caseId: uuid('caseId').optional(),
    instrument: z.string().trim().min(1, 'Name the instrument, like dash-ric').max(60, 'The instrument is named by its id, like dash-ric'),
    version: z.number({ message: 'version must be a whole number' }).int('version must be a whole number').positive('version must be 1 or more').optional(),
    language: z.string().trim().max(20).optional(),
    completedAt: z
      .string()
      .trim()
      .refine((v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)), 'completedAt must be a date and time like 2026-11-20T14:30:00Z'),
    answers: z.record(z.string(), z.unknown(), { message: 'answers must be an object of question numbers and answers, like { "1": "yes" }' }),
    sources: z.record(z.string(), z.string().max(500, 'Keep each source to 500 characters')).optional(),
    comments: z.record(z.string(), z.string().max(2000, 'Keep each comment to 2000 characters')).optional(),
    agency: z.string().trim().max(200).optional(),
    completedWithVictim: z.boolean().optional(),
    victimView: z.string().trim().max(4000).optional(),
    professionalJudgement: z.object({ refer: z.boolean({ message: 'refer must be true or false' }), reason: z.string().max(2000).optional() }).strict().optional(),
  })
  .strict();

export function apiActor(request: FastifyRequest): Actor {
  if (!request.apiClient) throw new ApiProblem(401, [{ path: '', message: 'Send a valid API token in the Authorization header' }]);
  return { kind: 'api', client: request.apiClient };
}

export function checklistResponse(r: RecordedChecklist) {
  return {
    id: r.id,
    instrument: r.instrument,
    score: r.score,
    band: r.band,
    gaps: r.gaps,
    offered: r.offered,
    marac: r.marac,
    suggestedService: r.suggestedService && {
      kind: r.suggestedService.kind,
      band: r.suggestedService.band,
      services: r.suggestedService.services.map((s) => ({ id: s.id, name: s.name, offers: s.offers, howToRefer: s.howToRefer })),
    },
  };
}

export interface MaracReferralsApi {
  refer(actor: Actor, input: ReferralInput, requestId: string): Promise<{ id: string; repeat: boolean; previousReferralId: string | null }>;
}

export function riskApiRoutes(router: Router, risk: RiskService, marac: MaracReferralsApi): void {
  router.api({
    method: 'POST',
    url: paths.api.riskAssessments,
    scope: 'risk:write',
    summary: 'Record a completed risk checklist; answers with its score, band, gaps, the Marac criteria met with evidence, and the suggested DA service',
    body: riskAssessmentInput,
    invalidStatus: 400,
    handler: async (request, reply, body) => {
      const answers = Object.fromEntries(Object.entries(body.answers).map(([k, answer]) => [k, { answer, source: body.sources?.[k], comment: body.comments?.[k] }]));
      const recorded = await risk
        .record(
          apiActor(request),
          {
            personId: body.personId,
            caseId: body.caseId ?? null,
            instrument: body.instrument,
            version: body.version,
            language: body.language,
            completedAt: new Date(body.completedAt),
            answers,
            agency: body.agency,
            withVictim: body.completedWithVictim,
            victimView: body.victimView,
            judgement: body.professionalJudgement,
          },
          request.id,
        );
      return reply.code(201).send(checklistResponse(recorded));
    },
  });

  router.api({
    method: 'GET',
    url: paths.api.maracEligibility(),
    scope: 'risk:read',
    summary: 'Which Marac criteria a person meets on a date (asOf, default today), from everything recorded up to it',
    handler: async (request) => {
      const personId = (request.params as { personId?: string }).personId ?? '';
      if (!UUID.test(personId)) throw new ApiProblem(404, [{ path: '', message: 'There is no such person' }]);
      const asOf = (request.query as { asOf?: string }).asOf ?? londonDate(new Date());
      if (!isPlainDate(asOf)) throw new ApiProblem(400, [{ path: '/asOf', message: 'asOf must be a date like 2026-11-20' }]);
      const answer = await risk.eligibility(apiActor(request), personId, asOf as PlainDate).catch((e: unknown) => {
        if (e instanceof RiskError && e.field === 'personId' && e.status === 400) throw new ApiProblem(404, [{ path: '', message: 'There is no such person' }]);
        throw e;
      });
      return answer;
    },
  });

  router.api({
    method: 'POST',
    url: paths.api.maracReferrals,
    scope: 'marac:write',
    summary:
      'Record a referral to the Marac; answers whether it is a repeat and which referral it repeats. Consent is stated (the lawful basis without it), the risks in the referrer’s words, and the person causing harm named or null for not known',
    body: maracReferral,
    invalidStatus: 400,
    handler: async (request, reply, body) => {
      const result = await marac.refer(apiActor(request), body, request.id);
      return reply.code(201).send({ id: result.id, repeat: result.repeat, ...(result.previousReferralId ? { previousReferralId: result.previousReferralId } : {}) });
    },
  });
}
