import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CaseOverview, CaseTab } from '../cases/case-page.js';

/**
 * The case pages the assessment and the requests for information sit inside. The composition root
 * (src/server.ts) hands these in, so this feature does not import the cases feature's page code.
 */
export interface AssessmentFrames {
  /** The case named in the address, or the reply already sent (404, break-glass page). */
  loadCase(request: FastifyRequest, reply: FastifyReply): Promise<CaseOverview | { sent: FastifyReply }>;
  /** What the case layout needs: the banner and the case's tabs. */
  caseFrame(c: CaseOverview, tab: CaseTab): Record<string, unknown>;
}
