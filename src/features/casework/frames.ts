import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CaseOverview, CaseTab } from '../cases/case-page.js';

/**
 * The case pages the casework pages sit inside. The casework feature does not import the cases
 * feature's page code: the composition root (src/server.ts) hands these in.
 */
export interface CaseFrames {
  /** The case named in the address, or the reply already sent (404, break-glass page). */
  loadCase(request: FastifyRequest, reply: FastifyReply): Promise<CaseOverview | { sent: FastifyReply }>;
  /** Renders a page inside the case's banner and tabs. */
  renderCase(reply: FastifyReply, template: string, c: CaseOverview, tab: CaseTab, context?: Record<string, unknown>): unknown;
  /** The case's banner and tabs, for a form page rendered by formPage. */
  caseFrame(c: CaseOverview, tab: CaseTab): Record<string, unknown>;
}
