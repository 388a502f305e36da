import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { projectRoot } from '../../config.js';

/** GOV.UK and MOJ frontend's precompiled CSS, JavaScript, fonts and images, and our own scripts. */
export default fp(
  async (app: FastifyInstance) => {
    const govuk = join(projectRoot, 'node_modules', 'govuk-frontend', 'dist', 'govuk');
    const moj = join(projectRoot, 'node_modules', '@ministryofjustice', 'frontend', 'moj');
    const common = { decorateReply: false, immutable: false, maxAge: '1h', index: false } as const;
    // MOJ frontend's stylesheet asks for its icons under /assets/images/ too, so both folders answer there.
    await app.register(fastifyStatic, { ...common, root: [join(govuk, 'assets'), join(moj, 'assets')], prefix: '/assets/' });
    await app.register(fastifyStatic, { ...common, root: join(moj, 'assets'), prefix: '/assets/moj/' });
    await app.register(fastifyStatic, {
      ...common,
      root: [govuk, moj, join(projectRoot, 'src', 'platform', 'http', 'public')],
      prefix: '/stylesheets/',
      allowedPath: (path) => path.endsWith('.css'),
    });
    await app.register(fastifyStatic, {
      ...common,
      root: [govuk, moj, join(projectRoot, 'src', 'platform', 'http', 'public')],
      prefix: '/javascripts/',
      allowedPath: (path) => path.endsWith('.js'),
    });
  },
  { name: 'static-assets' },
);
