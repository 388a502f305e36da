import type { Database, OwnerSession } from '../../src/platform/db/database.js';
import { syntheticPerson } from '../../src/generator/identities.js';

/** Person number `serial`'s id, so that a query can name its true record without keeping a million ids. */
export function personId(serial: number): string {
  return `00000000-0000-4000-8000-${serial.toString(16).padStart(12, '0')}`;
}

const BATCH = 5000;

const INSERT_PEOPLE = `
  insert into people (id, tenant_id, given_name, family_name, other_names, date_of_birth, sex, nhs_number, restricted, restricted_reason)
  select id, $1, g, f, case when o = '' then '{}'::text[] else string_to_array(o, '|') end, d, s, n, r,
         case when r then 'Synthetic restriction for the benchmark' end
  from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[], $8::text[], $9::boolean[]) as t(id, g, f, o, d, s, n, r)`;

const INSERT_ADDRESSES = `
  insert into person_addresses (tenant_id, person_id, line1, postcode, withheld, withheld_reason, withheld_at)
  select $1, p, 'Synthetic address', pc, w, case when w then 'Synthetic: withheld for the benchmark' end, case when w then now() end
  from unnest($2::uuid[], $3::text[], $4::boolean[]) as t(p, pc, w)`;

async function insertBatch(session: OwnerSession, tenantId: string, seed: number, from: number, to: number): Promise<number> {
  const cols = { id: [] as string[], g: [] as string[], f: [] as string[], o: [] as string[], d: [] as string[], s: [] as string[], n: [] as (string | null)[], r: [] as boolean[] };
  const addr = { p: [] as string[], pc: [] as string[], w: [] as boolean[] };
  for (let serial = from; serial < to; serial++) {
    const person = syntheticPerson(seed, serial);
    const id = personId(serial);
    cols.id.push(id);
    cols.g.push(person.givenName);
    cols.f.push(person.familyName);
    cols.o.push(person.otherNames.join('|'));
    cols.d.push(person.dateOfBirth);
    cols.s.push(person.sex);
    cols.n.push(person.nhsNumber);
    cols.r.push(person.restricted);
    if (person.postcode) {
      addr.p.push(id);
      addr.pc.push(person.postcode);
      addr.w.push(person.addressWithheld);
    }
  }
  await session.query(INSERT_PEOPLE, [tenantId, cols.id, cols.g, cols.f, cols.o, cols.d, cols.s, cols.n, cols.r]);
  await session.query(INSERT_ADDRESSES, [tenantId, addr.p, addr.pc, addr.w]);
  return addr.p.length;
}

/**
 * Loads people 0 to count-1 of `seed` into the tenant as the owner, with an address for those who
 * have one. The indexes on the two tables are dropped for the load and built again after it (from
 * their own definitions, so they are the migrations' indexes), then the tables are vacuumed and analysed.
 */
export async function loadPeople(db: Database, tenantId: string, seed: number, count: number, progress: (line: string) => void): Promise<{ addresses: number }> {
  const session = await db.ownerSession();
  try {
    const indexes = await session.query<{ name: string; definition: string }>(
      `select indexname as name, indexdef as definition from pg_indexes
       where schemaname = 'public' and tablename in ('people', 'person_addresses') and indexname not like '%_pkey'`,
    );
    for (const index of indexes) await session.exec(`drop index ${index.name}`);
    const started = performance.now();
    let addresses = 0;
    let reported = 0;
    for (let from = 0; from < count; from += BATCH) {
      const to = Math.min(count, from + BATCH);
      addresses += await insertBatch(session, tenantId, seed, from, to);
      if (to - reported >= count / 10 || to === count) {
        reported = to;
        const seconds = (performance.now() - started) / 1000;
        progress(`  loaded ${to.toLocaleString('en-GB')} people (${Math.round(to / seconds).toLocaleString('en-GB')} a second)`);
      }
    }
    const indexing = performance.now();
    if (db.kind === 'postgres') await session.exec(`set maintenance_work_mem = '512MB'`);
    for (const index of indexes) await session.exec(index.definition);
    progress(`  built ${indexes.length} indexes in ${((performance.now() - indexing) / 1000).toFixed(1)} s`);
    await session.exec('vacuum (analyze) people, person_addresses');
    return { addresses };
  } finally {
    await session.release();
  }
}
