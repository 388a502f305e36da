import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CaseOverview, CaseTab } from '../cases/case-page.js';
import type { FoundPerson } from '../people/route-helpers.js';

/**
 * The person and case pages the risk pages sit inside. The risk feature does not import the people or
 * cases features' page code: the composition root (src/server.ts) hands these in, so each feature
 * still reaches another only through what it is given.
 */
export interface RiskFrames {
  /** The person named in the address, or the reply already sent (404, restricted, not working with them). */
  loadPerson(request: FastifyRequest, reply: FastifyReply): Promise<FoundPerson | { sent: FastifyReply }>;
  /** The case named in the address, or the reply already sent (404, break-glass page). */
  loadCase(request: FastifyRequest, reply: FastifyReply): Promise<CaseOverview | { sent: FastifyReply }>;
  /** Renders a page inside the case's banner and tabs. */
  renderCase(reply: FastifyReply, template: string, c: CaseOverview, tab: CaseTab, context?: Record<string, unknown>): unknown;
  /** A member's role on a case in words. */
  memberRole(role: string): string;
}
