import type { z } from 'zod';
import { PERSON_GROUPS, type PersonGroup } from './import-columns.js';
import { newContactInput, type NewContactInput } from './schemas.js';

/** What is wrong with one row: the column (when one is to blame) and a message. Never the value. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export interface RowProblem {
  column: string | null;
  message: string;
}

export type RowResult = { ok: true; input: NewContactInput } | { ok: false; problems: RowProblem[] };

const YES = new Set(['yes', 'y', 'true']);
const NO = new Set(['no', 'n', 'false']);
const SEXES: Record<string, string> = { f: 'female', female: 'female', m: 'male', male: 'male', intersex: 'intersex', 'not known': 'not-known', 'not-known': 'not-known', unknown: 'not-known' };

/** The ref each group's person gets on the contact, so that a schema problem finds its column again. */
const refOf = (group: PersonGroup) => group.prefix;

const PERSON_FIELD_COLUMNS: Record<string, string> = {
  givenName: 'given_name',
  familyName: 'family_name',
  dateOfBirth: 'date_of_birth',
  sex: 'sex',
  postcode: 'postcode',
  send: 'send',
  school: 'school',
};

const INCIDENT_FIELD_COLUMNS: Record<string, string> = {
  occurredAt: 'occurred_at',
  place: 'place',
  abuseTypes: 'abuse_types',
  childrenPresent: 'children_present',
  childrenSaw: 'children_saw',
  childrenHeard: 'children_heard',
  injuries: 'injuries',
  weaponUsed: 'weapon_used',
  alcoholOrDrugs: 'alcohol_or_drugs',
  summary: 'summary',
  childVoice: 'child_voice',
  policeRiskGrading: 'police_risk_grading',
};

/**
 * Turns one CSV row (column name to value) into a police notification in the shape the API takes,
 * and checks it with the same schema. Problems name the CSV column and say what is wrong.
 */
export function notificationFromRow(values: ReadonlyMap<string, string>): RowResult {
  // A control character (a NUL above all: the database cannot store one) makes the row unusable; the
  // row is reported by its columns, never its values, and the rows after it are still imported.
  const unreadable = [...values].filter(([, value]) => CONTROL_CHARACTER.test(value)).map(([column]) => ({ column, message: 'holds a control character, such as a null byte' }));
  if (unreadable.length) return { ok: false, problems: unreadable };
  const problems: RowProblem[] = [];
  const get = (column: string): string | undefined => {
    const v = values.get(column)?.trim();
    return v ? v : undefined;
  };
  const flag = (column: string, required: boolean): boolean | undefined => {
    const v = get(column)?.toLowerCase();
    if (v === undefined) {
      if (required) problems.push({ column, message: 'must be yes or no' });
      return undefined;
    }
    if (YES.has(v)) return true;
    if (NO.has(v)) return false;
    problems.push({ column, message: 'must be yes or no' });
    return undefined;
  };

  const people: Record<string, unknown>[] = [];
  const groupOfRef = new Map<string, PersonGroup>();
  for (const group of PERSON_GROUPS) {
    const col = (f: string) => `${group.prefix}_${f}`;
    if (group.fields.every((f) => get(col(f)) === undefined)) continue;
    const person: Record<string, unknown> = {
      ref: refOf(group),
      role: group.role,
      givenName: get(col('given_name')) ?? '',
      familyName: get(col('family_name')) ?? '',
      dateOfBirth: ukDateToIso(get(col('date_of_birth'))),
    };
    if (group.role === 'child') {
      person.send = flag(col('send'), false);
      person.school = get(col('school'));
    } else {
      const sex = get(col('sex'));
      if (sex !== undefined) {
        const known = SEXES[sex.toLowerCase()];
        if (known) person.sex = known;
        else problems.push({ column: col('sex'), message: 'must be female, male, intersex or not known' });
      }
      person.postcode = get(col('postcode'));
    }
    people.push(person);
    groupOfRef.set(refOf(group), group);
  }

  // The schema asks for it only once everything else is right; say it with the rest.
  if (get('police_reference') === undefined) problems.push({ column: 'police_reference', message: 'Enter the police reference' });
  const relationship = get('relationship');
  const named = (prefix: string) => groupOfRef.has(prefix);
  if (relationship !== undefined && !(named('victim') && named('harm'))) {
    problems.push({ column: 'relationship', message: 'needs both the victim and the person causing harm to be named' });
  }

  const candidate = {
    source: 'police',
    reference: get('police_reference'),
    receivedAt: get('received_at') ?? '',
    incident: {
      occurredAt: get('occurred_at') ?? '',
      place: get('place'),
      abuseTypes: (get('abuse_types') ?? '')
        .split(';')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
      childrenPresent: flag('children_present', true),
      childrenSaw: flag('children_saw', false),
      childrenHeard: flag('children_heard', false),
      injuries: flag('injuries', true),
      weaponUsed: flag('weapon_used', true),
      alcoholOrDrugs: flag('alcohol_or_drugs', true),
      summary: get('summary') ?? '',
      childVoice: get('child_voice'),
      policeRiskGrading: get('police_risk_grading')?.toLowerCase(),
    },
    schoolTold: flag('school_told', false),
    people,
    relationships: relationship !== undefined && named('victim') && named('harm') ? [{ from: 'victim', to: 'harm', type: relationship.toLowerCase() }] : undefined,
  };

  const parsed = newContactInput.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const problem = problemOf(issue, people, groupOfRef);
      // A yes/no column already reported above is not reported again by the schema.
      if (!problems.some((p) => p.column === problem.column)) problems.push(problem);
    }
  }
  if (problems.length) return { ok: false, problems: dedupe(problems) };
  return parsed.success ? { ok: true, input: parsed.data } : { ok: false, problems };
}

/** 27/03/2019 as people type it in a spreadsheet becomes 2019-03-27; anything else is left for the schema to judge. */
function ukDateToIso(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : value;
}

function problemOf(issue: z.core.$ZodIssue, people: Record<string, unknown>[], groupOfRef: Map<string, PersonGroup>): RowProblem {
  const [first, second, third] = issue.path;
  let column: string | null = null;
  if (first === 'reference') column = 'police_reference';
  else if (first === 'receivedAt') column = 'received_at';
  else if (first === 'schoolTold') column = 'school_told';
  else if (first === 'relationships') column = 'relationship';
  else if (first === 'incident' && typeof second === 'string') column = INCIDENT_FIELD_COLUMNS[second] ?? null;
  else if (first === 'people' && typeof second === 'number') {
    const group = groupOfRef.get(String(people[second]?.ref));
    const field = typeof third === 'string' ? PERSON_FIELD_COLUMNS[third] : undefined;
    column = group ? (field ? `${group.prefix}_${field}` : null) : null;
  }
  if (first === 'people' && issue.path.length === 1) return { column: null, message: 'Name at least one person: the victim, the person causing harm or a child' };
  return { column, message: messageFor(issue, column) };
}

/** The schema's message, in the CSV's terms: a yes/no question says yes or no, not true or false. */
function messageFor(issue: z.core.$ZodIssue, column: string | null): string {
  if (column === 'relationship') return 'must be a relationship from the list (for example intimate-partners)';
  if (column === 'abuse_types') return 'must be abuse types from the list, separated by semicolons';
  return issue.message.replace(/ \(true or false\)$/, ' (yes or no)');
}

function dedupe(problems: RowProblem[]): RowProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.column}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A row as column name to value, from the header's columns; extra values make the row wrong. */
export function rowValues(columns: readonly string[], fields: readonly string[]): { values: Map<string, string>; extra: boolean } {
  const values = new Map<string, string>();
  columns.forEach((c, i) => values.set(c, fields[i] ?? ''));
  return { values, extra: fields.length > columns.length && fields.slice(columns.length).some((f) => f.trim() !== '') };
}
