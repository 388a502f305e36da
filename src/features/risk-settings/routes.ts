import { z } from 'zod';
import { formPage } from '../../platform/http/form-page.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import type { RiskSettings, RiskSettingsService } from './service.js';

/** A whole number typed into a box, with a message for each way it can be wrong. */
function wholeNumber(o: { enter: string; name: string; example: number; min: number; max: number }) {
  const range = `${o.name} must be between ${o.min} and ${o.max}`;
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z
      .string({ error: o.enter })
      .min(1, o.enter)
      .regex(/^[-+]?\d+$/, `${o.name} must be a whole number, like ${o.example}`)
      .transform(Number)
      .pipe(z.number().min(o.min, range).max(o.max, range)),
  );
}

/** The risk settings form: each number in its range, and the medium band below the high one. */
const riskSettingsForm = z
  .object({
    highFrom: wholeNumber({ enter: 'Enter the lowest score for high risk', name: 'The lowest score for high risk', example: 14, min: 2, max: 999 }),
    mediumFrom: wholeNumber({ enter: 'Enter the lowest score for medium risk', name: 'The lowest score for medium risk', example: 10, min: 1, max: 998 }),
    reviewWeeks: wholeNumber({ enter: 'Enter how many weeks until a review', name: 'The weeks until a review', example: 6, min: 1, max: 52 }),
    escalationIncidents: wholeNumber({ enter: 'Enter how many incidents make potential escalation', name: 'The incidents for potential escalation', example: 3, min: 1, max: 50 }),
    escalationMonths: wholeNumber({ enter: 'Enter how many months the incidents are counted over', name: 'The months for potential escalation', example: 12, min: 1, max: 60 }),
    repeatMonths: wholeNumber({ enter: 'Enter how many months after a referral an incident makes a repeat', name: 'The months for a repeat referral', example: 12, min: 1, max: 60 }),
  })
  .refine((v) => v.mediumFrom < v.highFrom, {
    path: ['mediumFrom'],
    message: 'The lowest score for medium risk must be less than the lowest score for high risk',
    // Compared only when both scores are whole numbers in range: otherwise their own messages say what is wrong.
    when: (payload) => !payload.issues.some((issue) => ['highFrom', 'mediumFrom'].includes(String(issue.path?.[0]))),
  });

const valuesOf = (s: RiskSettings): Record<string, string> => ({
  highFrom: String(s.bands.high),
  mediumFrom: String(s.bands.medium),
  reviewWeeks: String(s.reviewWeeks),
  escalationIncidents: String(s.escalationIncidents),
  escalationMonths: String(s.escalationMonths),
  repeatMonths: String(s.repeatMonths),
});

/** The local authority's risk settings: one page to see and change them. */
export function riskSettingsRoutes(router: Router, settings: RiskSettingsService): void {
  formPage(router, {
    url: paths.admin.riskSettings,
    permission: 'settings:manage',
    pageName: 'admin-risk-settings',
    template: 'risk-settings.njk',
    schema: riskSettingsForm,
    load: (request) => settings.show(request.user!),
    initial: ({ settings: current }) => valuesOf(current),
    view: ({ settings: current, saved }, request) => ({
      saved,
      current,
      success: (request.query as Record<string, unknown>).saved === '1' ? 'Risk settings saved' : undefined,
    }),
    submit: async ({ highFrom, mediumFrom, ...rest }, _shown, request) => {
      await settings.save(request.user!, { bands: { high: highFrom, medium: mediumFrom }, ...rest }, request.id);
      return { to: withQuery(paths.admin.riskSettings, { saved: 1 }) };
    },
  });
}
