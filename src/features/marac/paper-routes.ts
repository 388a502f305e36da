import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatDateTime } from '../../platform/http/format.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import { idParam, notFound, userOf } from '../../platform/http/route-params.js';
import type { MaracPaper, MaracPapersService } from './papers-service.js';

const PAPERS: readonly MaracPaper[] = ['agenda', 'minutes'];
const paperOf = (request: FastifyRequest): MaracPaper | null => {
  const p = (request.params as { paper?: string }).paper;
  return PAPERS.find((x) => x === p) ?? null;
};

function sendPdf(reply: FastifyReply, made: { pdf: Buffer; fileName: string }) {
  return reply.type('application/pdf').header('content-disposition', `attachment; filename="${made.fileName}"`).header('cache-control', 'no-store').send(made.pdf);
}

/** A paper that cannot be made yet (minutes not approved): why, and the way back. */
function unavailable(reply: FastifyReply, status: number, message: string | undefined) {
  return reply.code(status).view('marac-paper-unavailable.njk', { message: message ?? 'This paper cannot be made yet' });
}

/** The Marac's papers: the HTML print page and the PDF copy of a meeting's agenda and minutes, a case's research pack, and the record of who had a copy. */
export function maracPaperRoutes(router: Router, papers: MaracPapersService): void {
  router.page({
    method: 'GET',
    url: paths.marac.paper(),
    permission: 'signed-in',
    pageName: 'marac-paper',
    handler: async (request, reply) => {
      const id = idParam(request, 'meetingId');
      const which = paperOf(request);
      if (!id || !which) return notFound(reply);
      const result = await attempt(reply, () => papers.meetingPaperHtml(userOf(request), id, which));
      if ('sent' in result) return result.sent;
      if (!result.ok) return unavailable(reply, result.status, result.errors.summary[0]?.text);
      return reply.view('marac-paper.njk', { paper: result.value, pdfHref: paths.marac.paperPdf(id, which) });
    },
  });

  router.page({
    method: 'GET',
    url: paths.marac.paperPdf(),
    permission: 'signed-in',
    pageName: 'marac-paper-pdf',
    handler: async (request, reply) => {
      const id = idParam(request, 'meetingId');
      const which = paperOf(request);
      if (!id || !which) return notFound(reply);
      const result = await attempt(reply, () => papers.meetingPaper(userOf(request), id, which, request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return unavailable(reply, result.status, result.errors.summary[0]?.text);
      return sendPdf(reply, result.value);
    },
  });

  router.page({
    method: 'GET',
    url: paths.marac.researchPack(),
    permission: 'signed-in',
    pageName: 'marac-research-pack',
    handler: async (request, reply) => {
      const id = idParam(request, 'meetingCaseId');
      if (!id) return notFound(reply);
      const result = await attempt(reply, () => papers.researchPack(userOf(request), id, request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return notFound(reply);
      return sendPdf(reply, result.value);
    },
  });

  router.page({
    method: 'GET',
    url: paths.marac.distribution(),
    permission: 'marac:coordinate',
    pageName: 'marac-distribution',
    handler: async (request, reply) => {
      const id = idParam(request, 'meetingId');
      if (!id) return notFound(reply);
      const result = await attempt(reply, () => papers.distribution(userOf(request), id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return notFound(reply);
      return reply.view('marac-distribution.njk', { meetingId: id, copies: result.value.map((c) => ({ ...c, at: formatDateTime(c.made_at) })) });
    },
  });
}
