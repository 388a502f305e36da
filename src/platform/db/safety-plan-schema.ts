import type { ColumnType, Generated } from 'kysely';
import type { DateColumn, DefaultTimestamp, Flag, TextList, Timestamp, Version } from './schema-columns.js';

/** Safety plans, safety rules and the safety network (migrations/0030). */

type JsonWithDefault<T> = ColumnType<T, string | undefined, string>;
type Json<T> = ColumnType<T, string, string>;

export type SafetyPlanKind = 'victim' | 'child';
export type SafetyPlanMadeWith = 'idva' | 'social-worker';
export type SafetyPlanReviewReason = 'scheduled' | 'new-incident' | 'case-closure' | 'other';

export interface SafetyPlansTable {
  id: Generated<string>;
  tenant_id: string;
  case_id: string;
  kind: SafetyPlanKind;
  person_id: string;
  made_with: SafetyPlanMadeWith | null;
  made_with_name: string | null;
  made_on: DateColumn;
  understanding_confirmed: Flag;
  understanding_reason: string | null;
  sections: JsonWithDefault<Record<string, string>>;
  version: Version;
  last_reviewed_on: DateColumn;
  last_reviewed_at: DefaultTimestamp;
  ended_on: DateColumn | null;
  created_by: string;
  created_at: DefaultTimestamp;
  updated_by: string | null;
  updated_at: Timestamp | null;
}

export interface SafetyPlanVersionsTable {
  tenant_id: string;
  plan_id: string;
  version: number;
  sections: Json<Record<string, string>>;
  changed: TextList;
  saved_by: string;
  saved_at: DefaultTimestamp;
}

export interface SafetyPlanReviewsTable {
  id: Generated<string>;
  tenant_id: string;
  plan_id: string;
  held_on: DateColumn;
  reason: SafetyPlanReviewReason;
  what_changed: string;
  plan_version: number;
  recorded_by: string;
  recorded_at: DefaultTimestamp;
}

export interface SafetyRulesTable {
  id: Generated<string>;
  tenant_id: string;
  case_id: string;
  person_id: string;
  rules: string[];
  agreed: boolean;
  agreed_on: DateColumn | null;
  version: Version;
  recorded_by: string;
  recorded_at: DefaultTimestamp;
}

export interface SafetyNetworkMembersTable {
  id: Generated<string>;
  tenant_id: string;
  case_id: string;
  name: string;
  relationship: string;
  phone: string | null;
  email: string | null;
  knows_worries: boolean;
  knows_red_flags: boolean;
  what_to_do: string;
  agreed: boolean;
  agreed_on: DateColumn | null;
  withheld: Flag;
  withheld_reason: string | null;
  withheld_by: string | null;
  withheld_at: Timestamp | null;
  added_by: string;
  added_at: DefaultTimestamp;
}

export interface SafetyPlanSchema {
  safety_plans: SafetyPlansTable;
  safety_plan_versions: SafetyPlanVersionsTable;
  safety_plan_reviews: SafetyPlanReviewsTable;
  safety_rules: SafetyRulesTable;
  safety_network_members: SafetyNetworkMembersTable;
}
