import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type FormErrors, parseForm } from '../../platform/http/forms.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
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

const settingsForm = z
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

const FIELDS = ['highFrom', 'mediumFrom', 'reviewWeeks', 'escalationIncidents', 'escalationMonths', 'repeatMonths'] as const;
type FormValues = Record<(typeof FIELDS)[number], string>;

const valuesOf = (s: RiskSettings): FormValues => ({
  highFrom: String(s.bands.high),
  mediumFrom: String(s.bands.medium),
  reviewWeeks: String(s.reviewWeeks),
  escalationIncidents: String(s.escalationIncidents),
  escalationMonths: String(s.escalationMonths),
  repeatMonths: String(s.repeatMonths),
});

function submitted(body: unknown): FormValues {
  const b = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(FIELDS.map((f) => [f, typeof b[f] === 'string' ? b[f] : ''])) as FormValues;
}

/** The local authority's risk settings: one page to see and change them. */
export function riskSettingsRoutes(router: Router, settings: RiskSettingsService): void {
  async function show(request: FastifyRequest, reply: FastifyReply, options: { values?: FormValues; errors?: FormErrors; status?: number; success?: string } = {}) {
    const result = await attempt(reply, () => settings.show(request.user!));
    if ('sent' in result) return result.sent;
    if (!result.ok) throw new Error('showing the settings reports no form errors');
    const { settings: current, saved } = result.value;
    return reply.code(options.status ?? 200).view('risk-settings.njk', {
      saved,
      current,
      values: options.values ?? valuesOf(current),
      errors: options.errors,
      errorSummary: options.errors?.summary,
      success: options.success,
    });
  }

  router.page({
    method: 'GET',
    url: paths.admin.riskSettings,
    permission: 'settings:manage',
    pageName: 'admin-risk-settings',
    handler: async (request, reply) => {
      const saved = (request.query as Record<string, unknown>).saved;
      return show(request, reply, { success: saved === '1' ? 'Risk settings saved' : undefined });
    },
  });

  router.page({
    method: 'POST',
    url: paths.admin.riskSettings,
    permission: 'settings:manage',
    pageName: 'admin-risk-settings-change',
    handler: async (request, reply) => {
      const values = submitted(request.body);
      const form = parseForm(settingsForm, request.body);
      if (!form.ok) return show(request, reply, { values, errors: form.errors, status: 400 });
      const { highFrom, mediumFrom, ...rest } = form.data;
      const result = await attempt(reply, () => settings.save(request.user!, { bands: { high: highFrom, medium: mediumFrom }, ...rest }, request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return show(request, reply, { values, errors: result.errors, status: result.status });
      return reply.redirect(withQuery(paths.admin.riskSettings, { saved: 1 }), 303);
    },
  });
}
