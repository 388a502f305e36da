import type { ColumnType, Generated } from 'kysely';
import type { DateColumn, DefaultTimestamp, TextList, Timestamp } from './schema-columns.js';

/** Notices to schools, nurseries and clubs, and the photographs they carry (migrations/0031). */

export type SchoolNoticeKind = 'no-contact' | 'encompass';
export type SchoolNoticeStatus = 'draft' | 'sent' | 'acknowledged' | 'withdrawn';
export type NoticeSettingKind = 'school' | 'nursery' | 'club';
export type NoticeSendMethod = 'by-hand' | 'secure-email' | 'post' | 'in-person';

export interface NoticeSettingsTable {
  tenant_id: string;
  school_day_starts: ColumnType<string, string | undefined, string>;
  updated_by: string | null;
  updated_at: Timestamp | null;
}

export interface NoticePhotosTable {
  id: Generated<string>;
  tenant_id: string;
  case_id: string;
  person_id: string;
  content: Buffer;
  content_type: 'image/jpeg' | 'image/png';
  byte_size: number;
  sha256: string;
  metadata_removed: TextList;
  uploaded_by: string;
  uploaded_at: DefaultTimestamp;
  replaced_at: Timestamp | null;
}

export interface SchoolNoticesTable {
  id: Generated<string>;
  tenant_id: string;
  case_id: string;
  kind: SchoolNoticeKind;
  child_id: string;
  setting_name: string;
  setting_kind: NoticeSettingKind;
  safeguarding_lead: string;
  worker_name: string;
  worker_phone: string;
  person_id: string | null;
  orders: TextList;
  photo_id: string | null;
  contact_id: string | null;
  incident_on: DateColumn | null;
  child_present: boolean | null;
  school_should_know: string | null;
  notified_at: Timestamp | null;
  due_at: Timestamp | null;
  status: ColumnType<SchoolNoticeStatus, SchoolNoticeStatus | undefined, SchoolNoticeStatus>;
  sent_at: Timestamp | null;
  sent_method: NoticeSendMethod | null;
  sent_by: string | null;
  acknowledged_by: string | null;
  acknowledged_on: DateColumn | null;
  withdrawn_reason: string | null;
  withdrawn_on: DateColumn | null;
  withdrawn_by: string | null;
  document_id: string | null;
  created_by: string;
  created_at: DefaultTimestamp;
  updated_at: Timestamp | null;
}

export interface NoticeSchema {
  notice_settings: NoticeSettingsTable;
  notice_photos: NoticePhotosTable;
  school_notices: SchoolNoticesTable;
}
