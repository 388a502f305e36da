import { describe, expect, it } from 'vitest';
import { checkReturn, circulationNotice, researchReminder, researchState, returnRefusal, type Finding } from './research.js';

const people = [
  { id: 'v', name: 'the victim' },
  { id: 'h', name: 'the person causing harm' },
];
const known = (personId: string, more: Partial<Finding> = {}): Finding => ({ personId, known: true, involvement: 'Open to the team', history: '', risks: '', ...more });
const unknown = (personId: string): Finding => ({ personId, known: false, involvement: 'ignored', history: 'ignored', risks: 'ignored' });

describe('a research return', () => {
  it('needs an answer for every person on the case, naming who is missing', () => {
    const checked = checkReturn({ findings: [known('v')], offers: [], otherOffer: '' }, people, []);
    expect(checked).toEqual({ ok: false, problems: [{ field: 'known-h', message: 'Say whether your agency knows the person causing harm' }] });
  });

  it('needs something said about a person the agency knows, and drops what was typed about one it does not', () => {
    const empty = checkReturn({ findings: [known('v', { involvement: '  ' }), unknown('h')], offers: [], otherOffer: '' }, people, []);
    expect(empty).toEqual({ ok: false, problems: [{ field: 'involvement-v', message: 'Say what your agency knows of the victim: its involvement now, the history or the risks' }] });
    const fine = checkReturn({ findings: [known('v', { risks: ' Missed appointments ' }), unknown('h')], offers: [], otherOffer: '' }, people, []);
    expect(fine.ok && fine.research.findings).toEqual([
      { personId: 'v', known: true, involvement: 'Open to the team', history: '', risks: 'Missed appointments' },
      { personId: 'h', known: false, involvement: '', history: '', risks: '' },
    ]);
  });

  it('refuses offers not on the agency’s list, people not on the case, and text over the limits', () => {
    const checked = checkReturn({ findings: [unknown('v'), unknown('h'), unknown('someone-else')], offers: ['Flag the address', 'Made up'], otherOffer: 'x'.repeat(2001) }, people, ['Flag the address']);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.problems.map((p) => p.field)).toEqual(['findings', 'offers', 'otherOffer']);
    const long = checkReturn({ findings: [known('v', { history: 'x'.repeat(4001) }), unknown('h')], offers: [], otherOffer: '' }, people, []);
    expect(!long.ok && long.problems).toEqual([{ field: 'history-v', message: 'Write 4,000 characters or fewer about the victim' }]);
  });

  it('shows on the grid as returned, nothing known, or not returned', () => {
    expect(researchState(null)).toBe('not-returned');
    expect(researchState({ findings: [{ known: false }, { known: false }], offers: [], otherOffer: null })).toBe('nothing-known');
    expect(researchState({ findings: [{ known: false }], offers: ['Flag the address'], otherOffer: null })).toBe('returned');
    expect(researchState({ findings: [{ known: true }], offers: [], otherOffer: '' })).toBe('returned');
  });

  it('is refused once the meeting has taken place, or when it was cancelled', () => {
    const held = new Date('2026-12-08T10:00:00Z');
    expect(returnRefusal(held, 'scheduled', new Date('2026-12-08T09:59:00Z'))).toBeNull();
    expect(returnRefusal(held, 'scheduled', new Date('2026-12-08T10:00:00Z'))).toMatch(/has taken place/);
    expect(returnRefusal(held, 'cancelled', new Date('2026-12-01T10:00:00Z'))).toMatch(/cancelled/);
  });
});

describe('emails to agencies', () => {
  const facts = { meeting: 'Eastwick Marac, Tuesday 8 December 2026, 10:00am', agency: 'Eastwick Police', researchDue: '4 December 2026', cases: 3, signIn: 'https://wraparound.example/marac/my-meetings' };

  it('say which meeting, what is due and where to sign in', () => {
    const notice = circulationNotice(facts);
    expect(notice.subject).toBe('Marac agenda: Eastwick Marac, Tuesday 8 December 2026, 10:00am');
    expect(notice.body).toContain('return your research by 4 December 2026');
    expect(notice.body).toContain('https://wraparound.example/marac/my-meetings');
    const reminder = researchReminder({ ...facts, missing: 1 });
    expect(reminder.body).toContain('Eastwick Police has not yet returned research for 1 case');
  });
});
