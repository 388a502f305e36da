/**
 * What a case note records (issue 13, point 5): the kind of contact, and at a visit whether each child
 * on the case was seen, and seen alone. Pure rules; the cases service stores the note.
 */

export const NOTE_KINDS = ['home-visit', 'office-visit', 'phone-call', 'meeting', 'message', 'other'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

export const NOTE_KIND_LABELS: Record<NoteKind, string> = {
  'home-visit': 'Home visit',
  'office-visit': 'Office visit',
  'phone-call': 'Phone call',
  meeting: 'Meeting',
  message: 'Message (text, email or letter)',
  other: 'Other',
};

/** Kinds at which the children are met: each child on the case is recorded as seen alone, seen with others, or not seen. */
export const VISIT_KINDS: ReadonlySet<NoteKind> = new Set(['home-visit', 'office-visit']);

export const SEEN = ['alone', 'with-others', 'not-seen'] as const;
export type Seen = (typeof SEEN)[number];

export const SEEN_LABELS: Record<Seen, string> = { alone: 'Seen alone', 'with-others': 'Seen, not alone', 'not-seen': 'Not seen' };

export interface ChildSeen {
  personId: string;
  seen: Seen;
}

/**
 * The children seen at this note, in the case's order, or the first child not answered for: a visit
 * records every child on the case; any other kind records none.
 */
export function childrenSeen(kind: NoteKind, children: readonly { id: string }[], answers: Readonly<Record<string, Seen | undefined>>): { ok: true; seen: ChildSeen[] | null } | { ok: false; missing: string } {
  if (!VISIT_KINDS.has(kind)) return { ok: true, seen: null };
  const seen: ChildSeen[] = [];
  for (const child of children) {
    const answer = answers[child.id];
    if (!answer) return { ok: false, missing: child.id };
    seen.push({ personId: child.id, seen: answer });
  }
  return { ok: true, seen };
}
