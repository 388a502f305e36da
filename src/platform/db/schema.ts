import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { AdminSchema } from './admin-schema.js';
import type { CaseworkSchema } from './casework-schema.js';
import type { ContactsSchema, NotificationImportsSchema } from './contacts-schema.js';
import type { RiskSchema } from './risk-schema.js';
import type { SsoSchema } from './sso-schema.js';
import type { DefaultTimestamp, Timestamp } from './schema-columns.js';

export type * from './casework-schema.js';
export type * from './contacts-schema.js';
export type * from './risk-schema.js';
export type * from './sso-schema.js';

/** The platform's own tables (migrations/0001); the features' tables are in the files above. */

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  created_at: DefaultTimestamp;
  /** A session ends this many hours after sign-in however active it is (1 to 24; 12 unless changed). */
  session_max_hours: ColumnType<number, number | undefined, number>;
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
  /** How the session was signed in (0010). */
  signed_in_with: ColumnType<SignInMethod, SignInMethod | undefined, SignInMethod>;
  /** Single sign-on only: the provider's end-session address, where signing out goes next (0010). */
  provider_sign_out_url: string | null;
}

export type SignInMethod = 'password' | 'single-sign-on';

export interface ApiClientsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  token_hash: string;
  scopes: ColumnType<string[], string[] | undefined, string[]>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: DefaultTimestamp;
  last_used_at: Timestamp | null;
  expires_at: ColumnType<Date, Date | string | undefined, Date | string>;
  revoked_at: Timestamp | null;
  rotated_at: Timestamp | null;
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

/** Sign-in failures per account or client address, by a hash of either (src/platform/auth/throttle.ts). */
export interface SignInThrottleTable {
  key_hash: string;
  failures: number;
  last_failure_at: Date;
  next_try_at: Date;
}

export interface SchemaMigrationsTable {
  name: string;
  checksum: string;
  applied_at: DefaultTimestamp;
}

export interface Schema extends CaseworkSchema, ContactsSchema, NotificationImportsSchema, RiskSchema, AdminSchema, SsoSchema {
  tenants: TenantsTable;
  teams: TeamsTable;
  users: UsersTable;
  user_teams: UserTeamsTable;
  sessions: SessionsTable;
  api_clients: ApiClientsTable;
  audit_events: AuditEventsTable;
  schema_migrations: SchemaMigrationsTable;
  sign_in_throttle: SignInThrottleTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
