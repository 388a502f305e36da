import { londonDate, type PlainDate } from '../../domain/calendar/plain-date.js';
import { FIRST_CENSUS_YEAR, LAST_CENSUS_YEAR } from '../../domain/census/year.js';
import { formErrors } from '../../platform/http/forms.js';
import { paths } from '../../platform/http/paths.js';
import { userOf } from '../../platform/http/route-params.js';
import type { Router } from '../../platform/http/router.js';
import type { CensusService } from './service.js';

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** A calendar year typed in a box, or the message that says what is wrong with it. */
function readYear(typed: string, label: string): number | string {
  if (!/^\d{4}$/.test(typed)) return `Enter ${label} as four digits, for example 2024`;
  const year = Number(typed);
  if (year < FIRST_CENSUS_YEAR || year > LAST_CENSUS_YEAR) return `${label[0]!.toUpperCase()}${label.slice(1)} must be from ${FIRST_CENSUS_YEAR} to ${LAST_CENSUS_YEAR}`;
  return year;
}

/**
 * The thematic audit of repeat child protection plans: counts by quarter or year, for team managers
 * and analysts alike. It names no child and links to no case.
 */
export function repeatPlanRoutes(router: Router, census: CensusService) {
  router.page({
    method: 'GET',
    url: paths.reports.repeatPlans,
    permission: 'census:repeat-plans',
    pageName: 'repeat-plans',
    handler: async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const thisYear = Number(londonDate(new Date()).slice(0, 4));
      const values = { from: text(query.from) || String(thisYear - 2), to: text(query.to) || String(thisYear), period: text(query.period) || 'quarter' };
      const problems: Record<string, string> = {};
      const from = readYear(values.from, 'the first year');
      const to = readYear(values.to, 'the last year');
      if (typeof from === 'string') problems.from = from;
      if (typeof to === 'string') problems.to = to;
      if (typeof from === 'number' && typeof to === 'number' && to < from) problems.to = 'The last year must be the same as or after the first year';
      if (values.period !== 'quarter' && values.period !== 'year') problems.period = 'Choose whether to count by quarter or by year';
      if (Object.keys(problems).length || typeof from === 'string' || typeof to === 'string') {
        const errors = formErrors(problems);
        return reply.code(400).view('repeat-plans.njk', { values, counts: null, errors, errorSummary: errors.summary });
      }
      const counts = await census.repeatPlans(userOf(request), { from: `${from}-01-01` as PlainDate, to: `${to}-12-31` as PlainDate, period: values.period as 'quarter' | 'year' });
      const totals = counts.reduce((t, c) => ({ plansStarted: t.plansStarted + c.plansStarted, repeatPlans: t.repeatPlans + c.repeatPlans, repeatsWithDomesticAbuse: t.repeatsWithDomesticAbuse + c.repeatsWithDomesticAbuse }), { plansStarted: 0, repeatPlans: 0, repeatsWithDomesticAbuse: 0 });
      const share = (n: number, of: number) => (of === 0 ? null : Math.round((100 * n) / of));
      return reply.view('repeat-plans.njk', { values, counts, totals, repeatShare: share(totals.repeatPlans, totals.plansStarted), abuseShare: share(totals.repeatsWithDomesticAbuse, totals.repeatPlans) });
    },
  });
}
