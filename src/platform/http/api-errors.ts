import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { z } from 'zod';
import { API_TOKEN_PREFIX, tokenHash } from '../auth/tokens.js';
import type { Database } from '../db/database.js';

export interface ApiErrorItem {
  /** A JSON pointer to the field, or '' for the request as a whole. */
  path: string;
  message: string;
}

/** An error the API reports as `{ "errors": [...] }` with its status. */
export class ApiProblem extends Error {
  constructor(
    readonly statusCode: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503,
    readonly errors: ApiErrorItem[],
  ) {
    super(errors.map((e) => e.message).join('; '));
  }
}

export function jsonPointer(path: readonly PropertyKey[]): string {
  return path.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

export function parseApiBody<S extends z.ZodType>(schema: S, body: unknown, invalidStatus: 400 | 422 = 422): z.infer<S> {
  if (body === undefined || body === null || typeof body !== 'object') {
    throw new ApiProblem(400, [{ path: '', message: 'Send a JSON object as the request body' }]);
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new ApiProblem(
      invalidStatus,
      result.error.issues.map((issue) => ({ path: jsonPointer(issue.path), message: issue.message })),
    );
  }
  return result.data;
}

/** Reads `Authorization: Bearer wa_...`, finds the client and its tenant. Leaves apiClient null when absent or wrong. */
export async function apiAuthenticate(db: Database, request: FastifyRequest): Promise<void> {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  const token = match?.[1];
  if (!token || !token.startsWith(API_TOKEN_PREFIX)) return;
  const hash = tokenHash(token);
  const found = await db.anonymous(async (trx) => {
    const result = await sql<{ id: string; tenant_id: string; usable: boolean }>`select * from auth_api_client(${hash})`.execute(trx);
    return result.rows[0] ?? null;
  });
  if (!found) return;
  // A real token past its expiry, revoked, rotated or its client deactivated (issue 11, finding 7).
  if (!found.usable) throw new ApiProblem(401, [{ path: '', message: 'This API token has expired or been revoked: ask the council’s administrator for a new one' }]);
  request.apiClient = await db.tenant(found.tenant_id, async (trx) => {
    const row = await trx
      .updateTable('api_clients')
      .set({ last_used_at: new Date() })
      .where('id', '=', found.id)
      .returning(['id', 'tenant_id', 'name', 'scopes', 'agency_id'])
      .executeTakeFirstOrThrow();
    return { id: row.id, tenantId: row.tenant_id, name: row.name, scopes: row.scopes, agencyId: row.agency_id };
  });
}
