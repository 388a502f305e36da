import { z } from 'zod';
import { londonInstant, readTimeOfDay } from '../../domain/calendar/london-time.js';
import { plainDate } from '../../domain/calendar/plain-date.js';
import { SEND_METHODS, SETTING_KINDS } from '../../domain/notices/status.js';
import { requiredGovukDate, withDateInputs } from '../../platform/http/govuk-date.js';
import { UUID } from '../../platform/http/route-params.js';

/** The notice forms, one schema each. What needs the case (who is on it, the notification) is the service's to check. */

const RULES = { earliestYear: 2000, past: true } as const;
export const DATES = {
  sentOn: { label: 'The date it was sent', rules: RULES },
  acknowledgedOn: { label: 'The date it was received', rules: RULES },
} as const;

const text = z.string().optional().transform((v) => (v ?? '').trim());
const required = (message: string, max: number) => z.string({ error: message }).trim().min(1, message).max(max, `Write ${max.toLocaleString('en-GB')} characters or fewer`);
const person = (message: string) => z.string({ error: message }).regex(UUID, message);
const settingKind = z.enum(SETTING_KINDS, { error: 'Choose whether it is a school, a nursery or a club' });
const setting = {
  settingKind,
  settingName: required('Enter the name of the school, nursery or club', 200),
  safeguardingLead: required('Enter the name of the designated safeguarding lead', 200),
  workerName: required('Enter the name of the social worker to call', 200),
  workerPhone: z
    .string({ error: 'Enter the social worker’s phone number' })
    .trim()
    .min(1, 'Enter the social worker’s phone number')
    .regex(/^[0-9+() -]{6,40}$/, 'Enter a phone number, like 0114 496 0999'),
};

export const noContactForm = z.object({
  childId: person('Choose the child the notice is about'),
  personId: person('Choose who must not collect or contact the child'),
  ...setting,
  orders: text.refine((v) => v.length <= 6000, 'Write 6,000 characters or fewer').transform((v) => v.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)),
});

export const encompassForm = z
  .object({
    notification: z.string({ error: 'Choose the police notification and the child' }).regex(/^[0-9a-f-]{36}:[0-9a-f-]{36}$/i, 'Choose the police notification and the child'),
    ...setting,
    schoolShouldKnow: required('Say what the school should know', 3000),
  })
  .transform(({ notification, ...rest }) => {
    const [contactId, childId] = notification.split(':') as [string, string];
    return { ...rest, contactId, childId };
  });

/** An uploaded file as the multipart parser hands it to the route (read into memory; cut short over the limit). */
export interface Upload {
  filename: string;
  mimetype: string;
  data: Buffer;
  tooLarge: boolean;
}

function isUpload(value: unknown): value is Upload {
  return typeof value === 'object' && value !== null && Buffer.isBuffer((value as Upload).data);
}

/** The photograph. Whether its bytes are a photograph is the service's to say (domain/notices/photo.ts), not its name or type. */
export const photoForm = z.object({
  photo: z.unknown().transform((value, ctx): Upload => {
    if (!isUpload(value) || (value.filename === '' && value.data.length === 0)) {
      ctx.addIssue({ code: 'custom', message: 'Select a photograph' });
      return z.NEVER;
    }
    return value;
  }),
});

export const sentForm = withDateInputs(
  ['sentOn'],
  z
    .object({
      sentOn: requiredGovukDate(DATES.sentOn.label, DATES.sentOn.rules),
      sentTime: z.string({ error: 'Enter the time it was sent' }).trim().min(1, 'Enter the time it was sent, like 08:15'),
      method: z.enum(SEND_METHODS, { error: 'Choose how it was sent' }),
    })
    .transform((f, ctx) => {
      const time = readTimeOfDay(f.sentTime);
      if (!time) {
        ctx.addIssue({ code: 'custom', message: 'Enter the time it was sent as hours and minutes, like 08:15', path: ['sentTime'] });
        return z.NEVER;
      }
      return { sentAt: londonInstant(plainDate(f.sentOn), time), method: f.method };
    }),
);

export const acknowledgedForm = withDateInputs(
  ['acknowledgedOn'],
  z.object({
    acknowledgedBy: required('Enter the name of the person at the setting who received it', 200),
    acknowledgedOn: requiredGovukDate(DATES.acknowledgedOn.label, DATES.acknowledgedOn.rules),
  }),
);

export const withdrawForm = z.object({ reason: required('Say why the notice is withdrawn', 1000) });
