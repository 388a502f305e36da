import type { ColumnType, Generated } from 'kysely';
import type { DateColumn, DefaultTimestamp, TextList, Timestamp } from './schema-columns.js';

/** Red flags, escalations and their settings, and interpreter bookings (migrations/0029). */

export type EscalationReasonColumn = 'non-engagement' | 'red-flag' | 'incident';

export interface EscalationSettingsTable {
  tenant_id: string;
  missed_count: ColumnType<number, number | undefined, number>;
  missed_days: ColumnType<number, number | undefined, number>;
  escalating_flags: TextList;
  updated_by: string | null;
  updated_at: DefaultTimestamp;
}

export interface RedFlagsTable {
  id: Generated<string>;
  tenant_id: string;
  case_id: string;
  flag: string;
  noticed_on: DateColumn;
  note: string | null;
  recorded_by: string;
  recorded_at: DefaultTimestamp;
}

export interface EscalationsTable {
  id: Generated<string>;
  tenant_id: string;
  case_id: string;
  trigger: string;
  reason: EscalationReasonColumn;
  counted: TextList;
  flag: string | null;
  fact_on: DateColumn;
  raised_at: DefaultTimestamp;
  worker_id: string | null;
  team_id: string | null;
  decision: string | null;
  decided_by: string | null;
  decided_on: DateColumn | null;
  discussed_by: string | null;
  closed_at: Timestamp | null;
}

export interface InterpreterBookingsTable {
  id: Generated<string>;
  tenant_id: string;
  case_id: string;
  person_id: string;
  language: string;
  dialect: string | null;
  starts_at: Timestamp;
  purpose: string;
  details: string | null;
  interpreter_name: string;
  agency: string;
  interpreter_sex: string | null;
  booked_by: string;
  booked_at: DefaultTimestamp;
}

export interface EscalationSchema {
  escalation_settings: EscalationSettingsTable;
  red_flags: RedFlagsTable;
  escalations: EscalationsTable;
  interpreter_bookings: InterpreterBookingsTable;
}
