import { UUID } from '../../platform/http/route-params.js';
import { z } from 'zod';
import { asList } from '../../platform/http/forms.js';
import { govukDate, withDateInputs, type DateRules } from '../../platform/http/govuk-date.js';
import { referralDetails } from './schemas.js';

/**
 * The referral form: its own date inputs and the checklist it comes from, and what the referrer says,
 * parsed with the same schema as the API and the service (`referralDetails`). The form's names differ
 * from the API's only for the dates (`referredOn` for `referredAt`) and the checklist (`checklistId`
 * for `riskAssessmentId`); `REFERRAL_FORM_IDS` maps a service's field to the form's.
 */

/** The "Not known" answer to who is causing harm: null in the API. */
export const HARM_NOT_KNOWN = 'not-known';

export const REFERRAL_DATES = {
  referredOn: { label: 'The date of the referral', rules: { past: true, earliestYear: 2000 } },
  latestIncidentOn: { label: 'The date of the latest incident', rules: { past: true, earliestYear: 2000 } },
} satisfies Record<string, { label: string; rules: DateRules }>;

export const REFERRAL_FORM_IDS = { referredAt: 'referredOn', riskAssessmentId: 'checklistId' };


/** The form's fields as the referral schema names them: checkboxes as lists, "Not known" as null. */
function asReferralDetails(body: unknown): unknown {
  const fields = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const harm = fields.personCausingHarmId;
  return {
    ...fields,
    criteria: asList(fields.criteria),
    childIds: asList(fields.childIds),
    personCausingHarmId: harm === HARM_NOT_KNOWN ? null : harm === '' ? undefined : harm,
  };
}

export const referralForm = withDateInputs(
  Object.keys(REFERRAL_DATES),
  z
    .object({
      referredOn: govukDate(REFERRAL_DATES.referredOn.label, REFERRAL_DATES.referredOn.rules).refine((v): v is string => v !== null, 'Enter the date of the referral'),
      latestIncidentOn: govukDate(REFERRAL_DATES.latestIncidentOn.label, REFERRAL_DATES.latestIncidentOn.rules),
      // The checklist the referral comes from, a hidden field: anything but an id is left out.
      checklistId: z
        .unknown()
        .optional()
        .transform((v) => (typeof v === 'string' && UUID.test(v) ? v : undefined)),
    })
    .and(z.preprocess(asReferralDetails, referralDetails)),
);
