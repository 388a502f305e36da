import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { AdminSchema } from './admin-schema.js';
import type { CaseworkSchema } from './casework-schema.js';
import type { ContactsSchema, NotificationImportsSchema } from './contacts-schema.js';
import type { MaracSchema } from './marac-schema.js';
import type { RiskSchema } from './risk-schema.js';
import type { SsoSchema } from './sso-schema.js';
import type { SocialWorkSchema } from './social-work-schema.js';
import type { SafetyPlanSchema } from './safety-plan-schema.js';
import type { NoticeSchema } from './notice-schema.js';
import type { OrdersSchema } from './orders-schema.js';
import type { EscalationSchema } from './escalation-schema.js';
import type { DateColumn, DefaultTimestamp, Timestamp } from './schema-columns.js';
import type { PaperAudience } from '../documents/paper.js';

export type * from './casework-schema.js';
export type * from './contacts-schema.js';
export type * from './marac-schema.js';
export type * from './risk-schema.js';
export type * from './sso-schema.js';
export type * from './social-work-schema.js';
export type * from './safety-plan-schema.js';
export type * from './notice-schema.js';
export type * from './orders-schema.js';
export type * from './escalation-schema.js';

/** The platform's own tables (migrations/0001); the features' tables are in the files above. */

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  created_at: DefaultTimestamp;
  /** A session ends this many hours after sign-in however active it is (1 to 24; 12 unless changed). */
  session_max_hours: ColumnType<number, number | undefined, number>;
  /** Whoever holds a sensitive role must do the second step at sign-in (0012). */
  mfa_required: ColumnType<boolean, boolean | undefined, boolean>;
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
  /** The authenticator app's secret, sealed under MFA_SECRET_KEY (0012). */
  mfa_secret_sealed: string | null;
  /** When the app was set up (a code from it entered); null while it is only being set up. */
  mfa_enrolled_at: Timestamp | null;
  /** The time step of the last code accepted, so no code is accepted twice. */
  mfa_last_time_step: ColumnType<string | null, number | null | undefined, number | null>;
  /** An agency representative's agency (0020). */
  agency_id: ColumnType<string | null, string | null | undefined, string | null>;
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
  /** How the session was signed in (0010). */
  signed_in_with: ColumnType<SignInMethod, SignInMethod | undefined, SignInMethod>;
  /** Single sign-on only: the provider's end-session address, where signing out goes next (0010). */
  provider_sign_out_url: string | null;
  /** When this session did its second step at sign-in (0012). */
  second_factor_at: Timestamp | null;
}

export type SignInMethod = 'password' | 'single-sign-on';

export type EmailKind = 'notification-outcome' | 'marac-circulation' | 'marac-reminder' | 'information-request-reminder';

/** The outbox: every email the service sends, none with personal data (migrations/0019, 0021). */
export interface EmailsTable {
  id: Generated<string>;
  tenant_id: string;
  kind: EmailKind;
  /** The notification an outcome email is about. */
  contact_id: string | null;
  /** The Marac meeting a circulation notice or reminder is about. */
  meeting_id: string | null;
  to_address: string;
  subject: string;
  body: string;
  created_at: DefaultTimestamp;
  sent_at: Timestamp | null;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
}

/** A copy of a paper made for someone, kept unchanged with its hash (migrations/0023; a case's documents from 0027). */
export interface DocumentCopiesTable {
  id: Generated<string>;
  tenant_id: string;
  kind: string;
  subject_type: 'marac-meeting' | 'marac-case' | 'case';
  subject_id: string;
  title: string;
  audience: PaperAudience;
  recipient_user_id: string | null;
  recipient_name: string;
  recipient_agency_id: string | null;
  made_at: DefaultTimestamp;
  sha256: string;
  content: Buffer;
  case_id: ColumnType<string | null, string | null | undefined, never>;
  template: ColumnType<string | null, string | null | undefined, never>;
  language: ColumnType<string, string | undefined, never>;
  neutral: ColumnType<boolean, boolean | undefined, never>;
  /** The filled document as JSON (title, subtitle, blocks). */
  paper: ColumnType<unknown, string | null | undefined, never>;
  recipient_person_id: ColumnType<string | null, string | null | undefined, never>;
  made_by: ColumnType<string | null, string | null | undefined, never>;
  corrects_id: ColumnType<string | null, string | null | undefined, never>;
}

/** Each time a document went to someone: to whom, when, how, and the lawful basis (migrations/0027). */
export interface DocumentDisclosuresTable {
  id: Generated<string>;
  tenant_id: string;
  document_id: string;
  recipient: string;
  disclosed_on: DateColumn;
  method: 'post' | 'by-hand' | 'secure-email' | 'email' | 'in-person' | 'collected';
  lawful_basis: 'public-task' | 'safeguarding' | 'legal-obligation' | 'vital-interests' | 'consent';
  note: string | null;
  recorded_by: string;
  recorded_at: DefaultTimestamp;
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
  /** The notifying unit's address for the outcome of each notification (migrations/0019). */
  outcome_email: string | null;
  expires_at: ColumnType<Date, Date | string | undefined, Date | string>;
  revoked_at: Timestamp | null;
  rotated_at: Timestamp | null;
  /** A client issued to one partner agency sees only what its representatives could (0024). */
  agency_id: ColumnType<string | null, string | null | undefined, string | null>;
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
  /** The fingerprint of the AUDIT_CHAIN_KEY the hash was made with; null for an unkeyed event. */
  chain_key_id: ColumnType<string | null, string | null | undefined, never>;
}

/** A recovery code for the second step, kept as a salted hash; usable once (0012). */
export interface MfaRecoveryCodesTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  code_hash: string;
  created_at: DefaultTimestamp;
  used_at: Timestamp | null;
}

/** A request to reset a user's authenticator app, until a second administrator decides (0012). */
export interface MfaResetRequestsTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  reason: string;
  requested_by: string;
  requested_at: DefaultTimestamp;
  status: ColumnType<'pending' | 'approved' | 'refused', 'pending' | 'approved' | 'refused' | undefined, 'pending' | 'approved' | 'refused'>;
  decided_by: string | null;
  decided_at: Timestamp | null;
}

/** Sign-in failures per account or client address, by a hash of either (src/platform/auth/throttle.ts). */
export interface SignInThrottleTable {
  key_hash: string;
  failures: number;
  last_failure_at: Date;
  next_try_at: Date;
}

/** Requests to a rate-limited route per client address and window, by a hash of both (src/platform/http/plugins/rate-limit-store.ts). */
export interface RequestRateLimitsTable {
  key_hash: string;
  window_started_at: Date;
  hits: number;
}

export interface SchemaMigrationsTable {
  name: string;
  checksum: string;
  applied_at: DefaultTimestamp;
}

export interface Schema extends CaseworkSchema, ContactsSchema, NotificationImportsSchema, RiskSchema, MaracSchema, AdminSchema, SsoSchema, SocialWorkSchema, SafetyPlanSchema, NoticeSchema, EscalationSchema, OrdersSchema {
  tenants: TenantsTable;
  teams: TeamsTable;
  users: UsersTable;
  user_teams: UserTeamsTable;
  sessions: SessionsTable;
  api_clients: ApiClientsTable;
  emails: EmailsTable;
  document_copies: DocumentCopiesTable;
  document_disclosures: DocumentDisclosuresTable;
  audit_events: AuditEventsTable;
  schema_migrations: SchemaMigrationsTable;
  sign_in_throttle: SignInThrottleTable;
  request_rate_limits: RequestRateLimitsTable;
  mfa_recovery_codes: MfaRecoveryCodesTable;
  mfa_reset_requests: MfaResetRequestsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
