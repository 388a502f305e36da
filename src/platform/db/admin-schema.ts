import type { ColumnType, Generated } from 'kysely';
import type { DefaultTimestamp, Timestamp } from './schema-columns.js';

/** Tables for administration (0007): role requests, password links and the outbox. */

export type RoleRequestStatus = 'pending' | 'approved' | 'refused';

/** Roles one administrator asked to give a user, until another administrator decides. */
export interface RoleRequestsTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  roles: string[];
  reason: string;
  requested_by: string;
  requested_at: DefaultTimestamp;
  status: ColumnType<RoleRequestStatus, RoleRequestStatus | undefined, RoleRequestStatus>;
  decided_by: string | null;
  decided_at: Timestamp | null;
}

export type PasswordLinkPurpose = 'new-account' | 'reset';

/** A one-time link to set a password. Only the hash of its token is kept. */
export interface PasswordLinksTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  token_hash: string;
  purpose: PasswordLinkPurpose;
  created_by: string | null;
  created_at: DefaultTimestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** A message to a user, kept until a sender delivers it. The application may only add them. */
export interface OutboundMessagesTable {
  id: Generated<string>;
  tenant_id: string;
  to_user_id: string;
  kind: 'password-link';
  body: string;
  created_at: DefaultTimestamp;
  sent_at: Timestamp | null;
}

export interface AdminSchema {
  role_requests: RoleRequestsTable;
  password_links: PasswordLinksTable;
  outbound_messages: OutboundMessagesTable;
}
