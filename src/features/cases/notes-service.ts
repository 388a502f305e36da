import { childrenSeen, NOTE_KINDS, type NoteKind, type Seen } from '../../domain/cases/case-notes.js';
import { requireAccess } from '../../platform/access/decide.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database } from '../../platform/db/database.js';
import * as q from './queries.js';
import { appendCaseEvents, CaseError } from './service.js';

export interface NewNote {
  kind: NoteKind;
  occurredAt: Date;
  present: string | null;
  body: string;
  /** For a visit: each child on the case, by person id. */
  seen: Readonly<Record<string, Seen | undefined>>;
}

const NOTE_MAX = 20_000;

function checkedBody(body: string): string {
  const text = body.trim();
  if (!text) throw new CaseError(400, 'Enter the note', 'body');
  if (text.length > NOTE_MAX) throw new CaseError(400, 'Enter a note of 20,000 characters or fewer', 'body');
  return text;
}

/**
 * Case notes: what kind of contact, when it happened, who was there, and at a visit whether each child
 * was seen and seen alone; a correction is a new note that amends the latest version, with the reason,
 * and the original stays as written. Each is a case event and an audit event.
 */
export function caseNotesService(db: Database) {
  return {
    async add(user: CurrentUser, caseId: string, note: NewNote, requestId: string): Promise<string> {
      const body = checkedBody(note.body);
      if (!(NOTE_KINDS as readonly string[]).includes(note.kind)) throw new CaseError(400, 'Choose what kind of contact this was', 'kind');
      if (note.occurredAt.getTime() > Date.now() + 5 * 60_000) throw new CaseError(400, 'The time it happened must be now or in the past', 'occurredOn');
      const present = note.present?.trim() || null;
      if (present && present.length > 1000) throw new CaseError(400, 'Who was there must be 1,000 characters or fewer', 'present');
      return db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        const children = (await q.members(trx, caseId)).filter((m) => m.role === 'child');
        const seen = childrenSeen(note.kind, children, note.seen);
        if (!seen.ok) {
          const child = children.find((c) => c.id === seen.missing)!;
          throw new CaseError(400, `Say whether ${child.given_name} ${child.family_name} was seen, and seen alone`, `seen-${child.id}`);
        }
        const noteId = await q.insertNote(trx, user.tenantId, caseId, { body, kind: note.kind, occurredAt: note.occurredAt, present, childrenSeen: seen.seen }, user.id);
        await appendCaseEvents(trx, user.tenantId, caseId, [{ type: 'note-added', at: new Date(), by: user.id, noteId }]);
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'case.note', subjectType: 'case', subjectId: caseId, requestId, details: { noteId, kind: note.kind } });
        return noteId;
      });
    },

    /** Corrects the latest version of a note: a new note with the reason; the one it corrects is kept. */
    async amend(user: CurrentUser, caseId: string, noteId: string, input: { body: string; reason: string }, requestId: string): Promise<string> {
      const body = checkedBody(input.body);
      const reason = input.reason.trim();
      if (!reason) throw new CaseError(400, 'Say why the note is being corrected', 'reason');
      if (reason.length > 1000) throw new CaseError(400, 'Give a reason of 1,000 characters or fewer', 'reason');
      return db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        await q.lockCase(trx, caseId);
        const notes = await q.notes(trx, caseId);
        const original = notes.find((n) => n.id === noteId);
        if (!original) throw new CaseError(404, 'There is no such note on this case');
        if (notes.some((n) => n.amends === noteId)) throw new CaseError(409, 'This note has been corrected since you opened it. Correct the latest version', 'body');
        if (body === original.body) throw new CaseError(400, 'Change the note to correct it, or cancel', 'body');
        const amendment = await q.insertNote(
          trx,
          user.tenantId,
          caseId,
          {
            body,
            kind: original.kind ?? 'other',
            occurredAt: original.occurred_at ?? original.created_at,
            present: original.present,
            childrenSeen: original.children_seen,
            amends: { noteId, reason },
          },
          user.id,
        );
        await appendCaseEvents(trx, user.tenantId, caseId, [{ type: 'note-amended', at: new Date(), by: user.id, noteId: amendment, amends: noteId }]);
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'case.note-amend', subjectType: 'case', subjectId: caseId, requestId, details: { noteId: amendment, amends: noteId } });
        return amendment;
      });
    },
  };
}

export type CaseNotesService = ReturnType<typeof caseNotesService>;
