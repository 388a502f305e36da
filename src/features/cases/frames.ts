import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CaseOverview, CaseTab } from './case-page.js';

/**
 * The case pages that other features' pages sit inside (the Plans tab and its forms, the assessment, the
 * requests for information). Those features do not import the cases feature's page code: the
 * composition root (src/server.ts) hands these in, and they name this type with `import type`.
 */
export interface CaseFrames {
  /** The case named in the address, or the reply already sent (404, break-glass page). */
  loadCase(request: FastifyRequest, reply: FastifyReply): Promise<CaseOverview | { sent: FastifyReply }>;
  /** Renders a page inside the case's banner and tabs. */
  renderCase(reply: FastifyReply, template: string, c: CaseOverview, tab: CaseTab, context?: Record<string, unknown>): unknown;
  /** The case's banner and tabs, for a form page rendered by formPage. */
  caseFrame(c: CaseOverview, tab: CaseTab): Record<string, unknown>;
}
