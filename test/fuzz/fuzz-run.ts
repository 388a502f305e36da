import fc from 'fast-check';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { tenantService } from '../../src/features/admin/tenants.js';
import { verifyAuditChain } from '../../src/platform/audit/verify.js';
import { ROLES } from '../../src/platform/access/roles.js';
import { signedIn, type TestApp, type TestTenant, type Visitor } from '../helpers/app.js';
import { fromSchema, hostileText, mutated } from './values.js';

/** Tables a refused request may still write to: its audit events (views, refusals) and the session it ran in. */
const MAY_CHANGE_ON_REFUSAL = new Set(['audit_events', 'sessions']);

/** Row counts of every table in one query, to tell that a refused request wrote nothing. */
export async function rowCounts(t: TestApp): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(t.db.owner());
  const counted = tables.rows.map((r) => r.name).filter((name) => !MAY_CHANGE_ON_REFUSAL.has(name) && /^[a-z_]+$/.test(name));
  const select = counted.map((name) => `(select count(*) from ${name}) as ${name}`).join(', ');
  const row = (await sql.raw<Record<string, string>>(`select ${select}`).execute(t.db.owner())).rows[0]!;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}

/**
 * The same cases every run unless FUZZ_SEED=random (npm run fuzz): a suite that must pass every time
 * cannot rest on a random draw, and a longer run with fresh seeds is where new cases are found.
 */
function seedOption(): { seed?: number } {
  const seed = process.env.FUZZ_SEED ?? '20261205';
  return seed === 'random' ? {} : { seed: Number(seed) };
}

export interface FuzzWorld {
  t: TestApp;
  tenant: TestTenant;
  /** Real record ids by route parameter name, so that some requests reach real records. */
  ids: Record<string, string[]>;
}

/** A path with each `:param` filled: a real id, a random UUID, or hostile text. */
function pathArbitrary(url: string, ids: Record<string, string[]>): fc.Arbitrary<string> {
  const params = [...url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
  if (!params.length) return fc.constant(url);
  return fc.tuple(...params.map((p) => fc.oneof({ weight: 3, arbitrary: ids[p]?.length ? fc.constantFrom(...ids[p]) : fc.uuid() }, { weight: 1, arbitrary: fc.uuid() }, { weight: 1, arbitrary: hostileText }))).map((values) => {
    let path = url;
    params.forEach((p, i) => (path = path.replace(`:${p}`, encodeURIComponent(values[i]!) || 'x')));
    return path;
  });
}

interface Outcome {
  method: string;
  url: string;
  status: number;
  body: string;
}

/** The response is never a server error, always says something, and a refusal changed no table. */
export const statuses = new Map<number, number>();

function expectClear(outcome: Outcome, before: Record<string, number>, after: Record<string, number>): void {
  statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
  const where = `${outcome.method} ${outcome.url.slice(0, 200)} answered ${outcome.status}`;
  expect(outcome.status, `${where}: ${outcome.body.slice(0, 300)}`).toBeLessThan(500);
  expect(outcome.body, where).not.toMatch(/\bat [A-Za-z.]+ \(.*:\d+:\d+\)/); // no stack trace
  if (outcome.status >= 400) expect(after, `${where} but wrote rows`).toEqual(before);
}

/** Every API route: bodies from its schema, mutated; paths with real, random and hostile ids. */
export async function fuzzApi(world: FuzzWorld, runs: number): Promise<number> {
  const { t, tenant } = world;
  const scopes = [...new Set(t.routes.api.map((r) => r.scope).filter((s) => s !== 'authenticated'))];
  const client = await tenantService(t.db).createApiClient(tenant.id, 'Fuzz partner', scopes);
  const { z } = await import('zod');
  const routes = t.routes.api.map((spec) => ({
    spec,
    body: spec.body ? mutated(fromSchema(z.toJSONSchema(spec.body, { io: 'input', unrepresentable: 'any' }) as Parameters<typeof fromSchema>[0])) : fc.constant(undefined),
    path: pathArbitrary(spec.url, world.ids),
  }));
  let sent = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: routes.length - 1 }).chain((i) => fc.tuple(fc.constant(i), routes[i]!.path, routes[i]!.body, fc.option(hostileText))),
      async ([i, path, body, query]) => {
        const { spec } = routes[i]!;
        const url = spec.method === 'GET' && query !== null ? `${path}?name=${encodeURIComponent(query)}&page=${encodeURIComponent(query)}` : path;
        const before = await rowCounts(t);
        const res = await t.app.inject({
          method: spec.method,
          url,
          headers: { authorization: `Bearer ${client.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
        });
        sent++;
        expectClear({ method: spec.method, url, status: res.statusCode, body: res.body }, before, await rowCounts(t));
      },
    ),
    { numRuns: runs, ...seedOption() },
  );
  return sent;
}

/** Every form: posts with each of its fields (and some it does not have) random or hostile, as each role. */
export async function fuzzForms(world: FuzzWorld, runs: number): Promise<number> {
  const { t, tenant } = world;
  const visitors: Visitor[] = [];
  for (const role of ROLES) visitors.push(await signedIn(t.app, tenant.users[role].email));
  // Only the signed-in forms: signing in and choosing a password by link are fuzzed by their own tests' limits.
  const forms = t.routes.forms.filter((f) => t.routes.routes.some((r) => r.url === f.url && r.method === 'POST' && r.kind === 'page'));
  let sent = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: forms.length - 1 }).chain((i) =>
        fc.tuple(
          fc.constant(i),
          pathArbitrary(forms[i]!.url, world.ids),
          fc.dictionary(fc.oneof(fc.constantFrom(...(forms[i]!.fields.length ? forms[i]!.fields : ['name'])), hostileText), fc.oneof(hostileText, fc.array(hostileText, { maxLength: 3 })), { maxKeys: 8 }),
          fc.integer({ min: 0, max: visitors.length - 1 }),
        ),
      ),
      async ([, path, fields, who]) => {
        const visitor = visitors[who]!;
        const before = await rowCounts(t);
        const res = await visitor.post(path, fields);
        sent++;
        expectClear({ method: 'POST', url: path, status: res.statusCode, body: res.body }, before, await rowCounts(t));
      },
    ),
    { numRuns: runs, ...seedOption() },
  );
  return sent;
}

/** After it all, the audit chain still verifies: no request left half an event. */
export async function expectChainIntact(t: TestApp, tenantId: string): Promise<void> {
  expect((await verifyAuditChain(t.db.owner(), { tenantId })).firstBreak).toBeNull();
}
