import type { ColumnType, Generated } from 'kysely';
import type { DateColumn, DefaultTimestamp, Flag, TextList, Timestamp, Version } from './schema-columns.js';

/** The social work case (migrations/0025): assessments, information requests, the child protection process, plans and visits. */

type JsonWithDefault<T> = ColumnType<T, string | undefined, string>;
type Count = ColumnType<number, number | undefined, number>;

export interface CaseworkSettingsTable {
  tenant_id: string;
  cp_visit_working_days: Count;
  cin_visit_working_days: Count;
  updated_by: string | null;
  updated_at: DefaultTimestamp;
}

export type AssessmentStatus = 'in-progress' | 'submitted' | 'returned' | 'authorised';
export type AssessmentRecommendation = 'no-further-action' | 'early-help' | 'child-in-need-plan' | 'strategy-discussion';

export interface AssessmentsTable {
  id: Generated<string>;
  tenant_id: string;
  case_id: string;
  contact_id: string | null;
  referral_date: DateColumn;
  started_on: DateColumn;
  due_on: DateColumn;
  status: ColumnType<AssessmentStatus, AssessmentStatus | undefined, AssessmentStatus>;
  recommendation: AssessmentRecommendation | null;
  factors: TextList;
  submitted_at: Timestamp | null;
  submitted_by: string | null;
  returned_at: Timestamp | null;
  returned_by: string | null;
  returned_comment: string | null;
  authorised_at: Timestamp | null;
  authorised_on: DateColumn | null;
  authorised_by: string | null;
  created_by: string | null;
  created_at: DefaultTimestamp;
}

export interface AssessmentSectionsTable {
  tenant_id: string;
  assessment_id: string;
  section: string;
  /** '' for a section about the family; a child's id for a section about one child. */
  part: ColumnType<string, string | undefined, string>;
  answers: JsonWithDefault<Record<string, string | string[]>>;
  completed: Flag;
  version: Version;
  updated_by: string | null;
  updated_at: DefaultTimestamp;
}

export interface AssessmentSectionChangesTable {
  tenant_id: string;
  assessment_id: string;
  section: string;
  part: string;
  version: number;
  fields: string[];
  changed_by: string | null;
  changed_at: DefaultTimestamp;
}

export type InformationSource =
  | 'police'
  | 'gp'
  | 'health-visitor'
  | 'school'
  | 'adult-mental-health'
  | 'substance-misuse'
  | 'housing'
  | 'hospital'
  | 'probation'
  | 'da-service'
  | 'extended-family';

export interface InformationRequestsTable {
  id: Generated<string>;
  tenant_id: string;
  case_id: string;
  assessment_id: string | null;
  source: InformationSource;
  agency_id: string | null;
  recipient: string;
  method: 'in-product' | 'email' | 'phone' | 'letter';
  question: string;
  informs: TextList;
  due_on: DateColumn;
  asked_on: DateColumn;
  asked_by: string | null;
  asked_at: DefaultTimestamp;
  reminders: Count;
  last_reminded_at: Timestamp | null;
  returned_on: DateColumn | null;
  returned_at: Timestamp | null;
  returned_by: string | null;
  answer: string | null;
}

export interface StrategyDiscussionsTable {
  id: Generated<string>;
  tenant_id: string;
  case_id: string;
  task_id: string | null;
  held_on: DateColumn;
  attendees: JsonWithDefault<{ agency: string; name: string }[]>;
  decision: 'section-47' | 'child-in-need' | 'early-help' | 'no-further-action';
  reasons: string;
  immediate_actions: string | null;
  recorded_by: string | null;
  recorded_at: DefaultTimestamp;
}

export interface Section47EnquiriesTable {
  id: Generated<string>;
  tenant_id: string;
  case_id: string;
  child_id: string;
  strategy_discussion_id: string;
  started_on: DateColumn;
  outcome: 'conference' | 'child-in-need' | 'no-further-action' | null;
  outcome_on: DateColumn | null;
  recorded_by: string | null;
  recorded_at: DefaultTimestamp;
}

export type AbuseCategoryColumn = 'neglect' | 'physical' | 'sexual' | 'emotional' | 'multiple';

export interface PlansTable {
  id: Generated<string>;
  tenant_id: string;
  case_id: string;
  kind: 'child-in-need' | 'child-protection';
  started_on: DateColumn;
  ended_on: DateColumn | null;
  end_reason: string | null;
  outcomes: TextList;
  review_brought_forward_to: DateColumn | null;
  version: Version;
  created_by: string | null;
  created_at: DefaultTimestamp;
}

export interface PlanChildrenTable {
  tenant_id: string;
  plan_id: string;
  child_id: string;
  initial_category: AbuseCategoryColumn | null;
  latest_category: AbuseCategoryColumn | null;
}

export interface ConferencesTable {
  id: Generated<string>;
  tenant_id: string;
  case_id: string;
  kind: 'initial' | 'review';
  held_on: DateColumn;
  plan_id: string | null;
  decision: 'plan' | 'no-plan' | 'continue' | 'end';
  category: AbuseCategoryColumn | null;
  split: Flag;
  chair: string | null;
  reasons: string;
  recorded_by: string | null;
  recorded_at: DefaultTimestamp;
}

export interface ConferencePartsTable {
  tenant_id: string;
  conference_id: string;
  part: number;
  attendees: string;
  with_victim: boolean;
  with_person_causing_harm: boolean;
}

export interface PlanActionsTable {
  id: Generated<string>;
  tenant_id: string;
  plan_id: string;
  need: string;
  action: string;
  owner_person_id: string | null;
  owner_agency: string | null;
  due_on: DateColumn;
  status: ColumnType<'not-started' | 'in-progress' | 'done' | 'not-done', 'not-started' | 'in-progress' | 'done' | 'not-done' | undefined, 'not-started' | 'in-progress' | 'done' | 'not-done'>;
  status_note: string | null;
  created_by: string | null;
  created_at: DefaultTimestamp;
}

export interface PlanReviewsTable {
  id: Generated<string>;
  tenant_id: string;
  plan_id: string;
  kind: 'core-group' | 'review-conference' | 'cin-review';
  held_on: DateColumn;
  conference_id: string | null;
  progress: string;
  action_progress: JsonWithDefault<{ actionId: string; status: string; note: string }[]>;
  recorded_by: string | null;
  recorded_at: DefaultTimestamp;
}

export interface VisitsTable {
  id: Generated<string>;
  tenant_id: string;
  case_id: string;
  child_id: string | null;
  kind: 'visit' | 'no-access' | 'missed-appointment';
  happened_on: DateColumn;
  agency: string;
  seen: boolean | null;
  seen_alone: boolean | null;
  others_present: string | null;
  interpreter: ColumnType<string | null, string | null | undefined, string | null>;
  note: string | null;
  recorded_by: string | null;
  api_client_id: string | null;
  recorded_at: DefaultTimestamp;
}

export interface SocialWorkSchema {
  casework_settings: CaseworkSettingsTable;
  assessments: AssessmentsTable;
  assessment_sections: AssessmentSectionsTable;
  assessment_section_changes: AssessmentSectionChangesTable;
  information_requests: InformationRequestsTable;
  strategy_discussions: StrategyDiscussionsTable;
  section_47_enquiries: Section47EnquiriesTable;
  plans: PlansTable;
  plan_children: PlanChildrenTable;
  conferences: ConferencesTable;
  conference_parts: ConferencePartsTable;
  plan_actions: PlanActionsTable;
  plan_reviews: PlanReviewsTable;
  visits: VisitsTable;
}
