import type { ColumnType, Generated } from 'kysely';
import type { AgencySector } from '../../domain/marac/agencies.js';
import type { DateColumn, DefaultTimestamp, Flag, TextList, Timestamp } from './schema-columns.js';

/** Tables for Marac panels, partner agencies and meetings (migrations/0020). */

export interface PartnerAgenciesTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  sector: AgencySector;
  offers: TextList;
  created_at: DefaultTimestamp;
}

type Defaulted = ColumnType<number, number | undefined, number>;

export interface MaracPanelsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  meeting_cap: Defaulted;
  circulate_days: Defaulted;
  research_days: Defaulted;
  window_days: Defaulted;
  created_at: DefaultTimestamp;
}

export interface MaracPanelAgenciesTable {
  tenant_id: string;
  panel_id: string;
  agency_id: string;
}

export interface MaracMeetingsTable {
  id: Generated<string>;
  tenant_id: string;
  panel_id: string;
  held_at: Timestamp;
  venue: string | null;
  online_link: string | null;
  chair: string;
  circulate_on: DateColumn;
  research_due_on: DateColumn;
  circulated_at: Timestamp | null;
  circulated_by: string | null;
  status: ColumnType<'scheduled' | 'cancelled', 'scheduled' | 'cancelled' | undefined, 'scheduled' | 'cancelled'>;
  cancel_reason: string | null;
  moved_reason: string | null;
  created_by: string | null;
  created_at: DefaultTimestamp;
  confidentiality_read_at: Timestamp | null;
  confidentiality_read_by: string | null;
  minutes_approved_at: Timestamp | null;
  minutes_approved_by: string | null;
}

export type MeetingCaseOutcome = 'heard' | 'adjourned' | 'come-back';

export interface MaracMeetingCasesTable {
  id: Generated<string>;
  tenant_id: string;
  meeting_id: string;
  referral_id: string;
  position: number;
  late: Flag;
  added_at: DefaultTimestamp;
  added_by: string | null;
  outcome: MeetingCaseOutcome | null;
  outcome_reason: string | null;
  removed_at: Timestamp | null;
  removed_reason: string | null;
  information_shared: string | null;
  risk_codes: TextList;
  risk_other: string | null;
}

export interface MaracWhereaboutsReleasesTable {
  id: Generated<string>;
  tenant_id: string;
  meeting_case_id: string;
  agency_id: string;
  reason: string;
  lawful_basis: string;
  released_by: string;
  released_at: DefaultTimestamp;
}

export interface MaracResearchTable {
  id: Generated<string>;
  tenant_id: string;
  meeting_case_id: string;
  agency_id: string;
  offers: TextList;
  other_offer: string | null;
  returned_at: DefaultTimestamp;
  returned_by: string | null;
  api_client_id: string | null;
}

export interface MaracResearchFindingsTable {
  tenant_id: string;
  research_id: string;
  person_id: string;
  known: boolean;
  involvement: string | null;
  history: string | null;
  risks: string | null;
}

export interface MaracResearchRemindersTable {
  id: Generated<string>;
  tenant_id: string;
  meeting_id: string;
  agency_id: string;
  sent_by: string | null;
  sent_at: DefaultTimestamp;
}

export interface MaracAttendanceTable {
  tenant_id: string;
  meeting_id: string;
  agency_id: string;
  status: 'present' | 'apologies' | 'absent';
  representative: string | null;
}

export interface MaracActionsTable {
  id: Generated<string>;
  tenant_id: string;
  meeting_case_id: string;
  risks: string[];
  aim: string;
  for_whom: 'victim' | 'children' | 'others' | 'person-causing-harm';
  agency_id: string;
  owner_name: string | null;
  due_on: DateColumn;
  status: ColumnType<'open' | 'in-progress' | 'done' | 'not-done', 'open' | 'in-progress' | 'done' | 'not-done' | undefined, 'open' | 'in-progress' | 'done' | 'not-done'>;
  status_note: string | null;
  updated_at: Timestamp | null;
  updated_by: string | null;
  copied_from: string | null;
  copy_reason: string | null;
  created_by: string | null;
  created_at: DefaultTimestamp;
}

export interface MaracActionReviewsTable {
  tenant_id: string;
  meeting_case_id: string;
  action_id: string;
  verdict: 'worked' | 'partly' | 'did-not-work' | 'not-done';
  note: string | null;
  reviewed_by: string | null;
  reviewed_at: DefaultTimestamp;
}

export interface MaracMinutesCorrectionsTable {
  id: Generated<string>;
  tenant_id: string;
  meeting_id: string;
  correction: string;
  reason: string;
  made_by: string;
  made_at: DefaultTimestamp;
}

export interface MaracSchema {
  partner_agencies: PartnerAgenciesTable;
  marac_panels: MaracPanelsTable;
  marac_panel_agencies: MaracPanelAgenciesTable;
  marac_meetings: MaracMeetingsTable;
  marac_meeting_cases: MaracMeetingCasesTable;
  marac_whereabouts_releases: MaracWhereaboutsReleasesTable;
  marac_research: MaracResearchTable;
  marac_research_findings: MaracResearchFindingsTable;
  marac_research_reminders: MaracResearchRemindersTable;
  marac_attendance: MaracAttendanceTable;
  marac_actions: MaracActionsTable;
  marac_action_reviews: MaracActionReviewsTable;
  marac_minutes_corrections: MaracMinutesCorrectionsTable;
}
