import { tenantOfClient } from './queries.js';
import { z } from 'zod';
import type { Database } from '../../platform/db/database.js';
import { openApiDocument } from '../../platform/http/openapi.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';

export const whoamiResponse = z.object({
  client: z.object({ id: z.string(), name: z.string() }),
  tenant: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  scopes: z.array(z.string()),
});

export function apiMetaRoutes(router: Router, db: Database, version: string): void {
  router.publicPage({
    method: 'GET',
    url: paths.api.openapi,
    handler: async (_request, reply) => reply.type('application/json').send(openApiDocument(router.catalogue, version)),
  });

  router.api({
    method: 'GET',
    url: paths.api.whoami,
    scope: 'authenticated',
    summary: 'The API client, its local authority and its scopes',
    response: whoamiResponse,
    handler: async (request) => {
      const client = request.apiClient!;
      const tenant = await db.tenant(client.tenantId, tenantOfClient);
      return { client: { id: client.id, name: client.name }, tenant, scopes: client.scopes };
    },
  });
}
