import { openToUser, RESTRICTED_RECORD } from '../../platform/access/decide.js';
import { checkRelationship, RELATIONSHIP_KINDS, RelationshipError, type Relationship, type RelationshipKind } from '../../domain/people/relationships.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { actorOf, tenantOf, type Caller } from './caller.js';
import { requireOpenPerson } from './access.js';
import * as q from './queries.js';
import { PeopleError } from './errors.js';

function isKind(value: string): value is RelationshipKind {
  return (RELATIONSHIP_KINDS as readonly string[]).includes(value);
}

export async function relationshipsAmong(trx: Trx, personIds: string[]): Promise<(Relationship & { id: string })[]> {
  if (personIds.length === 0) return [];
  const rows = await q.relationshipRows(trx, personIds);
  return rows.filter((r) => isKind(r.kind)).map((r) => ({ id: r.id, from: r.from_person, to: r.to_person, kind: r.kind as RelationshipKind }));
}

export function relationshipsService(db: Database) {
  return {
    async add(caller: Caller, from: string, to: string, kind: string, requestId: string): Promise<string> {
      if (caller.kind === 'user' && !can(caller.user, 'person:edit')) throw new PeopleError(403, 'You do not have permission to do this');
      if (!isKind(kind)) throw new PeopleError(400, 'Choose the kind of relationship', 'kind');
      try {
        checkRelationship({ from, to, kind });
      } catch (error) {
        if (error instanceof RelationshipError) throw new PeopleError(400, error.message, 'to');
        throw error;
      }
      const tenantId = tenantOf(caller);
      return db.tenant(tenantId, async (trx) => {
        if ((await q.countExisting(trx, [from, to])) !== 2) throw new PeopleError(400, 'Choose a person who is on the system', 'to');
        await requireOpenPerson(trx, caller, from);
        await requireOpenPerson(trx, caller, to);
        const row = await q.insertRelationship(trx, tenantId, from, to, kind, caller.kind === 'user' ? caller.user.id : null);
        if (!row) throw new PeopleError(409, 'This relationship is already recorded', 'kind');
        await recordAudit(trx, tenantId, { ...actorOf(caller), action: 'relationship.add', subjectType: 'person', subjectId: from, requestId, details: { to, kind } });
        return row;
      });
    },

    /** Relationships of these people, with the names of everyone they connect. */
    async among(caller: Caller, personIds: string[]) {
      return db.tenant(tenantOf(caller), async (trx) => {
        const rels = await relationshipsAmong(trx, personIds);
        const ids = [...new Set(rels.flatMap((r) => [r.from, r.to]))];
        const people = await q.namesAndRestriction(trx, ids);
        const name = new Map<string, string>();
        // A relative's restricted record is named only to someone who holds access to it.
        for (const p of people) {
          const open = await openToUser(trx, caller.kind === 'user' ? caller.user : null, { kind: 'person', id: p.id }, p.restricted);
          name.set(p.id, open ? `${p.given_name} ${p.family_name}` : RESTRICTED_RECORD);
        }
        return { relationships: rels, nameOf: (id: string) => name.get(id) ?? 'Unknown person' };
      });
    },
  };
}

export type RelationshipsService = ReturnType<typeof relationshipsService>;
