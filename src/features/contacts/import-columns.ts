/**
 * The columns of a police notifications CSV (docs/notifications-csv.md). Column names are matched
 * without regard to case or surrounding spaces, in any order; the required ones must be present.
 */

export const INCIDENT_COLUMNS = [
  'police_reference',
  'received_at',
  'occurred_at',
  'place',
  'abuse_types',
  'children_present',
  'children_saw',
  'children_heard',
  'injuries',
  'weapon_used',
  'alcohol_or_drugs',
  'summary',
  'child_voice',
  'school_told',
  'police_risk_grading',
  'relationship',
] as const;

export const ADULT_FIELDS = ['given_name', 'family_name', 'date_of_birth', 'sex', 'postcode'] as const;
export const CHILD_FIELDS = ['given_name', 'family_name', 'date_of_birth', 'send', 'school'] as const;
export const CHILD_GROUPS = ['child1', 'child2', 'child3', 'child4'] as const;

export type AdultField = (typeof ADULT_FIELDS)[number];
export type ChildField = (typeof CHILD_FIELDS)[number];

/** A group of columns about one person: its prefix, its role on the contact, and its fields. */
export interface PersonGroup {
  prefix: string;
  role: 'victim' | 'person-causing-harm' | 'child';
  fields: readonly string[];
}

export const PERSON_GROUPS: readonly PersonGroup[] = [
  { prefix: 'victim', role: 'victim', fields: ADULT_FIELDS },
  { prefix: 'harm', role: 'person-causing-harm', fields: ADULT_FIELDS },
  ...CHILD_GROUPS.map((prefix) => ({ prefix, role: 'child' as const, fields: CHILD_FIELDS })),
];

/** Every column, in the order the documentation and the sample file give them. */
export const NOTIFICATION_COLUMNS: readonly string[] = [...INCIDENT_COLUMNS, ...PERSON_GROUPS.flatMap((g) => g.fields.map((f) => `${g.prefix}_${f}`))];

/** Columns a file must have (their values may still be blank where the column is optional). */
export const REQUIRED_COLUMNS: readonly string[] = [
  'police_reference',
  'received_at',
  'occurred_at',
  'abuse_types',
  'children_present',
  'injuries',
  'weapon_used',
  'alcohol_or_drugs',
  'summary',
];

export type HeaderCheck = { ok: true; columns: string[] } | { ok: false; problems: string[] };

/** Checks the first row of a file: every name known, none twice, the required ones there. */
export function checkHeader(fields: readonly string[]): HeaderCheck {
  const columns = fields.map((f) => f.trim().toLowerCase());
  const problems: string[] = [];
  const known = new Set(NOTIFICATION_COLUMNS);
  // Positions, not names: a file without a header row would have a person's details here.
  const unknown = columns.flatMap((c, i) => (c !== '' && !known.has(c) ? [i + 1] : []));
  if (unknown.length) {
    const which = unknown.length > 10 ? `${unknown.slice(0, 10).join(', ')} and others` : unknown.join(', ');
    problems.push(`The first row must be the column names. Wraparound does not know the ${unknown.length > 1 ? `names in columns ${which}` : `name in column ${which}`}`);
  }
  if (columns.some((c) => c === '')) problems.push('The first row has a column with no name');
  const twice = [...new Set(columns.filter((c, i) => c !== '' && columns.indexOf(c) !== i))];
  if (twice.length) problems.push(`The first row names a column more than once: ${twice.join(', ')}`);
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) problems.push(`The first row must name these columns: ${missing.join(', ')}`);
  return problems.length ? { ok: false, problems } : { ok: true, columns };
}
