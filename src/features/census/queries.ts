import { sql, type RawBuilder } from 'kysely';
import type { Trx } from '../../platform/db/database.js';

/**
 * The census reads the social work case's tables (migrations/0025) as they are, in set-based SQL. The
 * episodes are the cases that came to children's social care (a threshold decision of child in need or
 * child protection, an assessment, an enquiry or a plan, or a stage past early help), with each child
 * member of them, open at some time between `from` and `to`.
 */

const day = (column: string) => sql.raw(`to_char(${column}, 'YYYY-MM-DD')`);

/** The census's cases open at some time from `from` to `to`: id, reference, restricted, referral_on, closed_on. */
function inSpan(from: string, to: string): RawBuilder<unknown> {
  return sql`(with e as (${episodeCasesBody()}) select * from e where e.referral_on <= ${to}::date and (e.closed_on is null or e.closed_on >= ${from}::date))`;
}

function episodeCasesBody(): RawBuilder<unknown> {
  return sql`
    select c.id, c.reference, c.restricted,
           coalesce((select min(k.received_on) from contacts k where k.case_id = c.id and k.decided_pathway in ('child-in-need', 'child-protection')),
                    (c.opened_at at time zone 'Europe/London')::date) as referral_on,
           case when c.status = 'closed' then (c.closed_at at time zone 'Europe/London')::date end as closed_on
      from cases c
     where c.stage in ('assessment', 'child-in-need', 'child-protection')
        or exists (select 1 from contacts k where k.case_id = c.id and k.decided_pathway in ('child-in-need', 'child-protection'))
        or exists (select 1 from assessments a where a.case_id = c.id)
        or exists (select 1 from strategy_discussions s where s.case_id = c.id)
        or exists (select 1 from plans p where p.case_id = c.id)`;
}

export interface EpisodeRow {
  case_id: string;
  reference: string;
  restricted: boolean;
  child_id: string;
  referral_on: string;
  closed_on: string | null;
  source: string | null;
  abuse_reported: boolean;
}

export async function episodes(trx: Trx, from: string, to: string): Promise<EpisodeRow[]> {
  const result = await sql<EpisodeRow>`
    select e.id as case_id, e.reference, e.restricted, m.person_id as child_id, ${day('e.referral_on')} as referral_on, ${day('e.closed_on')} as closed_on,
           (select k.source from contacts k where k.case_id = e.id order by (k.decided_pathway in ('child-in-need', 'child-protection')) desc nulls last, k.received_at limit 1) as source,
           exists (select 1 from contacts k where k.case_id = e.id and cardinality(k.abuse_types) > 0) as abuse_reported
      from ${inSpan(from, to)} e
      join case_members m on m.case_id = e.id and m.role = 'child'
     order by m.person_id, e.referral_on, e.id`.execute(trx);
  return result.rows;
}

export interface ChildRow {
  id: string;
  date_of_birth: string | null;
  sex: string | null;
  ethnicity: string | null;
  disability: string | null;
  upns: string[];
  cp_plan_starts: string[];
}

/** The children of those episodes: what the census says about each, their UPNs and every CP plan they have been on. */
export async function children(trx: Trx, from: string, to: string): Promise<ChildRow[]> {
  const result = await sql<ChildRow>`
    with kids as (select distinct m.person_id from ${inSpan(from, to)} e join case_members m on m.case_id = e.id and m.role = 'child')
    select p.id, ${day('p.date_of_birth')} as date_of_birth, p.sex, p.ethnicity, p.disability,
           coalesce((select array_agg(i.identifier order by i.identifier) from person_identifiers i where i.person_id = p.id and i.agency ~* '(\\mupn\\M|unique pupil)'), '{}') as upns,
           coalesce((select array_agg(to_char(pl.started_on, 'YYYY-MM-DD') order by pl.started_on) from plan_children pc join plans pl on pl.id = pc.plan_id
                      where pc.child_id = p.id and pl.kind = 'child-protection'), '{}') as cp_plan_starts
      from kids join people p on p.id = kids.person_id`.execute(trx);
  return result.rows;
}

export interface AssessmentRow {
  id: string;
  case_id: string;
  started_on: string;
  authorised_on: string | null;
  factors: string[];
  recommendation: string | null;
}

export async function assessments(trx: Trx, from: string, to: string): Promise<AssessmentRow[]> {
  const result = await sql<AssessmentRow>`
    select a.id, a.case_id, ${day('a.started_on')} as started_on, ${day('a.authorised_on')} as authorised_on, a.factors, a.recommendation
      from assessments a where a.case_id in (select id from ${inSpan(from, to)} e) order by a.started_on, a.id`.execute(trx);
  return result.rows;
}

export interface EnquiryRow {
  id: string;
  case_id: string;
  child_id: string;
  started_on: string;
  strategy_discussion_on: string;
  outcome: string | null;
}

export async function enquiries(trx: Trx, from: string, to: string): Promise<EnquiryRow[]> {
  const result = await sql<EnquiryRow>`
    select s.id, s.case_id, s.child_id, ${day('s.started_on')} as started_on, ${day('d.held_on')} as strategy_discussion_on, s.outcome
      from section_47_enquiries s join strategy_discussions d on d.id = s.strategy_discussion_id
     where s.case_id in (select id from ${inSpan(from, to)} e) order by s.started_on, s.id`.execute(trx);
  return result.rows;
}

export interface ConferenceRow {
  id: string;
  case_id: string;
  held_on: string;
}

export async function initialConferences(trx: Trx, from: string, to: string): Promise<ConferenceRow[]> {
  const result = await sql<ConferenceRow>`
    select c.id, c.case_id, ${day('c.held_on')} as held_on from conferences c
     where c.kind = 'initial' and c.case_id in (select id from ${inSpan(from, to)} e) order by c.held_on, c.id`.execute(trx);
  return result.rows;
}

export interface PlanRow {
  id: string;
  case_id: string;
  child_id: string;
  kind: 'child-in-need' | 'child-protection';
  started_on: string;
  ended_on: string | null;
  initial_category: string | null;
  latest_category: string | null;
  review_dates: string[];
}

/** Each child on each plan, with the plan's reviews: review conferences and reviews recorded as one. */
export async function plans(trx: Trx, from: string, to: string): Promise<PlanRow[]> {
  const result = await sql<PlanRow>`
    select p.id, p.case_id, pc.child_id, p.kind, ${day('p.started_on')} as started_on, ${day('p.ended_on')} as ended_on, pc.initial_category, pc.latest_category,
           coalesce((select array_agg(distinct r.d) from (
               select to_char(r.held_on, 'YYYY-MM-DD') as d from plan_reviews r where r.plan_id = p.id and r.kind = 'review-conference'
               union select to_char(c.held_on, 'YYYY-MM-DD') from conferences c where c.plan_id = p.id and c.kind = 'review') r), '{}') as review_dates
      from plans p join plan_children pc on pc.plan_id = p.id
     where p.case_id in (select id from ${inSpan(from, to)} e) order by p.started_on, p.id`.execute(trx);
  return result.rows;
}

export interface PlanStartRow {
  plan_id: string;
  case_id: string;
  child_id: string;
  started_on: string;
}

/** Every child protection plan start of every child (for the repeat-plan audit). */
export async function cpPlanStarts(trx: Trx): Promise<PlanStartRow[]> {
  const result = await sql<PlanStartRow>`
    select p.id as plan_id, p.case_id, pc.child_id, ${day('p.started_on')} as started_on
      from plans p join plan_children pc on pc.plan_id = p.id where p.kind = 'child-protection'`.execute(trx);
  return result.rows;
}

export interface FactorsRow {
  case_id: string;
  on: string;
  factors: string[];
}

/** The factors of every assessment on a case with a child protection plan, and the day they were confirmed. */
export async function assessmentFactors(trx: Trx): Promise<FactorsRow[]> {
  const result = await sql<FactorsRow>`
    select a.case_id, to_char(coalesce(a.authorised_on, a.started_on), 'YYYY-MM-DD') as on, a.factors
      from assessments a where exists (select 1 from plans p where p.case_id = a.case_id and p.kind = 'child-protection')`.execute(trx);
  return result.rows;
}
