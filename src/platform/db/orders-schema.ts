import type { ColumnType, Generated } from 'kysely';
import type { DateColumn, DefaultTimestamp, Flag, Timestamp, Version } from './schema-columns.js';

/** Protective orders and notices on a case, their versions and breaches (migrations/0028). */

export type ProtectiveOrderKind = 'dapn' | 'dapo' | 'non-molestation' | 'occupation' | 'restraining' | 'bail-conditions' | 'child-arrangements';
export type ProtectiveOrderEndReason = 'heard' | 'discharged' | 'replaced' | 'withdrawn' | 'other';

type Lines = ColumnType<string[], string[], string[]>;

export interface ProtectiveOrderSettingsTable {
  tenant_id: string;
  ending_soon_days: ColumnType<number, number | undefined, number>;
  updated_by: string | null;
  updated_at: DefaultTimestamp;
}

export interface ProtectiveOrdersTable {
  id: Generated<string>;
  tenant_id: string;
  case_id: string;
  kind: ProtectiveOrderKind;
  bound_person_id: string;
  made_by: string;
  starts_on: DateColumn;
  given_at: Timestamp | null;
  hearing_deadline: Timestamp | null;
  expires_on: DateColumn | null;
  conditions: Lines;
  /** Stored text of a place named in the order; read only as a Confidential (queries file). */
  exclusion_zone: string | null;
  zone_withheld: Flag;
  version: Version;
  ended_on: DateColumn | null;
  end_reason: ProtectiveOrderEndReason | null;
  end_note: string | null;
  ended_by: string | null;
  ended_at: Timestamp | null;
  recorded_by: string;
  recorded_at: DefaultTimestamp;
}

export interface ProtectiveOrderPeopleTable {
  tenant_id: string;
  order_id: string;
  person_id: string;
}

export interface ProtectiveOrderVersionsTable {
  tenant_id: string;
  order_id: string;
  version: number;
  expires_on: DateColumn | null;
  conditions: Lines;
  exclusion_zone: string | null;
  zone_withheld: boolean;
  varied_on: DateColumn | null;
  reason: string | null;
  saved_by: string;
  saved_at: DefaultTimestamp;
}

export interface ProtectiveOrderBreachesTable {
  id: Generated<string>;
  tenant_id: string;
  order_id: string;
  contact_id: string;
  occurred_at: Timestamp;
  recorded_by: string;
  recorded_at: DefaultTimestamp;
}

export interface OrdersSchema {
  protective_order_settings: ProtectiveOrderSettingsTable;
  protective_orders: ProtectiveOrdersTable;
  protective_order_people: ProtectiveOrderPeopleTable;
  protective_order_versions: ProtectiveOrderVersionsTable;
  protective_order_breaches: ProtectiveOrderBreachesTable;
}
