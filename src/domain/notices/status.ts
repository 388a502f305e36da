/**
 * A notice to a school, nursery or club moves one way only: made (draft), sent, acknowledged by the
 * setting, withdrawn. Nothing goes back: a notice sent stays sent; a withdrawn notice is finished, and a
 * new one is made if it is needed again.
 */

export const NOTICE_STATUSES = ['draft', 'sent', 'acknowledged', 'withdrawn'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

export const NOTICE_STATUS_LABELS: Record<NoticeStatus, string> = {
  draft: 'Not sent yet',
  sent: 'Sent',
  acknowledged: 'Received by the setting',
  withdrawn: 'Withdrawn',
};

const NEXT: Record<NoticeStatus, readonly NoticeStatus[]> = {
  draft: ['sent', 'withdrawn'],
  sent: ['acknowledged', 'withdrawn'],
  acknowledged: ['withdrawn'],
  withdrawn: [],
};

/** Whether a notice may move from one status to another. */
export function canMove(from: NoticeStatus, to: NoticeStatus): boolean {
  return NEXT[from].includes(to);
}

/** Why a move is refused, in words for the worker; null when it is allowed. */
export function moveRefusal(from: NoticeStatus, to: NoticeStatus): string | null {
  if (canMove(from, to)) return null;
  if (from === 'withdrawn') return 'This notice has been withdrawn: make a new one if it is needed again';
  if (to === 'acknowledged') return 'Record that the notice was sent before recording that it was received';
  if (to === 'sent') return 'This notice has already been sent';
  return 'A notice cannot go back to not sent';
}

export const SEND_METHODS = ['by-hand', 'secure-email', 'post', 'in-person'] as const;
export type SendMethod = (typeof SEND_METHODS)[number];
export const SEND_METHOD_LABELS: Record<SendMethod, string> = {
  'by-hand': 'Delivered by hand',
  'secure-email': 'Secure email',
  post: 'Post',
  'in-person': 'Given in person at a meeting',
};

export const SETTING_KINDS = ['school', 'nursery', 'club'] as const;
export type SettingKind = (typeof SETTING_KINDS)[number];
export const SETTING_KIND_LABELS: Record<SettingKind, string> = {
  school: 'School',
  nursery: 'Nursery or childminder',
  club: 'Club or activity',
};
