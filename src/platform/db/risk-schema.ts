import type { ColumnType, Generated } from 'kysely';
import type { DateColumn, DefaultTimestamp, Flag, Timestamp } from './schema-columns.js';

/** Tables for risk checklists, Marac referrals and the domestic abuse services directory (0005). */

export type BandColumn = 'high' | 'medium' | 'standard';

/** jsonb: read as the parsed value, written as JSON text. */
export type Json<T> = ColumnType<T, string, string>;
type JsonWithDefault<T> = ColumnType<T, string | undefined, string>;

export interface RiskInstrumentsTable {
  tenant_id: string;
  instrument_id: string;
  version: number;
  language: string;
  kind: 'instrument' | 'translation';
  definition: Json<unknown>;
  loaded_by: string;
  loaded_at: DefaultTimestamp;
}

export interface RiskSettingsTable {
  tenant_id: string;
  high_from: ColumnType<number, number | undefined, number>;
  medium_from: ColumnType<number, number | undefined, number>;
  review_weeks: ColumnType<number, number | undefined, number>;
  escalation_incidents: ColumnType<number, number | undefined, number>;
  escalation_months: ColumnType<number, number | undefined, number>;
  repeat_months: ColumnType<number, number | undefined, number>;
  instrument_versions: JsonWithDefault<Record<string, number>>;
}

/** One answer as stored: the answer, who said so when not the victim, and a comment. */
export interface StoredAnswer {
  answer: 'yes' | 'no' | 'dont-know';
  source?: string;
  comment?: string;
}

export interface StoredJudgement {
  refer: boolean;
  reason: string;
}

export interface RiskAssessmentsTable {
  id: Generated<string>;
  tenant_id: string;
  person_id: string;
  case_id: string | null;
  instrument_id: string;
  instrument_version: number;
  language: string;
  completed_at: Timestamp;
  completed_on: DateColumn;
  recorded_by: string | null;
  api_client_id: string | null;
  agency: string | null;
  completed_with_victim: boolean | null;
  victim_view: string | null;
  answers: Json<Record<string, StoredAnswer>>;
  score: number;
  band: BandColumn | null;
  gaps: number[];
  professional_judgement: ColumnType<StoredJudgement | null, string | null, never>;
  follows_id: string | null;
  created_at: DefaultTimestamp;
}

/** What a draft holds besides its answers, as the checklist pages collect it. */
export interface DraftDetails {
  completedOn?: string;
  agency?: string;
  withVictim?: 'yes' | 'no';
  victimView?: string;
  judgement?: 'refer' | 'do-not-refer' | 'none';
  judgementReason?: string;
}

export interface RiskAssessmentDraftsTable {
  id: Generated<string>;
  tenant_id: string;
  person_id: string;
  case_id: string | null;
  instrument_id: string;
  instrument_version: number;
  language: string;
  follows_id: string | null;
  answers: JsonWithDefault<Record<string, StoredAnswer>>;
  details: JsonWithDefault<DraftDetails>;
  started_by: string;
  started_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface MaracReferralsTable {
  id: Generated<string>;
  tenant_id: string;
  person_id: string;
  referred_on: DateColumn;
  referring_agency: string | null;
  created_by: string | null;
  created_at: DefaultTimestamp;
  person_causing_harm_id: string | null;
  referring_person: string | null;
  criteria: JsonWithDefault<unknown[]>;
  risk_assessment_id: string | null;
  consent: 'given' | 'not-given' | null;
  lawful_basis: string | null;
  risks: string | null;
  contact_safety: string | null;
  latest_incident_on: DateColumn | null;
  repeat: Flag;
  previous_referral_id: string | null;
  api_client_id: string | null;
  /** The coordinator's decision: on a meeting's agenda, or declined (0020). Null while it waits. */
  decision: 'accepted' | 'declined' | null;
  decided_at: Timestamp | null;
  decided_by: string | null;
  decline_reason: string | null;
  routed_to: string | null;
}

export interface MaracReferralChildrenTable {
  tenant_id: string;
  referral_id: string;
  person_id: string;
}

export interface DaServicesTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  offers: string;
  how_to_refer: string;
  band: BandColumn;
  active: Flag;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface RiskSchema {
  risk_instruments: RiskInstrumentsTable;
  risk_settings: RiskSettingsTable;
  risk_assessments: RiskAssessmentsTable;
  risk_assessment_drafts: RiskAssessmentDraftsTable;
  marac_referrals: MaracReferralsTable;
  marac_referral_children: MaracReferralChildrenTable;
  da_services: DaServicesTable;
}
