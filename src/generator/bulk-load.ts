/**
 * Loading into empty tables the way pg_restore does: without their keys, foreign keys and secondary
 * indexes, which are built again from their own definitions once the rows are in. Building an index
 * once by sorting is much cheaper than updating it a row at a time, and one validating join per
 * foreign key is much cheaper than a trigger and a look-up per row (they were 40% of the load time).
 *
 * Only when every table the generator fills is empty, in every tenant: indexes and constraints belong
 * to the table, not to a tenant, so other tenants' queries would slow down, and this takes locks that
 * block writes to those tables (and to tenants and users, which the foreign keys point at) until the
 * load commits. That is a new database, the benchmarks' case. Everything happens inside the load's
 * transaction, so a load that fails or is stopped leaves every constraint and index as it was.
 */
import { CompiledQuery, sql } from 'kysely';
import type { Trx } from '../platform/db/database.js';

interface Definition {
  table: string;
  name: string;
  definition: string;
}

export interface DroppedForLoad {
  /** Primary keys and unique constraints of the tables loaded. */
  keys: Definition[];
  /** Foreign keys of the tables loaded, and those of other tables that point at them. */
  foreignKeys: Definition[];
  /** Indexes that back no constraint. */
  indexes: Definition[];
}

const exec = (trx: Trx, statement: string) => trx.executeQuery(CompiledQuery.raw(statement));
const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** When the tables are all empty, drops their constraints and indexes and says what to build again; null otherwise. */
export async function dropForBulkLoad(trx: Trx, tables: readonly string[]): Promise<DroppedForLoad | null> {
  const empty = await sql<{ empty: boolean }>`select ${sql.raw(tables.map((t) => `not exists (select 1 from ${quoted(t)})`).join(' and '))} as empty`.execute(trx);
  if (!empty.rows[0]?.empty) return null;
  const constraints = await sql<Definition & { type: string }>`
    select t.relname as table, k.conname as name, pg_get_constraintdef(k.oid) as definition, k.contype as type
    from pg_constraint k
    join pg_class t on t.oid = k.conrelid
    left join pg_class r on r.oid = k.confrelid
    where k.connamespace = 'public'::regnamespace
      and ((k.contype in ('p', 'u') and t.relname = any(${tables})) or (k.contype = 'f' and (t.relname = any(${tables}) or r.relname = any(${tables}))))
    order by t.relname, k.conname`.execute(trx);
  const indexes = await sql<Definition>`
    select t.relname as table, c.relname as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i
    join pg_class c on c.oid = i.indexrelid
    join pg_class t on t.oid = i.indrelid
    where t.relnamespace = 'public'::regnamespace and t.relname = any(${tables})
      and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
    order by c.relname`.execute(trx);
  const foreignKeys = constraints.rows.filter((c) => c.type === 'f');
  const keys = constraints.rows.filter((c) => c.type !== 'f');
  for (const fk of foreignKeys) await exec(trx, `alter table ${quoted(fk.table)} drop constraint ${quoted(fk.name)}`);
  for (const key of keys) await exec(trx, `alter table ${quoted(key.table)} drop constraint ${quoted(key.name)}`);
  for (const index of indexes.rows) await exec(trx, `drop index ${quoted(index.name)}`);
  return { keys, foreignKeys, indexes: indexes.rows };
}

/**
 * Builds again what dropForBulkLoad dropped: keys, then indexes, then foreign keys (each checked
 * against every row). Says how long each took.
 */
export async function rebuildAfterBulkLoad(trx: Trx, dropped: DroppedForLoad, postgres: boolean, progress: (line: string) => void): Promise<void> {
  // Sorts for the keys and indexes, and the foreign keys' checking joins, in memory where they fit.
  if (postgres) await sql`select set_config('maintenance_work_mem', '512MB', true), set_config('work_mem', '256MB', true)`.execute(trx);
  const timed = async (what: string, statements: string[]) => {
    const started = performance.now();
    for (const statement of statements) await exec(trx, statement);
    progress(`  ${what} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  await timed(`built ${dropped.keys.length} keys`, dropped.keys.map((k) => `alter table ${quoted(k.table)} add constraint ${quoted(k.name)} ${k.definition}`));
  await timed(`built ${dropped.indexes.length} indexes`, dropped.indexes.map((i) => i.definition));
  await timed(`added and checked ${dropped.foreignKeys.length} foreign keys`, dropped.foreignKeys.map((fk) => `alter table ${quoted(fk.table)} add constraint ${quoted(fk.name)} ${fk.definition}`));
}
