import type { PlainDate } from '../../domain/calendar/plain-date.js';
import { censusChildren, type ChildFacts, type EpisodeFacts } from '../../domain/census/records.js';
import { censusProblems, type CensusProblem } from '../../domain/census/rules.js';
import { censusXml } from '../../domain/census/xml.js';
import { censusYear, CensusYearError, type CensusYear } from '../../domain/census/year.js';
import { repeatPlanCounts, type Period, type PeriodCounts } from '../../domain/census/repeat-plans.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { ServiceError } from '../../platform/http/service-error.js';
import { tenantCalendar } from '../calendar/service.js';
import * as q from './queries.js';

export class CensusError extends ServiceError {}

export interface CensusRun {
  year: CensusYear;
  children: number;
  episodes: number;
  problems: (CensusProblem & { caseRestricted: boolean })[];
}

/** Reads the facts for the year and turns them into the census children (domain/census/records.ts). */
async function build(trx: Trx, year: CensusYear) {
  const [episodes, kids, assessments, enquiries, conferences, plans, calendar] = [
    await q.episodes(trx, year.start, year.end),
    await q.children(trx, year.start, year.end),
    await q.assessments(trx, year.start, year.end),
    await q.enquiries(trx, year.start, year.end),
    await q.initialConferences(trx, year.start, year.end),
    await q.plans(trx, year.start, year.end),
    await tenantCalendar(trx),
  ];
  const byCase = <T extends { case_id: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const r of rows) map.set(r.case_id, [...(map.get(r.case_id) ?? []), r]);
    return map;
  };
  const [assessmentsOf, enquiriesOf, conferencesOf, plansOf] = [byCase(assessments), byCase(enquiries), byCase(conferences), byCase(plans)];
  const restricted = new Map(episodes.map((e) => [e.case_id, e.restricted]));
  const episodesOf = new Map<string, EpisodeFacts[]>();
  for (const e of episodes) {
    const facts: EpisodeFacts = {
      caseId: e.case_id,
      caseReference: e.reference,
      referralDate: e.referral_on as PlainDate,
      contactSource: e.source,
      abuseReported: e.abuse_reported,
      closedOn: e.closed_on as PlainDate | null,
      assessments: (assessmentsOf.get(e.case_id) ?? []).map((a) => ({ id: a.id, startedOn: a.started_on as PlainDate, authorisedOn: a.authorised_on as PlainDate | null, factors: a.factors, recommendation: a.recommendation })),
      enquiries: (enquiriesOf.get(e.case_id) ?? []).filter((s) => s.child_id === e.child_id).map((s) => ({ id: s.id, startedOn: s.started_on as PlainDate, strategyDiscussionOn: s.strategy_discussion_on as PlainDate, outcome: s.outcome })),
      initialConferences: (conferencesOf.get(e.case_id) ?? []).map((c) => ({ id: c.id, heldOn: c.held_on as PlainDate })),
      plans: (plansOf.get(e.case_id) ?? [])
        .filter((p) => p.child_id === e.child_id)
        .map((p) => ({ id: p.id, kind: p.kind, startedOn: p.started_on as PlainDate, endedOn: p.ended_on as PlainDate | null, initialCategory: p.initial_category, latestCategory: p.latest_category, reviewDates: p.review_dates as PlainDate[] })),
    };
    episodesOf.set(e.child_id, [...(episodesOf.get(e.child_id) ?? []), facts]);
  }
  const facts: ChildFacts[] = kids.map((k) => ({
    personId: k.id,
    dateOfBirth: k.date_of_birth as PlainDate | null,
    sex: k.sex,
    ethnicity: k.ethnicity,
    disability: k.disability,
    upns: k.upns,
    cpPlanStarts: k.cp_plan_starts as PlainDate[],
    episodes: episodesOf.get(k.id) ?? [],
  }));
  facts.sort((a, b) => a.personId.localeCompare(b.personId));
  const children = censusChildren(facts, year, calendar);
  return { children, problems: censusProblems(children, year, calendar), restricted };
}

/** The year asked for, or a problem the person can fix (a 400 on the year field). */
export function yearOf(text: string): CensusYear {
  try {
    return censusYear(text);
  } catch (error) {
    if (error instanceof CensusYearError) throw new CensusError(400, error.message, 'year');
    throw error;
  }
}

export type CensusCaller = { kind: 'user'; user: CurrentUser } | { kind: 'command-line'; tenantId: string };

/**
 * The children in need census: the problems page, and the XML for the DfE. Team managers and analysts
 * (`census:export`); the command line (operators) too. Every download writes an audit event.
 */
export function censusService(db: Database, softwareVersion: string) {
  const tenantOf = (caller: CensusCaller) => {
    if (caller.kind === 'command-line') return caller.tenantId;
    if (!can(caller.user, 'census:export')) throw new CensusError(403, 'You do not have permission to do this');
    return caller.user.tenantId;
  };

  return {
    async check(caller: CensusCaller, yearText: string): Promise<CensusRun> {
      const tenantId = tenantOf(caller);
      const year = yearOf(yearText);
      return db.tenant(tenantId, async (trx) => {
        const built = await build(trx, year);
        return {
          year,
          children: built.children.length,
          episodes: built.children.reduce((n, c) => n + c.episodes.length, 0),
          problems: built.problems.map((p) => ({ ...p, caseRestricted: built.restricted.get(p.record.caseId) ?? false })),
        };
      });
    },

    /**
     * The census file. With problems it is refused unless `force` (the page's confirmation, the command
     * line's --force); with no children there is nothing to send.
     */
    async export(caller: CensusCaller, yearText: string, options: { force: boolean; requestId: string | null }): Promise<{ xml: string; fileName: string; children: number; problems: CensusProblem[] }> {
      const tenantId = tenantOf(caller);
      const year = yearOf(yearText);
      return db.tenant(tenantId, async (trx) => {
        const built = await build(trx, year);
        if (built.children.length === 0) throw new CensusError(409, `No child had a children in need episode open between 1 April ${year.year - 1} and 31 March ${year.year}`, 'year');
        if (built.problems.length > 0 && !options.force) throw new CensusError(409, `The records break ${built.problems.length === 1 ? 'a census rule' : `census rules ${built.problems.length} times`}: fix them, or confirm that you want the file anyway`, 'confirm');
        const madeAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
        const xml = censusXml({ year, lea: null, madeAt, softwareVersion }, built.children);
        await recordAudit(trx, tenantId, {
          actorType: caller.kind === 'user' ? 'user' : 'system',
          actorId: caller.kind === 'user' ? caller.user.id : null,
          action: 'census.export',
          subjectType: 'cin-census',
          subjectId: null,
          requestId: options.requestId,
          details: { year: year.year, children: built.children.length, problems: built.problems.length, forced: built.problems.length > 0, via: caller.kind },
        });
        return { xml, fileName: `cin-census-${year.year}.xml`, children: built.children.length, problems: built.problems };
      });
    },

    /** The thematic audit: counts of plans, repeat plans and repeats with domestic abuse factors, by period. No names. */
    async repeatPlans(user: CurrentUser, range: { from: PlainDate; to: PlainDate; period: Period }): Promise<PeriodCounts[]> {
      if (!can(user, 'census:repeat-plans')) throw new CensusError(403, 'You do not have permission to do this');
      return db.tenant(user.tenantId, async (trx) => {
        const [plans, factors] = [await q.cpPlanStarts(trx), await q.assessmentFactors(trx)];
        return repeatPlanCounts(
          plans.map((p) => ({ planId: p.plan_id, caseId: p.case_id, childId: p.child_id, startedOn: p.started_on as PlainDate })),
          factors.map((f) => ({ caseId: f.case_id, on: f.on as PlainDate, factors: f.factors })),
          range,
        );
      });
    },
  };
}

export type CensusService = ReturnType<typeof censusService>;
