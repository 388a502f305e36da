/**
 * The tables the generator fills, their columns in the order rows are pushed, and the multi-row
 * insert for each: the batch's rows as one JSON array of arrays, unnested with jsonb_array_elements.
 * Lists (other names, abuse types, indicators) travel as '|'-joined text and checklist gaps as
 * ','-joined text; JSON columns travel as JSON. Event tables keep the order the rows were pushed in,
 * so their identity ids follow the history.
 */
/**
 * 'day' is a day number (days since 1970-01-01) and 'ms' an instant in ms since 1970: numbers are
 * far cheaper to make and send than dates and timestamps as text. 'date' is a date as text.
 */
type ColumnKind = 'uuid' | 'text' | 'date' | 'day' | 'ms' | 'boolean' | 'integer' | 'jsonb' | 'list' | 'ints';

export interface TableSpec {
  name: string;
  columns: readonly (readonly [string, ColumnKind])[];
  /** Keep the order of the rows (for identity ids). */
  ordered?: boolean;
}

const table = (name: string, columns: string, ordered = false): TableSpec => ({
  name,
  columns: columns
    .trim()
    .split(/\s*,\s*/)
    .map((c) => c.split(':') as [string, ColumnKind]),
  ordered,
});

/** In insertion order: each table's references are filled before it. */
export const TABLES = {
  people: table(
    'people',
    `id:uuid, given_name:text, family_name:text, other_names:list, date_of_birth:day, sex:text, ethnicity:text, first_language:text,
     interpreter_needed:boolean, interpreter_sex:text, send:boolean, nhs_number:text, restricted:boolean, restricted_reason:text, created_at:ms, updated_at:ms`,
  ),
  person_addresses: table(
    'person_addresses',
    `id:uuid, person_id:uuid, line1:text, line2:text, town:text, postcode:text, from_date:day, to_date:day, withheld:boolean, withheld_reason:text, withheld_by:uuid, withheld_at:ms, created_at:ms`,
  ),
  person_contact_details: table('person_contact_details', `id:uuid, person_id:uuid, kind:text, value:text, label:text, withheld:boolean, withheld_reason:text, withheld_by:uuid, withheld_at:ms, created_at:ms`),
  safe_contact_preferences: table('safe_contact_preferences', `person_id:uuid, safe_number:text, safe_times:text, may_leave_message:boolean, ask_if_alone_first:boolean, code_word:text, neutral_letters:boolean, updated_by:uuid, updated_at:ms`),
  relationships: table('relationships', `id:uuid, from_person:uuid, to_person:uuid, kind:text, created_by:uuid, created_at:ms`),
  cases: table('cases', `id:uuid, reference:text, restricted:boolean, restricted_reason:text, status:text, stage:text, worker_id:uuid, team_id:uuid, opened_at:ms, closed_at:ms, last_activity_at:ms`),
  case_members: table('case_members', `case_id:uuid, person_id:uuid, role:text, added_by:uuid, added_at:ms`),
  case_events: table('case_events', `case_id:uuid, type:text, at:ms, by_user:uuid, data:jsonb`, true),
  must_not_receive: table('must_not_receive', `id:uuid, case_id:uuid, person_id:uuid, information:list, reason:text, added_by:uuid, added_at:ms`),
  contacts: table(
    'contacts',
    `id:uuid, source:text, reference:text, referrer:text, received_at:ms, received_on:day, decision_due_by:day, occurred_at:ms, place:text,
     abuse_types:list, children_present:boolean, children_saw:boolean, children_heard:boolean, injuries:boolean, weapon_used:boolean, alcohol_or_drugs:boolean,
     summary:text, child_voice:text, school_told:boolean, status:text, indicators:list, recommended_pathway:text, decided_pathway:text, decided_at:ms,
     decided_by:uuid, case_id:uuid, created_by:uuid, created_at:ms`,
  ),
  contact_people: table(
    'contact_people',
    `id:uuid, contact_id:uuid, ref:text, role:text, given_name:text, family_name:text, date_of_birth:date, sex:text, nhs_number:text, send:boolean,
     address:text, postcode:text, school:text, person_id:uuid, linked_by:uuid, linked_at:ms`,
  ),
  contact_events: table('contact_events', `contact_id:uuid, type:text, at:ms, by_user:uuid, data:jsonb`, true),
  risk_assessments: table(
    'risk_assessments',
    `id:uuid, person_id:uuid, case_id:uuid, instrument_id:text, instrument_version:integer, language:text, completed_at:ms, completed_on:day,
     recorded_by:uuid, agency:text, completed_with_victim:boolean, victim_view:text, answers:jsonb, score:integer, band:text, gaps:ints, created_at:ms`,
  ),
  marac_referrals: table(
    'marac_referrals',
    `id:uuid, person_id:uuid, referred_on:day, referring_agency:text, created_by:uuid, created_at:ms, person_causing_harm_id:uuid, criteria:jsonb,
     risk_assessment_id:uuid, consent:text, lawful_basis:text, risks:text, contact_safety:text, latest_incident_on:day, repeat:boolean, previous_referral_id:uuid`,
  ),
  marac_referral_children: table('marac_referral_children', `referral_id:uuid, person_id:uuid`),
} as const satisfies Record<string, TableSpec>;

export type TableName = keyof typeof TABLES;
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];

/** How each kind of column is read from row `r`, a JSON array of the row's values. */
function readOf(kind: ColumnKind, i: number): string {
  switch (kind) {
    case 'text':
      return `r->>${i}`;
    case 'jsonb':
      return `r->${i}`;
    case 'day':
      return `date '1970-01-01' + (r->>${i})::integer`;
    case 'ms':
      return `to_timestamp((r->>${i})::float8 / 1000)`;
    case 'list':
      return `coalesce(string_to_array(r->>${i}, '|'), '{}')`;
    case 'ints':
      return `coalesce(string_to_array(r->>${i}, ',')::integer[], '{}')`;
    default:
      return `(r->>${i})::${kind}`;
  }
}

/**
 * `insert into T (tenant_id, ...) select $1, ... from jsonb_array_elements($2::jsonb)`: $1 is the
 * tenant and $2 the rows, a JSON array of arrays. One JSON document a table and batch is cheap to
 * make (JSON.stringify is native) and cheap for the database to read (parsed once, then indexed):
 * cheaper at both ends than an array literal a column, which it replaced.
 */
export function insertStatement(spec: TableSpec): string {
  const names = spec.columns.map(([c]) => c);
  const selected = spec.columns.map(([, kind], i) => readOf(kind, i)).join(', ');
  const order = spec.ordered ? ' order by ord' : '';
  return `insert into ${spec.name} (tenant_id, ${names.join(', ')}) select $1, ${selected} from jsonb_array_elements($2::jsonb) with ordinality as x(r, ord)${order}`;
}

/** Rows of one table waiting to be inserted together, each an array of its values in column order. */
export class TableRows {
  readonly rows: unknown[][] = [];

  constructor(readonly spec: TableSpec) {}

  get count(): number {
    return this.rows.length;
  }

  push(...values: unknown[]): void {
    if (values.length !== this.spec.columns.length) throw new Error(`${this.spec.name}: ${values.length} values for ${this.spec.columns.length} columns`);
    this.rows.push(values);
  }

  /** The rows as the statement's JSON parameter. */
  json(): string {
    return JSON.stringify(this.rows);
  }
}

export type Batch = { [K in TableName]: TableRows };

export function emptyBatch(): Batch {
  return Object.fromEntries(TABLE_NAMES.map((name) => [name, new TableRows(TABLES[name])])) as Batch;
}
