import type { FastifyRequest } from 'fastify';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import type { HomeService } from './service.js';

/** Reviews of risk checklists due or overdue on the user's cases. */
export type ReviewsDue = (user: NonNullable<FastifyRequest['user']>) => Promise<{ review: { state: 'not-due' | 'due' | 'overdue' } }[]>;

export function homeRoutes(router: Router, home: HomeService, reviewsDue: ReviewsDue): void {
  router.page({
    method: 'GET',
    url: paths.home,
    permission: 'home:view',
    pageName: 'home',
    handler: async (request, reply) => {
      const user = request.user!;
      const reviews = await reviewsDue(user);
      const overdue = reviews.filter((r) => r.review.state === 'overdue').length;
      return reply.view('home.njk', { pageTitle: 'Home', ...(await home.home(user, { ownPassword: request.session?.signedInWith !== 'single-sign-on' })), reviews: { due: reviews.length - overdue, overdue, href: paths.risk.reviews } });
    },
  });
}
