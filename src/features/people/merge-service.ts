import { mergedFields, mergeRefusal, mergeWarnings, type MergeSide } from '../../domain/people/merge.js';
import { openToUser, requireAccess } from '../../platform/access/decide.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { PeopleError } from './errors.js';
import { presentPersonForScreen } from './present.js';
import * as q from './queries.js';
import { casesOfPerson, contactsOfPerson } from './queries/involvement.js';
import {
  bumpVersion,
  endGrants,
  findMerge,
  insertMerge,
  liveGrantIds,
  lockMerge,
  lockPeople,
  markUndone,
  mergeSideRow,
  mergesOf,
  moveLinks,
  moveLinksBack,
  recordMoved,
  setMergedFields,
  setMergedInto,
  type Moved,
} from './queries/merge.js';

/** Why access grants on merged records end: a grant was given for one record, not for what the other held. */
export const GRANTS_ENDED_REASON = 'The records were merged. Give access to the merged record again if it is still needed.';

interface KeptBefore {
  otherNames: string[];
  dateOfBirth: string | null;
  nhsNumber: string | null;
  restricted: boolean;
  restrictedReason: string | null;
}

async function sideOf(trx: Trx, id: string): Promise<MergeSide | null> {
  const p = await mergeSideRow(trx, id);
  return p
    ? {
        id: p.id,
        givenName: p.given_name,
        familyName: p.family_name,
        otherNames: p.other_names,
        dateOfBirth: p.date_of_birth,
        nhsNumber: p.nhs_number,
        restricted: p.restricted,
        restrictedReason: p.restricted_reason,
        mergedInto: p.merged_into,
      }
    : null;
}

/** Both records, locked in one order (so two merges of the same pair cannot deadlock), each checked with the access decision. */
async function lockPair(trx: Trx, user: CurrentUser, keptId: string, mergedId: string): Promise<[MergeSide, MergeSide]> {
  await lockPeople(trx, [keptId, mergedId]);
  for (const id of [keptId, mergedId]) await requireAccess(trx, user, 'person:merge', { kind: 'person', id });
  const [kept, merged] = await Promise.all([sideOf(trx, keptId), sideOf(trx, mergedId)]);
  if (!kept || !merged) throw new PeopleError(404, 'There is no such person');
  return [kept, merged];
}

/**
 * Merging two records of one person into one, and undoing it. Both records must open to the manager
 * for `person:merge` (restricted records need a grant first). Everything linked to the merged record
 * moves to the kept one; the merged record stays, pointing at the kept one, so old links and the audit
 * log still resolve. Withheld addresses and contact details move with their withholding; the result is
 * restricted when either record was; and every live access grant on either record ends, so nobody's
 * grant on one record opens what the other held.
 */
export function mergeService(db: Database) {
  return {
    /** Refuses unless this manager may merge this record (the access decision, for `person:merge`). */
    async requireMayMerge(user: CurrentUser, personId: string): Promise<void> {
      await db.tenant(user.tenantId, (trx) => requireAccess(trx, user, 'person:merge', { kind: 'person', id: personId }));
    },

    /** The two records side by side before merging: as this manager sees them, with what would block or warn. */
    async compare(user: CurrentUser, firstId: string, secondId: string) {
      return db.tenant(user.tenantId, async (trx) => {
        const records = await Promise.all(
          [firstId, secondId].map(async (id) => {
            await requireAccess(trx, user, 'person:merge', { kind: 'person', id });
            const record = await q.findPerson(trx, id);
            if (!record) throw new PeopleError(404, 'There is no such person');
            const [contacts, cases] = await Promise.all([contactsOfPerson(trx, id), casesOfPerson(trx, id)]);
            // Compared without withheld whereabouts, whoever compares: telling two records apart never needs them.
            return { person: presentPersonForScreen(record, { id: user.id, mayViewWithheld: false }), contacts: contacts.length, cases: cases.length };
          }),
        );
        const [first, second] = await Promise.all([sideOf(trx, firstId), sideOf(trx, secondId)]);
        return { first: records[0]!, second: records[1]!, refusal: mergeRefusal(first!, second!), warnings: mergeWarnings(first!, second!) };
      });
    },

    async merge(user: CurrentUser, input: { keptId: string; mergedId: string; reason: string }, requestId: string): Promise<{ mergeId: string; grantsEnded: number }> {
      return db.tenant(user.tenantId, async (trx) => {
        const [kept, merged] = await lockPair(trx, user, input.keptId, input.mergedId);
        const refused = mergeRefusal(kept, merged);
        if (refused) throw new PeopleError(409, refused, 'keep');
        const before: KeptBefore = { otherNames: [...kept.otherNames], dateOfBirth: kept.dateOfBirth, nhsNumber: kept.nhsNumber, restricted: kept.restricted, restrictedReason: kept.restrictedReason };
        // The merge row comes first: a completed checklist may follow its subject only between the records of a merge.
        const mergeId = await insertMerge(trx, user.tenantId, { keptId: kept.id, mergedId: merged.id, reason: input.reason, keptBefore: before, by: user.id });
        const links = await moveLinks(trx, merged.id, kept.id);
        const grants = await liveGrantIds(trx, [kept.id, merged.id], new Date());
        await endGrants(trx, grants, user.id, GRANTS_ENDED_REASON);
        const moved: Moved = { ...links, grantsEnded: grants };
        await recordMoved(trx, mergeId, moved);
        await setMergedFields(trx, kept.id, mergedFields(kept, merged));
        await bumpVersion(trx, user.tenantId, kept.id, ['otherNames', 'dateOfBirth', 'nhsNumber'], user.id);
        await setMergedInto(trx, merged.id, kept.id);
        await bumpVersion(trx, user.tenantId, merged.id, [], user.id);

        await recordAudit(trx, user.tenantId, {
          actorType: 'user',
          actorId: user.id,
          action: 'person.merge',
          subjectType: 'person',
          subjectId: kept.id,
          requestId,
          details: { people: [kept.id, merged.id], merge: mergeId, moved: countsOf(moved), grantsEnded: grants.length },
        });
        return { mergeId, grantsEnded: grants.length };
      });
    },

    /** Moves back exactly what the merge moved; grants it ended stay ended. */
    async undo(user: CurrentUser, mergeId: string, reason: string, requestId: string): Promise<{ keptId: string; mergedId: string }> {
      return db.tenant(user.tenantId, async (trx) => {
        const merge = await findMerge(trx, mergeId);
        if (!merge) throw new PeopleError(404, 'There is no such merge');
        const fresh = await lockMerge(trx, mergeId);
        if (fresh?.undone_at) throw new PeopleError(409, 'This merge has already been undone', 'reason');
        await lockPeople(trx, [merge.kept_id, merge.merged_id]);
        await requireAccess(trx, user, 'person:merge', { kind: 'person', id: merge.kept_id });
        const kept = await sideOf(trx, merge.kept_id);
        if (kept?.mergedInto) throw new PeopleError(409, 'The kept record has since been merged into another record. Undo that merge first', 'reason');

        const moved = merge.moved as Moved;
        await moveLinksBack(trx, user.tenantId, moved, merge.merged_id, merge.kept_id);
        const before = merge.kept_before as KeptBefore;
        await setMergedFields(trx, merge.kept_id, before);
        await bumpVersion(trx, user.tenantId, merge.kept_id, ['otherNames', 'dateOfBirth', 'nhsNumber'], user.id);
        await setMergedInto(trx, merge.merged_id, null);
        await bumpVersion(trx, user.tenantId, merge.merged_id, [], user.id);
        await markUndone(trx, mergeId, user.id, reason);
        await recordAudit(trx, user.tenantId, {
          actorType: 'user',
          actorId: user.id,
          action: 'person.merge-undo',
          subjectType: 'person',
          subjectId: merge.kept_id,
          requestId,
          details: { people: [merge.kept_id, merge.merged_id], merge: mergeId },
        });
        return { keptId: merge.kept_id, mergedId: merge.merged_id };
      });
    },

    /**
     * The merges into and out of this record, for its page. The other record is named only when it
     * opens to this user; `mayUndo` when they may merge this record.
     */
    async history(user: CurrentUser, personId: string) {
      return db.tenant(user.tenantId, async (trx) => {
        const merges = await mergesOf(trx, personId);
        return Promise.all(
          merges.map(async (m) => {
            const into = m.kept_id !== personId;
            const otherId = into ? m.kept_id : m.merged_id;
            const otherRestricted = into ? m.kept_restricted : m.merged_restricted;
            const open = await openToUser(trx, user, { kind: 'person', id: otherId }, otherRestricted);
            return {
              id: m.id,
              /** This record was merged into the other (rather than the other into this). */
              into,
              other: open ? { id: otherId, name: into ? `${m.kept_given} ${m.kept_family}` : `${m.merged_given} ${m.merged_family}` } : null,
              reason: m.reason,
              mergedAt: new Date(m.merged_at),
              mergedBy: m.merged_by_name,
              undoneAt: m.undone_at ? new Date(m.undone_at) : null,
              undoneBy: m.undone_by_name,
              undoReason: m.undo_reason,
            };
          }),
        );
      });
    },
  };
}

function countsOf(moved: Moved): Record<string, number | boolean> {
  return Object.fromEntries(Object.entries(moved).map(([k, v]) => [k, Array.isArray(v) ? v.length : Boolean(v)]));
}

export type MergeService = ReturnType<typeof mergeService>;

/** For the audit log: the records merged into this one, whose events are this person's too. */
export { mergedIntoIds } from './queries/merge.js';
