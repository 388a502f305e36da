import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import type { HomeService } from './service.js';

export function homeRoutes(router: Router, home: HomeService): void {
  router.page({
    method: 'GET',
    url: paths.home,
    permission: 'home:view',
    pageName: 'home',
    handler: async (request, reply) => reply.view('home.njk', { pageTitle: 'Home', ...(await home.home(request.user!)) }),
  });
}
