import { sql } from 'kysely';
import type { IncomingPerson } from '../../src/features/contacts/matching.js';
import { Confidential } from '../../src/domain/redaction/confidential.js';
import type { Database } from '../../src/platform/db/database.js';
import { personId } from './load-people.js';
import { syntheticPerson } from '../../src/generator/identities.js';
import type { Rng } from '../../src/generator/random.js';
import { PERTURBATIONS, perturbAs, type PerturbationKind } from '../../src/generator/recording-slips.js';

export interface Query {
  kind: PerturbationKind;
  trueId: string;
  incoming: IncomingPerson;
  /** The postcode given is that of the person's withheld address, so it must not count. */
  withheldPostcode: boolean;
}

/**
 * `count` contacts about loaded people, each with one slip, the kinds taken in turn. Restricted
 * people are not asked for (they are matched on name alone, by design). Half of those with an
 * address give its postcode; no query gives an NHS number, as police contacts seldom carry one.
 */
export function makeQueries(rng: Rng, seed: number, people: number, count: number): Query[] {
  const queries: Query[] = [];
  while (queries.length < count) {
    const kind = PERTURBATIONS[queries.length % PERTURBATIONS.length]!;
    const serial = Math.floor(rng() * people);
    const person = syntheticPerson(seed, serial);
    if (person.restricted) continue;
    const slipped = perturbAs(kind, person, rng);
    if (!slipped) continue;
    const postcode = person.postcode && rng() < 0.5 ? person.postcode : null;
    queries.push({ kind, trueId: personId(serial), incoming: { ...slipped, postcode: postcode === null ? null : Confidential.of(postcode) }, withheldPostcode: postcode !== null && person.addressWithheld });
  }
  return queries;
}

/** pg_trgm's default threshold: the baseline proposes what `%` finds, most similar first. */
export const BASELINE_THRESHOLD = 0.3;

/**
 * The baseline: trigram similarity on the full name alone, the five most similar above the
 * threshold. It runs as the owner with the tenant as an explicit condition, because under
 * row-level security `%` is not leakproof and cannot use the trigram index: as the application
 * role every baseline query would read the whole table.
 */
export async function trigramBaseline(db: Database, tenantId: string, incoming: IncomingPerson): Promise<string[]> {
  const full = `${incoming.givenName} ${incoming.familyName}`.toLowerCase();
  return db
    .owner()
    .transaction()
    .execute(async (trx) => {
      await sql`select set_config('pg_trgm.similarity_threshold', ${String(BASELINE_THRESHOLD)}, true)`.execute(trx);
      const found = await sql<{ id: string }>`
        select id from people
        where tenant_id = ${tenantId} and lower(given_name || ' ' || family_name) % ${full}
        order by similarity(lower(given_name || ' ' || family_name), ${full}) desc, id
        limit 5`.execute(trx);
      return found.rows.map((r) => r.id);
    });
}
