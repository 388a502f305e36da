import { UUID } from '../../platform/http/route-params.js';
import { z } from 'zod';
import { govukDate, withDateInputs } from '../../platform/http/govuk-date.js';

/**
 * The forms of an unfinished checklist, from what was posted to what the risk service takes. Whether an
 * answer is one of its question's options, and how long a source or comment may be, depend on the
 * instrument: the service checks those (drafts.ts) and names the field it is about.
 */

/** A hidden id the page carries along: anything but an id is left out. */
const hiddenId = z.unknown().optional().transform((v) => (typeof v === 'string' && UUID.test(v) ? v : null));

/** Starting a checklist: which instrument, in which language ("dash-ric:cy"), for which case, following which checklist. */
export const startForm = z.object({
  instrument: z
    .string({ error: 'Choose a checklist' })
    .min(1, 'Choose a checklist')
    .transform((chosen) => {
      const [instrument = '', language] = chosen.split(':');
      return { instrument, language };
    }),
  caseId: hiddenId,
  followsId: hiddenId,
});

const QUESTION_FIELD = /^q\d+(-source|-comment)?$/;

/** One section's page: each question's answer (`q3`), who gave it (`q3-source`) and a comment (`q3-comment`), as typed. */
export const sectionForm = z.record(z.string(), z.unknown()).transform((body) => {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) if (QUESTION_FIELD.test(name) && typeof value === 'string') fields[name] = value;
  return fields;
});

export const COMPLETED_ON = { label: 'The date completed', rules: { past: true, earliestYear: 2000 } };

const JUDGEMENT_REASON = 'Give the reason for your professional judgement';

/** About this checklist: when, by which agency, whether with the victim, their view, and any professional judgement. */
export const detailsForm = withDateInputs(
  ['completedOn'],
  z
    .object({
      completedOn: govukDate(COMPLETED_ON.label, COMPLETED_ON.rules).refine((v): v is string => v !== null, 'Enter the date the checklist was completed'),
      agency: z
        .string({ error: 'Enter the agency completing the checklist' })
        .trim()
        .min(1, 'Enter the agency completing the checklist')
        .max(200, 'The agency must be 200 characters or fewer'),
      withVictim: z.enum(['yes', 'no'], { error: 'Say whether the checklist was completed with the victim' }),
      victimView: z
        .string()
        .max(4000, 'The victim’s view must be 4000 characters or fewer')
        .optional()
        .transform((v) => v?.trim() || undefined),
      judgement: z.enum(['none', 'refer', 'do-not-refer'], { error: 'Select whether you are recording a professional judgement about a Marac referral' }),
      judgementReason: z.string().max(2000, 'The reason must be 2000 characters or fewer').optional(),
    })
    .superRefine(
      (d, ctx) => {
        if ((d.judgement === 'refer' || d.judgement === 'do-not-refer') && !(typeof d.judgementReason === 'string' && d.judgementReason.trim())) ctx.addIssue({ code: 'custom', path: ['judgementReason'], message: JUDGEMENT_REASON });
      },
      // Checked even when another field is wrong, so every problem is listed at once.
      { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
    )
    .transform((d) => ({ ...d, judgementReason: d.judgement === 'none' ? undefined : d.judgementReason?.trim() })),
);

/** Completing, or deleting, the checklist: nothing to fill in but the button. */
export const confirmForm = z.object({});
