import { describe, expect, it } from 'vitest';
import { checkHeader, NOTIFICATION_COLUMNS } from './import-columns.js';
import { notificationFromRow, rowValues } from './import-row.js';

const good: Record<string, string> = {
  police_reference: 'NYP/2026/0001',
  received_at: '2026-01-10T09:30:00Z',
  occurred_at: '2026-01-09T22:10:00+00:00',
  place: 'At home',
  abuse_types: 'physical; verbal',
  children_present: 'yes',
  children_saw: 'no',
  children_heard: 'YES',
  injuries: 'false',
  weapon_used: 'no',
  alcohol_or_drugs: 'true',
  summary: 'Neighbours heard shouting.',
  school_told: '',
  relationship: 'intimate-partners',
  victim_given_name: 'Alys',
  victim_family_name: 'Brindlecombe',
  victim_date_of_birth: '14/03/1991',
  victim_sex: 'F',
  harm_given_name: 'Corwin',
  harm_family_name: 'Brindlecombe',
  child1_given_name: 'Elowen',
  child1_family_name: 'Brindlecombe',
  child1_date_of_birth: '2019-05-02',
  child1_send: 'yes',
};

const row = (overrides: Record<string, string> = {}) => new Map(Object.entries({ ...good, ...overrides }));

describe('notificationFromRow', () => {
  it('maps a row to a police notification, skipping empty groups', () => {
    const result = notificationFromRow(row());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.input.source).toBe('police');
    expect(result.input.reference).toBe('NYP/2026/0001');
    expect(result.input.incident.abuseTypes).toEqual(['physical', 'verbal']);
    expect(result.input.incident.childrenHeard).toBe(true);
    expect(result.input.incident.injuries).toBe(false);
    expect(result.input.schoolTold).toBeUndefined();
    expect(result.input.people.map((p) => [p.ref, p.role])).toEqual([
      ['victim', 'victim'],
      ['harm', 'person-causing-harm'],
      ['child1', 'child'],
    ]);
    expect(result.input.people[0]).toMatchObject({ dateOfBirth: '1991-03-14', sex: 'female' });
    expect(result.input.people[2]).toMatchObject({ send: true });
    expect(result.input.relationships).toEqual([{ from: 'victim', to: 'harm', type: 'intimate-partners' }]);
  });

  it('reads the police risk grading in any case, leaves a blank one out, and names a wrong one', () => {
    const graded = notificationFromRow(row({ police_risk_grading: 'High' }));
    expect(graded.ok && graded.input.incident.policeRiskGrading).toBe('high');
    const blank = notificationFromRow(row({ police_risk_grading: '' }));
    expect(blank.ok && blank.input.incident.policeRiskGrading).toBeUndefined();
    const wrong = notificationFromRow(row({ police_risk_grading: 'very high' }));
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.problems.map((p) => p.column)).toEqual(['police_risk_grading']);
  });

  it('names the column and what is wrong, never the value', () => {
    const result = notificationFromRow(row({ victim_date_of_birth: '1991-02-30', children_present: 'maybe', abuse_types: 'physical;punching', police_reference: '' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const columns = result.problems.map((p) => p.column).sort();
    expect(columns).toEqual(['abuse_types', 'children_present', 'police_reference', 'victim_date_of_birth']);
    const text = JSON.stringify(result.problems);
    for (const value of ['1991-02-30', 'maybe', 'punching', 'Alys', 'Brindlecombe']) expect(text).not.toContain(value);
    expect(result.problems.find((p) => p.column === 'victim_date_of_birth')?.message).toMatch(/real date/);
    expect(result.problems.find((p) => p.column === 'children_present')?.message).toBe('must be yes or no');
  });

  it('asks for the required yes/no answers, the summary and both times', () => {
    const result = notificationFromRow(row({ injuries: '', summary: ' ', received_at: 'yesterday', occurred_at: '' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.column).sort()).toEqual(['injuries', 'occurred_at', 'received_at', 'summary']);
  });

  it('reports a half-filled group by its columns, and a relationship with one side missing', () => {
    const result = notificationFromRow(row({ harm_given_name: '', harm_family_name: '', child1_family_name: '', victim_sex: 'sometimes' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.column).sort()).toEqual(['child1_family_name', 'relationship', 'victim_sex']);
  });

  it('refuses a row with nobody on it', () => {
    const empty = Object.fromEntries(Object.keys(good).filter((k) => /^(victim|harm|child1)_/.test(k) || k === 'relationship').map((k) => [k, '']));
    const result = notificationFromRow(row(empty));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([{ column: null, message: 'Name at least one person: the victim, the person causing harm or a child' }]);
  });
});

describe('checkHeader', () => {
  it('takes every documented column in any order and case', () => {
    expect(checkHeader([...NOTIFICATION_COLUMNS].reverse().map((c) => ` ${c.toUpperCase()} `))).toMatchObject({ ok: true });
  });

  it('says which required columns are missing, and gives unknown ones by position only', () => {
    const result = checkHeader(['police_reference', 'Alys', 'summary', 'summary']);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.problems.join(' ');
    expect(text).toContain('name in column 2');
    expect(text).not.toContain('Alys');
    expect(text).toContain('more than once: summary');
    expect(text).toContain('received_at');
  });
});

describe('rowValues', () => {
  it('fills missing trailing values with blanks and flags extra ones', () => {
    expect(rowValues(['a', 'b'], ['1'])).toEqual({ values: new Map([['a', '1'], ['b', '']]), extra: false });
    expect(rowValues(['a'], ['1', '2']).extra).toBe(true);
    expect(rowValues(['a'], ['1', '']).extra).toBe(false);
  });
});
