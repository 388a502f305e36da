import type { ColumnType, Generated } from 'kysely';
import type { DateColumn, DefaultTimestamp, Flag, Timestamp } from './schema-columns.js';

/** Contacts into the MASH and notification imports (migrations/0003 and 0004). */

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
  /** The police's own grading of the risk, when the notification gives one (migrations/0017). */
  police_risk_grading: 'standard' | 'medium' | 'high' | null;
  /** The MASH worker working on the contact, and since when (migrations/0017). */
  assigned_to: string | null;
  assigned_at: Timestamp | null;
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

export interface ContactsSchema {
  contacts: ContactsTable;
  contact_people: ContactPeopleTable;
  contact_relationships: ContactRelationshipsTable;
  contact_events: ContactEventsTable;
  threshold_indicators: ThresholdIndicatorsTable;
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
  /** The uploaded file, kept only while the job runs, so it can carry on after a restart (0013). */
  file_data: ColumnType<Uint8Array | null, Uint8Array | null | undefined, Uint8Array | null>;
  /** The last row of the file the job has finished with, saved with its progress. */
  resume_after_row: ColumnType<number, number | undefined, number>;
  resumed_at: Timestamp | null;
  resumed_count: ColumnType<number, number | undefined, number>;
}

export interface NotificationImportsSchema {
  notification_imports: NotificationImportsTable;
}
