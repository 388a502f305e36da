import { describe, expect, it } from 'vitest';
import { childrenSeen, NOTE_KINDS, SEEN, VISIT_KINDS } from './case-notes.js';

const children = [{ id: 'c1' }, { id: 'c2' }];

describe('childrenSeen', () => {
  it('asks at a visit for every child on the case, in the case’s order', () => {
    for (const kind of ['home-visit', 'office-visit'] as const) {
      expect(childrenSeen(kind, children, { c2: 'alone', c1: 'not-seen' })).toEqual({ ok: true, seen: [{ personId: 'c1', seen: 'not-seen' }, { personId: 'c2', seen: 'alone' }] });
      expect(childrenSeen(kind, children, { c1: 'alone' })).toEqual({ ok: false, missing: 'c2' });
      expect(childrenSeen(kind, children, {})).toEqual({ ok: false, missing: 'c1' });
    }
  });

  it('records no children for any other kind, whatever was sent', () => {
    for (const kind of NOTE_KINDS.filter((k) => !VISIT_KINDS.has(k))) expect(childrenSeen(kind, children, { c1: 'alone' })).toEqual({ ok: true, seen: null });
  });

  it('takes every answer for each child, and a visit to a family with no children records none', () => {
    for (const a of SEEN) for (const b of SEEN) expect(childrenSeen('home-visit', children, { c1: a, c2: b })).toEqual({ ok: true, seen: [{ personId: 'c1', seen: a }, { personId: 'c2', seen: b }] });
    expect(childrenSeen('home-visit', [], {})).toEqual({ ok: true, seen: [] });
  });
});
