import type { FastifyReply, FastifyRequest } from 'fastify';
import { Answered } from '../../platform/http/form-page.js';
import type { CaseFrames } from '../cases/frames.js';
import type { CaseOverview } from '../cases/case-page.js';
import { EscalationError } from './service.js';

/** `load` for a form on the case: the case, refused unless the user may change it. */
export function editable(frames: CaseFrames) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<CaseOverview | Answered> => {
    const c = await frames.loadCase(request, reply);
    if ('sent' in c) return new Answered(c.sent);
    if (!c.mayEdit) throw new EscalationError(403, 'You cannot make this change to the case');
    return c;
  };
}

