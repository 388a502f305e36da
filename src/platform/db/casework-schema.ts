import type { ColumnType, Generated } from 'kysely';
import type { DateColumn, DefaultTimestamp, Flag, TextList, Timestamp, Version } from './schema-columns.js';

/** People, relationships, cases and their safety records (migrations/0002). */

export interface PeopleTable {
  id: Generated<string>;
  tenant_id: string;
  version: Version;
  given_name: string;
  family_name: string;
  other_names: TextList;
  date_of_birth: DateColumn | null;
  date_of_birth_estimated: Flag;
  sex: string | null;
  gender: string | null;
  ethnicity: string | null;
  first_language: string | null;
  /** The dialect of the first language (0029). */
  dialect: ColumnType<string | null, string | null | undefined, string | null>;
  interpreter_needed: Flag;
  interpreter_sex: string | null;
  disability: string | null;
  send: Flag;
  immigration_status: string | null;
  no_recourse_to_public_funds: Flag;
  nhs_number: string | null;
  restricted: Flag;
  restricted_reason: string | null;
  /** Set when this record was merged into another (migrations/0016): it is no longer found or linked. */
  merged_into: string | null;
  created_by: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** Each part of a family name of more than one part, lower case, kept by a trigger (migrations/0016). */
export interface PersonNamePartsTable {
  tenant_id: string;
  person_id: string;
  part: string;
}

/** Two records of one person merged into one, with exactly what moved, so it can be undone (migrations/0016). */
export interface PersonMergesTable {
  id: Generated<string>;
  tenant_id: string;
  kept_id: string;
  merged_id: string;
  reason: string;
  moved: ColumnType<unknown, string, string>;
  kept_before: ColumnType<unknown, string, string>;
  merged_by: string;
  merged_at: DefaultTimestamp;
  undone_by: string | null;
  undone_at: Timestamp | null;
  undo_reason: string | null;
}

export interface PersonChangesTable {
  tenant_id: string;
  person_id: string;
  version: number;
  fields: string[];
  changed_by: string | null;
  changed_at: DefaultTimestamp;
}

export interface PersonIdentifiersTable {
  id: Generated<string>;
  tenant_id: string;
  person_id: string;
  agency: string;
  identifier: string;
}

interface WithheldColumns {
  withheld: Flag;
  withheld_reason: string | null;
  withheld_by: string | null;
  withheld_at: Timestamp | null;
}

export interface PersonAddressesTable extends WithheldColumns {
  id: Generated<string>;
  tenant_id: string;
  person_id: string;
  line1: string;
  line2: string | null;
  town: string | null;
  postcode: string | null;
  from_date: DateColumn | null;
  to_date: DateColumn | null;
  created_at: DefaultTimestamp;
}

export interface PersonContactDetailsTable extends WithheldColumns {
  id: Generated<string>;
  tenant_id: string;
  person_id: string;
  kind: 'phone' | 'email' | 'other';
  value: string;
  label: string | null;
  created_at: DefaultTimestamp;
}

export interface SafeContactPreferencesTable {
  person_id: string;
  tenant_id: string;
  safe_number: string | null;
  safe_times: string | null;
  may_leave_message: Flag;
  ask_if_alone_first: Flag;
  code_word: string | null;
  neutral_letters: Flag;
  updated_by: string | null;
  updated_at: DefaultTimestamp;
}

export interface RelationshipsTable {
  id: Generated<string>;
  tenant_id: string;
  from_person: string;
  to_person: string;
  kind: string;
  created_by: string | null;
  created_at: DefaultTimestamp;
}

export interface CasesTable {
  id: Generated<string>;
  tenant_id: string;
  reference: string;
  restricted: Flag;
  restricted_reason: string | null;
  status: 'open' | 'closed';
  stage: string;
  worker_id: string | null;
  team_id: string | null;
  opened_at: Timestamp;
  closed_at: Timestamp | null;
  last_activity_at: Timestamp;
  /** When a worker asked for a step-down or closure still waiting for a team manager (a projection). */
  change_requested_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface CaseEventsTable {
  id: Generated<string>;
  tenant_id: string;
  case_id: string;
  type: string;
  at: Timestamp;
  by_user: string | null;
  data: ColumnType<Record<string, unknown>, string, never>;
}

export interface CaseMembersTable {
  tenant_id: string;
  case_id: string;
  person_id: string;
  role: 'child' | 'adult-victim' | 'person-causing-harm' | 'other-adult' | 'supporter';
  added_by: string | null;
  added_at: DefaultTimestamp;
}

export interface CaseNotesTable {
  id: Generated<string>;
  tenant_id: string;
  case_id: string;
  body: string;
  created_by: string | null;
  created_at: DefaultTimestamp;
  /** What kind of contact it records, when, who was there, and the children seen at a visit (migrations/0018). */
  kind: 'phone-call' | 'home-visit' | 'office-visit' | 'meeting' | 'message' | 'other' | null;
  occurred_at: Timestamp | null;
  present: string | null;
  children_seen: ColumnType<{ personId: string; seen: 'alone' | 'with-others' | 'not-seen' }[] | null, string | null, never>;
  /** The note this one corrects, and why. */
  amends: string | null;
  amend_reason: string | null;
}

export interface TasksTable {
  id: Generated<string>;
  tenant_id: string;
  kind: 'allocate-case' | 'strategy-discussion';
  case_id: string;
  contact_id: string | null;
  team_id: string;
  created_by: string | null;
  created_at: DefaultTimestamp;
  done_at: Timestamp | null;
  done_by: string | null;
  done_note: string | null;
}

export interface MustNotReceiveTable {
  id: Generated<string>;
  tenant_id: string;
  case_id: string;
  person_id: string;
  information: string[];
  reason: string;
  added_by: string | null;
  added_at: DefaultTimestamp;
  removed_at: Timestamp | null;
  removed_by: string | null;
  /** Why the name was taken off the list (migrations/0018). */
  removed_reason: string | null;
}

export interface AccessGrantsTable {
  id: Generated<string>;
  tenant_id: string;
  subject_type: 'person' | 'case';
  subject_id: string;
  user_id: string;
  kind: 'grant' | 'break-glass' | 'whereabouts';
  reason: string;
  granted_by: string | null;
  granted_at: DefaultTimestamp;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
  revoked_reason: string | null;
}

export interface BankHolidaysTable {
  tenant_id: string;
  date: string;
  title: string;
  imported_by: string | null;
  imported_at: DefaultTimestamp;
}

export interface CaseworkSchema {
  bank_holidays: BankHolidaysTable;
  people: PeopleTable;
  person_changes: PersonChangesTable;
  person_name_parts: PersonNamePartsTable;
  person_merges: PersonMergesTable;
  person_identifiers: PersonIdentifiersTable;
  person_addresses: PersonAddressesTable;
  person_contact_details: PersonContactDetailsTable;
  safe_contact_preferences: SafeContactPreferencesTable;
  relationships: RelationshipsTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_members: CaseMembersTable;
  case_notes: CaseNotesTable;
  tasks: TasksTable;
  must_not_receive: MustNotReceiveTable;
  access_grants: AccessGrantsTable;
}
