import type { FastifyReply } from 'fastify';
import { londonDate } from '../../domain/calendar/plain-date.js';
import type { Source } from '../../domain/census/records.js';
import { ruleOf } from '../../domain/census/rules.js';
import { censusYearOf } from '../../domain/census/year.js';
import { formErrors } from '../../platform/http/forms.js';
import { paths } from '../../platform/http/paths.js';
import { userOf } from '../../platform/http/route-params.js';
import type { Router } from '../../platform/http/router.js';
import { ServiceError } from '../../platform/http/service-error.js';
import { repeatPlanRoutes } from './repeat-plan-routes.js';
import type { CensusRun, CensusService } from './service.js';

const RECORD_LABELS: Record<Source['kind'], string> = {
  child: 'The child’s details',
  case: 'The case',
  assessment: 'The assessment',
  'section-47': 'The section 47 enquiry',
  plan: 'The plan',
  conference: 'The conference',
};

/** Where to fix a record: the Plans tab for plans, enquiries and conferences; the case's overview otherwise. */
function fixAt(record: Source): string {
  return record.kind === 'plan' || record.kind === 'section-47' || record.kind === 'conference' ? paths.cases.plans(record.caseId) : paths.cases.overview(record.caseId);
}

function problemRows(run: CensusRun) {
  return run.problems.map((p) => ({
    rule: p.rule,
    kind: ruleOf(p.rule)?.kind === 'query' ? 'Query' : 'Error',
    message: p.message,
    child: p.laChildId,
    caseLabel: p.caseRestricted ? 'A restricted case' : p.record.caseReference,
    record: RECORD_LABELS[p.record.kind],
    href: fixAt(p.record),
  }));
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

export function censusRoutes(router: Router, census: CensusService) {
  const show = async (reply: FastifyReply, yearText: string, user: ReturnType<typeof userOf>, status: 200 | 400 | 409 = 200, problem?: { field: string; message: string }) => {
    try {
      const run = await census.check({ kind: 'user', user }, yearText);
      const errors = problem ? formErrors({ [problem.field]: problem.message }) : null;
      const byRule = [...new Set(run.problems.map((p) => p.rule))].map((rule) => ({ rule, title: ruleOf(rule)?.title ?? rule, count: run.problems.filter((p) => p.rule === rule).length }));
      return reply.code(status).view('census.njk', { run, year: String(run.year.year), rows: problemRows(run), byRule, errors, errorSummary: errors?.summary });
    } catch (error) {
      if (!(error instanceof ServiceError) || error.status !== 400) throw error;
      const errors = formErrors({ year: error.message });
      return reply.code(400).view('census.njk', { run: null, year: yearText, rows: [], byRule: [], errors, errorSummary: errors.summary });
    }
  };

  router.page({
    method: 'GET',
    url: paths.reports.cinCensus,
    permission: 'census:export',
    pageName: 'cin-census',
    handler: async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const yearText = text(query.year) || String(censusYearOf(londonDate(new Date())) - 1);
      return show(reply, yearText, userOf(request));
    },
  });

  router.page({
    method: 'GET',
    url: paths.reports.cinCensusDownload,
    permission: 'census:export',
    pageName: 'cin-census-download',
    handler: async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const yearText = text(query.year);
      const user = userOf(request);
      try {
        const made = await census.export({ kind: 'user', user }, yearText, { force: text(query.confirm) === 'yes', requestId: request.id });
        return reply.type('application/xml; charset=utf-8').header('content-disposition', `attachment; filename="${made.fileName}"`).header('cache-control', 'no-store').send(made.xml);
      } catch (error) {
        if (!(error instanceof ServiceError) || (error.status !== 400 && error.status !== 409)) throw error;
        return show(reply, yearText, user, error.status, { field: error.field, message: error.message });
      }
    },
  });

  repeatPlanRoutes(router, census);
}
