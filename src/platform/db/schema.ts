import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Timestamps come back as Date and may be written as Date or ISO text. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  created_at: DefaultTimestamp;
}

export interface TeamsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  created_at: DefaultTimestamp;
}

export interface UsersTable {
  id: Generated<string>;
  tenant_id: string;
  email: string;
  name: string;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  password_hash: string | null;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  failed_sign_ins: ColumnType<number, number | undefined, number>;
  locked_until: Timestamp | null;
  must_change_password: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface UserTeamsTable {
  tenant_id: string;
  user_id: string;
  team_id: string;
}

export interface SessionsTable {
  id_hash: string;
  tenant_id: string;
  user_id: string;
  csrf_token: string;
  created_at: DefaultTimestamp;
  last_seen_at: DefaultTimestamp;
}

export interface ApiClientsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  token_hash: string;
  scopes: ColumnType<string[], string[] | undefined, string[]>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: DefaultTimestamp;
  last_used_at: Timestamp | null;
}

export interface AuditEventsTable {
  id: Generated<string>;
  tenant_id: string;
  seq: ColumnType<string, string | number | bigint, never>;
  occurred_at: Timestamp;
  actor_type: 'user' | 'api-client' | 'system';
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  request_id: string | null;
  details: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
}

export interface SchemaMigrationsTable {
  name: string;
  checksum: string;
  applied_at: DefaultTimestamp;
}

export interface Schema extends CaseworkSchema, ContactsSchema, NotificationImportsSchema {
  tenants: TenantsTable;
  teams: TeamsTable;
  users: UsersTable;
  user_teams: UserTeamsTable;
  sessions: SessionsTable;
  api_clients: ApiClientsTable;
  audit_events: AuditEventsTable;
  schema_migrations: SchemaMigrationsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;

type Version = ColumnType<number, number | undefined, number>;
type Flag = ColumnType<boolean, boolean | undefined, boolean>;
type TextList = ColumnType<string[], string[] | undefined, string[]>;
/** Dates without a time are plain YYYY-MM-DD text in both directions (see database.ts). */
type DateColumn = string;

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
  interpreter_needed: Flag;
  interpreter_sex: string | null;
  disability: string | null;
  send: Flag;
  immigration_status: string | null;
  no_recourse_to_public_funds: Flag;
  nhs_number: string | null;
  restricted: Flag;
  restricted_reason: string | null;
  created_by: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
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
}

export interface AccessGrantsTable {
  id: Generated<string>;
  tenant_id: string;
  subject_type: 'person' | 'case';
  subject_id: string;
  user_id: string;
  kind: 'grant' | 'break-glass';
  reason: string;
  granted_by: string | null;
  granted_at: DefaultTimestamp;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
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
  person_identifiers: PersonIdentifiersTable;
  person_addresses: PersonAddressesTable;
  person_contact_details: PersonContactDetailsTable;
  safe_contact_preferences: SafeContactPreferencesTable;
  relationships: RelationshipsTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_members: CaseMembersTable;
  case_notes: CaseNotesTable;
  must_not_receive: MustNotReceiveTable;
  access_grants: AccessGrantsTable;
}

export interface ContactsTable {
  id: Generated<string>;
  tenant_id: string;
  source: string;
  reference: string | null;
  referrer: string | null;
  received_at: Timestamp;
  received_on: DateColumn;
  decision_due_by: DateColumn;
  occurred_at: Timestamp | null;
  place: string | null;
  abuse_types: ColumnType<string[], string[] | undefined, string[]>;
  children_present: Flag;
  children_saw: Flag;
  children_heard: Flag;
  injuries: Flag;
  weapon_used: Flag;
  alcohol_or_drugs: Flag;
  summary: string | null;
  child_voice: string | null;
  school_told: boolean | null;
  status: ColumnType<'awaiting-decision' | 'decided' | 'sent-to-allocated-worker', 'awaiting-decision' | 'decided' | 'sent-to-allocated-worker' | undefined, 'awaiting-decision' | 'decided' | 'sent-to-allocated-worker'>;
  indicators: ColumnType<string[], string[] | undefined, string[]>;
  recommended_pathway: string | null;
  decided_pathway: string | null;
  decided_at: Timestamp | null;
  decided_by: string | null;
  case_id: string | null;
  created_by: string | null;
  api_client_id: string | null;
  created_at: DefaultTimestamp;
}

export interface ContactPeopleTable {
  id: Generated<string>;
  tenant_id: string;
  contact_id: string;
  ref: string;
  role: 'victim' | 'person-causing-harm' | 'child' | 'other-adult';
  given_name: string;
  family_name: string;
  date_of_birth: DateColumn | null;
  sex: string | null;
  nhs_number: string | null;
  send: Flag;
  address: string | null;
  postcode: string | null;
  school: string | null;
  person_id: string | null;
  linked_by: string | null;
  linked_at: Timestamp | null;
}

export interface ContactRelationshipsTable {
  tenant_id: string;
  contact_id: string;
  from_ref: string;
  to_ref: string;
  kind: string;
}

export interface ContactEventsTable {
  id: Generated<string>;
  tenant_id: string;
  contact_id: string;
  type: string;
  at: DefaultTimestamp;
  by_user: string | null;
  by_api_client: string | null;
  data: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface ThresholdIndicatorsTable {
  tenant_id: string;
  code: string;
  level: number;
  meaning: string;
  position: ColumnType<number, number | undefined, number>;
}

export interface MaracReferralsTable {
  id: Generated<string>;
  tenant_id: string;
  person_id: string;
  referred_on: DateColumn;
  referring_agency: string | null;
  created_by: string | null;
  created_at: DefaultTimestamp;
}

export interface ContactsSchema {
  contacts: ContactsTable;
  contact_people: ContactPeopleTable;
  contact_relationships: ContactRelationshipsTable;
  contact_events: ContactEventsTable;
  threshold_indicators: ThresholdIndicatorsTable;
  marac_referrals: MaracReferralsTable;
}

/** One problem with one row of an imported file: where it is and what is wrong, never the value. */
export interface ImportRowErrorJson {
  row: number;
  column: string | null;
  message: string;
}

export interface NotificationImportsTable {
  id: Generated<string>;
  tenant_id: string;
  file_name: string;
  started_by: string | null;
  status: ColumnType<'running' | 'finished' | 'failed', 'running' | 'finished' | 'failed' | undefined, 'running' | 'finished' | 'failed'>;
  rows_total: number | null;
  rows_processed: ColumnType<number, number | undefined, number>;
  created: ColumnType<number, number | undefined, number>;
  duplicates: ColumnType<number, number | undefined, number>;
  rejected: ColumnType<number, number | undefined, number>;
  /** Written as JSON text. */
  errors: ColumnType<ImportRowErrorJson[], string | undefined, string>;
  failure: string | null;
  started_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  finished_at: Timestamp | null;
}

export interface NotificationImportsSchema {
  notification_imports: NotificationImportsTable;
}
