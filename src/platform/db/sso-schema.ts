import type { ColumnType, Generated } from 'kysely';
import type { DefaultTimestamp, Flag, Timestamp } from './schema-columns.js';

/** Tables for single sign-on (0010). Settings and group mappings are written by the owner only. */

/** A tenant's identity provider: the client secret only as AES-256-GCM ciphertext (`v1.…`). */
export interface SsoSettingsTable {
  tenant_id: string;
  issuer: string;
  client_id: string;
  client_secret_sealed: string;
  groups_claim: ColumnType<string, string | undefined, string>;
  allow_new_accounts: Flag;
  updated_at: DefaultTimestamp;
}

/** The role, and the team when given, that one of the provider's groups gives. */
export interface SsoGroupMappingsTable {
  id: Generated<string>;
  tenant_id: string;
  group_id: string;
  role: string;
  team_id: string | null;
}

/** The person at the provider whom a user is, linked at their first single sign-on. */
export interface SsoIdentitiesTable {
  tenant_id: string;
  user_id: string;
  issuer: string;
  subject: string;
  linked_at: DefaultTimestamp;
}

/** A sign-in in progress: found by the hash of the browser's cookie, used once. */
export interface SsoAttemptsTable {
  id_hash: string;
  tenant_id: string;
  state: string;
  nonce: string;
  code_verifier: string;
  redirect_uri: string;
  return_to: string;
  created_at: DefaultTimestamp;
  expires_at: Timestamp;
}

export interface SsoSchema {
  sso_settings: SsoSettingsTable;
  sso_group_mappings: SsoGroupMappingsTable;
  sso_identities: SsoIdentitiesTable;
  sso_attempts: SsoAttemptsTable;
}
