import { openDatabase } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrator.js';
import { sql } from 'kysely';
import { test } from 'vitest';
test('probe', async () => {
const db = await openDatabase({ kind: 'pglite', dataDir: 'memory' });
console.log(await migrate(db));
const s = await db.ownerSession();
const t = await s.query<{id:string}>("insert into tenants (slug,name) values ('aa','A') returning id");
const t2 = await s.query<{id:string}>("insert into tenants (slug,name) values ('bb','B') returning id");
await s.release();
const id = t[0]!.id;
await db.tenant(id, async trx => { await trx.insertInto('teams').values({tenant_id:id,name:'X'}).execute();
 await trx.insertInto('audit_events').values({tenant_id:id, seq: 1, occurred_at: new Date(), actor_type:'system', actor_id:null, action:'a', subject_type:'x', subject_id:null, request_id:null, details: '{}', prev_hash:'', hash:'h'}).execute();
 console.log(await trx.selectFrom('audit_events').selectAll().execute());
 console.log((await sql`select current_user`.execute(trx)).rows);
});
console.log(await db.tenant(t2[0]!.id, trx => trx.selectFrom('teams').selectAll().execute()));
try { await db.tenant(id, trx => sql`update audit_events set action='b'`.execute(trx)); } catch(e) { console.log('refused', (e as Error).message); }
try { await db.tenant(t2[0]!.id, trx => trx.insertInto('teams').values({tenant_id:id,name:'Y'}).execute()); } catch(e) { console.log('refused', (e as Error).message); }
console.log(await db.owner().selectFrom('teams').selectAll().execute());
await db.close();
});
