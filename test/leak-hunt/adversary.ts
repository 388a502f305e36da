import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { actionsFor } from '../../src/platform/access/policy.js';
import { isRole, type Role } from '../../src/platform/access/roles.js';
import type { Database } from '../../src/platform/db/database.js';
import type { Visitor } from '../helpers/app.js';
import { leaks, type BuiltFamily, type HuntWorld } from './family.js';
import { apiRequests, HUNTED_OUTPUTS, type HuntedOutput } from './outputs.js';

/**
 * The adversarial leak hunt's bookkeeping: who reads, what they may see, reading every hunted output,
 * and telling whether an attempt changed anything.
 */

/** Roles that hold withheld whereabouts by role (docs/access.md); on a screen only. */
export const SEES_WITHHELD_BY_ROLE: readonly Role[] = ['team-manager', 'idva'];

export interface Reader {
  label: string;
  id: string;
  role: Role;
  visitor: Visitor;
}

/** A practitioner who tries everything, signed in through the sign-in page. */
export interface Adversary extends Reader {
  /** Someone of the same role in the same team. */
  colleagueId: string;
  /** Their own team (for the allocated social worker, the tenant's Hunt team). */
  teamId: string;
  /** The family they go after (its case is allocated to the tenant's social worker), with the notification below among its contacts. */
  target: BuiltFamily;
  /** A police notification naming the victim that nobody has linked to her record. */
  unlinkedContactId: string;
  /** A request, made by an administrator, to give them the IDVA or team manager role. */
  pendingRequestId: string;
}

type Response = LightMyRequestResponse;

const UUID_IN_PATH = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** The person's own record page (people-person.njk), not the page that refuses it. */
const RECORD_PAGE = /govuk-summary-card__title">Addresses</;

/** What happened on one attempt, for the report. */
export interface AttemptRecord {
  adversary: string;
  attempt: string;
  /** Each request the attempt made, with its status (and where a redirect went). */
  steps: string[];
  /** The tables whose rows the attempt changed (the audit log, sessions and API clients left out). */
  changed: string[];
}

/** A URL pattern of a registered GET page route and the permission it needs, for routes a role is refused outright. */
interface PageRoute {
  pattern: RegExp;
  params: number;
  permission: string;
}

export class Hunt {
  readonly families: BuiltFamily[] = [];
  readonly records: AttemptRecord[] = [];
  /** Each request answered with a server error: where, and what (the request with its ids as `:id`, and the reader's role). */
  readonly serverErrors: { where: string; what: string }[] = [];
  /** Victims whose withheld values a reader with a named grant was seen to be shown on her page (the grant control). */
  readonly shownByGrant: string[] = [];
  /** Who opened her record, and whether it showed her whereabouts or "Withheld" (the last time). */
  readonly opened = new Map<string, 'shown' | 'withheld'>();
  /** Live named whereabouts grants, by user: the victims whose whereabouts they may see on a screen. */
  private whereaboutsGrants = new Map<string, Set<string>>();
  private readonly pageRoutes: PageRoute[];
  gets = 0;

  constructor(readonly w: HuntWorld) {
    this.pageRoutes = w.t.routes.routes
      .filter((r) => r.kind === 'page' && r.method === 'GET')
      .map((r) => ({
        pattern: new RegExp(`^${r.url.replace(/:[^/]+/g, '[^/?]+')}(\\?.*)?$`),
        params: (r.url.match(/:/g) ?? []).length,
        permission: r.permission,
      }))
      // A page with fewer parameters is the better match (/cases/new before /cases/:caseId).
      .sort((a, b) => a.params - b.params);
  }

  get db(): Database {
    return this.w.t.db;
  }

  /** The victims whose withheld values this reader may be shown in this audience. */
  allowed(reader: Reader, audience: HuntedOutput['audience']): Set<string> {
    if (audience !== 'screen') return new Set();
    if (SEES_WITHHELD_BY_ROLE.includes(reader.role)) return new Set(this.families.map((f) => f.victimId));
    return this.whereaboutsGrants.get(reader.id) ?? new Set();
  }

  /** The withheld values this reader must not be shown in this audience: every family's but those allowed. */
  forbidden(reader: Reader | null, audience: HuntedOutput['audience']): string[] {
    const allowed = reader ? this.allowed(reader, audience) : new Set<string>();
    return this.families.filter((f) => !allowed.has(f.victimId)).flatMap((f) => f.secrets);
  }

  /** Checks one response as the reader saw it (null: the partner system through the API). */
  check(reader: Reader | null, label: string, request: string, res: Response, audience: HuntedOutput['audience'] = 'screen'): void {
    if (res.statusCode >= 500) {
      this.serverErrors.push({ where: `${label}: ${res.statusCode}`, what: `${request.split('?')[0]!.replace(UUID_IN_PATH, ':id')} as ${reader?.role ?? 'a partner system'}` });
    }
    expect(leaks(res.body + JSON.stringify(res.headers), this.forbidden(reader, audience)), `${label} (status ${res.statusCode})`).toEqual([]);
  }

  async get(reader: Reader, label: string, url: string): Promise<Response> {
    this.gets++;
    const res = await reader.visitor.get(url);
    this.check(reader, `${label}: GET ${url} as ${reader.label}`, `GET ${url}`, res);
    return res;
  }

  async api(label: string, url: string, request: { method: 'GET' | 'POST'; body?: unknown } = { method: 'GET' }): Promise<Response> {
    this.gets++;
    const { method, body } = request;
    const res = await this.w.t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${this.w.apiToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    this.check(null, `${label}: ${method} ${url} through the API`, `${method} ${url}`, res, 'external');
    return res;
  }

  /** The router refuses this page to the role before anything is loaded (the role lacks the route's permission). */
  refusedByRole(role: Role, url: string): boolean {
    const route = this.pageRoutes.find((r) => r.pattern.test(url));
    return Boolean(route && route.permission !== 'signed-in' && !(actionsFor(role) as readonly string[]).includes(route.permission));
  }

  /**
   * Reads every hunted output about the family: each page as the reader, each API response as the
   * partner system. `everything` reads the pages the reader's role is refused outright too (the first
   * read); later reads leave them out, since the reader's roles are checked not to have changed and
   * the router refuses those before any record is loaded, and outputs kept as made (`unchanging`). Checks the victim's own page: a reader who
   * may see her whereabouts is shown them; anyone else who opens it sees "Withheld".
   */
  async readAll(reader: Reader, family: BuiltFamily, label: string, options: { everything?: boolean } = {}): Promise<void> {
    const victimPage = `/people/${family.victimId}`;
    type Read = { output: HuntedOutput; url: string; request: ReturnType<typeof apiRequests>[number] | null };
    const reads = HUNTED_OUTPUTS.flatMap((output): Read[] =>
      output.via === 'api' ? apiRequests(output, family.family).map((request) => ({ output, url: request.url, request })) : output.urls(family.family).map((url) => ({ output, url, request: null })),
    );
    await inParallel(reads, async ({ output, url, request }) => {
      if (request) {
        await this.api(`${label}: ${output.name}`, url, request);
        return;
      }
      if (!options.everything && (output.unchanging || this.refusedByRole(reader.role, url))) return;
      const res = await this.get(reader, `${label}: ${output.name}`, url);
      if (url === victimPage) this.victimPage(reader, family, label, res);
    });
  }

  /** The few outputs nearest the victim, read after an attempt that changed nothing at all. */
  async readNearest(reader: Reader, family: BuiltFamily, label: string): Promise<void> {
    this.victimPage(reader, family, label, await this.get(reader, label, `/people/${family.victimId}`));
    await this.get(reader, label, `/cases/${family.family.caseId}`);
    for (const id of family.family.contactIds) await this.get(reader, label, `/contacts/${id}/people`);
    await this.api(label, `/api/v1/people/${family.victimId}`);
  }

  /**
   * Her record, when it opens (not the page that says it is restricted or that they do not work with
   * her), shows her whereabouts to whoever may see them and "Withheld" to anyone else.
   */
  victimPage(reader: Reader, family: BuiltFamily, label: string, res: Response): void {
    if (res.statusCode !== 200 || !RECORD_PAGE.test(res.body)) return;
    const where = `${label}: her record as ${reader.label}`;
    expect(res.body, where).toContain(family.victimName);
    if (this.allowed(reader, 'screen').has(family.victimId)) {
      expect(leaks(res.body, family.secrets).length, `${where}: shown her whereabouts`).toBeGreaterThan(0);
      this.opened.set(reader.label, 'shown');
      if (!SEES_WITHHELD_BY_ROLE.includes(reader.role)) this.shownByGrant.push(family.victimId);
    } else {
      expect(res.body, where).toContain('Withheld');
      this.opened.set(reader.label, 'withheld');
    }
  }

  /**
   * Loads the live named whereabouts grants, and checks each was given by someone who may give them
   * (a role with `whereabouts:grant`) to someone else: nobody gives themselves sight, and no grant
   * appears that a manager did not give.
   */
  async loadWhereaboutsGrants(): Promise<void> {
    const rows = await this.db
      .owner()
      .selectFrom('access_grants as g')
      .leftJoin('users as u', 'u.id', 'g.granted_by')
      .select(['g.user_id', 'g.subject_id', 'g.granted_by', 'u.roles'])
      .where('g.kind', '=', 'whereabouts')
      .where('g.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('g.expires_at', 'is', null), eb('g.expires_at', '>', new Date())]))
      .execute();
    const grants = new Map<string, Set<string>>();
    for (const row of rows) {
      const giverMayGrant = (row.roles ?? []).some((r) => isRole(r) && actionsFor(r).includes('whereabouts:grant'));
      expect({ ...row, giverMayGrant, toSomeoneElse: row.user_id !== row.granted_by }, 'a named whereabouts grant').toMatchObject({ giverMayGrant: true, toSomeoneElse: true });
      grants.set(row.user_id, (grants.get(row.user_id) ?? new Set()).add(row.subject_id));
    }
    this.whereaboutsGrants = grants;
  }
}

/** Runs the work a few at a time: on PostgreSQL the server renders one page while the database answers for another. */
async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>, width = 4): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

/**
 * Tables left out of the fingerprint: reading writes to them (the page-view audit, the session's and the
 * API client's last use). No page changes an API client; the operator's command line does.
 */
// A paper's copy is a record of a read, like the audit log: downloading a Marac paper adds one.
const NOT_STATE = new Set(['audit_events', 'sessions', 'api_clients', 'document_copies']);

/**
 * A fingerprint of everything the outputs are made from: every table's rows but those above, hashed in the database. Two equal fingerprints mean nothing any page or API reads has
 * changed, whoever asks.
 */
export async function fingerprint(db: Database): Promise<Map<string, string>> {
  const owner = db.owner();
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(owner);
  const names = tables.rows.map((r) => r.name).filter((n) => !NOT_STATE.has(n) && /^[a-z_]+$/.test(n));
  const query = names.map((n) => `select '${n}' as name, count(*)::text || ':' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as hash from ${n} x`).join(' union all ');
  const rows = await sql.raw<{ name: string; hash: string }>(query).execute(owner);
  return new Map(rows.rows.map((r) => [r.name, r.hash]));
}

/** The tables whose fingerprint differs. */
export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((n) => before.get(n) !== after.get(n)).sort();
}
