import { sql } from 'kysely';
import type { PlainDate } from '../domain/calendar/plain-date.js';
import type { Trx } from '../platform/db/database.js';

/**
 * The social work case around the generated cases whose threshold decision was child in need or child
 * protection, made after the families in a few set-based statements so that it scales with them:
 * an assessment (factors mostly 3A, 3B or 3C, with others beside), and for child protection a strategy
 * discussion, a section 47 enquiry per child, the initial conference, the plan with each child's
 * category, core groups and review conferences; a child in need plan otherwise; visits. Some plans end
 * and are followed by a second plan (a repeat). A few records break census rules on purpose, so the
 * census problems page has something to find:
 * - 8670Q: about one case in 31 has its assessment still open, never authorised;
 * - 8869: about one in 37 records factor 21 (no factors) beside 3B;
 * - 8675Q: about one child protection case in 13 has its enquiry with no conference and no outcome;
 * - WA1: about one child protection case in 17 has no review conference on its plans;
 * and each for certain in a few cases referred 200 to 420 days before the day generated to, so that the
 * last full census year holds every kind.
 */

export interface CaseworkCounts {
  assessments: number;
  childProtectionPlans: number;
  childInNeedPlans: number;
}

export async function generateCasework(trx: Trx, tenantId: string, today: PlainDate, recorder: string): Promise<CaseworkCounts> {
  const day = sql`${today}::date`;
  // The cases that came to children's social care and have no assessment yet: at assessment, child in
  // need or child protection now, or stepped up to one of them before. The referral is the first contact
  // decided for children's social care on the case, or the case's opening (as the census reads it).
  // The breaches are planted by a hash of the case's id, and for certain in the first cases (by id) of
  // those referred 200 to 420 days ago, so that the last full census year always holds some.
  await sql`drop table if exists generated_casework`.execute(trx);
  await sql`
    create temp table generated_casework on commit drop as
    with c as (
      select c.id,
             coalesce((select min(k.received_on) from contacts k where k.case_id = c.id and k.decided_pathway in ('child-in-need', 'child-protection')),
                      (c.opened_at at time zone 'Europe/London')::date) as referral_on,
             c.stage = 'child-protection' or exists (select 1 from case_events e where e.case_id = c.id and e.type = 'stage-changed' and e.data->>'stage' = 'child-protection') as cp,
             abs(hashtext(c.id::text)) as h
        from cases c
       where c.tenant_id = ${tenantId}
         and (c.stage in ('assessment', 'child-in-need', 'child-protection')
              or exists (select 1 from case_events e where e.case_id = c.id and e.type in ('opened', 'stage-changed') and e.data->>'stage' in ('assessment', 'child-in-need', 'child-protection')))
         and not exists (select 1 from assessments a where a.case_id = c.id)),
    ranked as (
      select c.*, c.referral_on between ${day} - 420 and ${day} - 200 as recent,
             row_number() over (partition by c.referral_on between ${day} - 420 and ${day} - 200 order by c.id) as rn,
             row_number() over (partition by c.referral_on between ${day} - 420 and ${day} - 200, c.cp order by c.id) as rn_cp
        from c)
    select id, referral_on, cp, h,
           (recent and rn % 4 = 1) or h % 31 = 0 as open_assessment,
           (recent and rn % 4 = 2) or h % 37 = 0 as factor_21,
           cp and ((recent and rn_cp % 4 = 1) or h % 13 = 0) as no_conference,
           cp and ((recent and rn_cp % 4 = 2) or h % 17 = 0) as no_review,
           referral_on + 21 + h % 20 as authorised_on
      from ranked`.execute(trx);
  // Every later step joins to it by case: with a key and its statistics the planner looks each case up
  // rather than scanning the table once per plan (at 1,000,000 people that scan took many minutes).
  await sql`alter table generated_casework add primary key (id)`.execute(trx);
  await sql`analyze generated_casework`.execute(trx);

  const assessed = await sql<{ n: string }>`
    with made as (
      insert into assessments (tenant_id, case_id, referral_date, started_on, due_on, status, recommendation, factors, authorised_at, authorised_on, authorised_by, created_by)
      select ${tenantId}, c.id, c.referral_on, c.referral_on + 1, c.referral_on + 63,
             case when c.open_assessment or c.authorised_on > ${day} then 'in-progress' else 'authorised' end,
             case when c.open_assessment or c.authorised_on > ${day} then null when c.cp then 'strategy-discussion' else 'child-in-need-plan' end,
             case when c.open_assessment or c.authorised_on > ${day} then '{}'::text[]
                  when c.factor_21 then array['21', '3B']
                  else (case c.h % 10 when 0 then array['3B'] when 1 then array['3B', '4B'] when 2 then array['3A', '3B'] when 3 then array['3C'] when 4 then array['3B', '1B']
                                         when 5 then array['3B', '2B'] when 6 then array['3A'] when 7 then array['3B', '17A'] when 8 then array['4B', '6A'] else array['3B'] end)
             end,
             case when c.open_assessment or c.authorised_on > ${day} then null else c.authorised_on::timestamptz end,
             case when c.open_assessment or c.authorised_on > ${day} then null else c.authorised_on end,
             case when c.open_assessment or c.authorised_on > ${day} then null else ${recorder}::uuid end,
             ${recorder}
        from generated_casework c
      returning 1)
    select count(*)::text as n from made`.execute(trx);

  // Child protection: the strategy discussion the day after the referral, an enquiry per child.
  await sql`
    insert into strategy_discussions (tenant_id, case_id, held_on, attendees, decision, reasons, recorded_by)
    select ${tenantId}, c.id, c.referral_on + 1, '[{"agency":"police","name":"Generated officer"},{"agency":"health","name":"Generated nurse"}]'::jsonb,
           'section-47', 'Generated: reasonable cause to suspect significant harm.', ${recorder}
      from generated_casework c where c.cp and c.referral_on + 1 <= ${day}`.execute(trx);
  await sql`
    insert into section_47_enquiries (tenant_id, case_id, child_id, strategy_discussion_id, started_on, outcome, outcome_on, recorded_by)
    select ${tenantId}, d.case_id, m.person_id, d.id, d.held_on,
           case when g.no_conference or d.held_on + 14 > ${day} then null else 'conference' end,
           case when g.no_conference or d.held_on + 14 > ${day} then null else d.held_on + 14 end, ${recorder}
      from strategy_discussions d join generated_casework g on g.id = d.case_id join case_members m on m.case_id = d.case_id and m.role = 'child'
     where d.tenant_id = ${tenantId} and not exists (select 1 from section_47_enquiries s where s.strategy_discussion_id = d.id)`.execute(trx);

  // The initial conference where the enquiry asked for one: a plan, its category by the case.
  const category = sql`(array['emotional', 'emotional', 'neglect', 'physical', 'multiple'])[1 + abs(hashtext(e.case_id::text)) % 5]`;
  await sql`
    insert into conferences (tenant_id, case_id, kind, held_on, decision, category, chair, reasons, recorded_by)
    select distinct on (e.case_id) ${tenantId}, e.case_id, 'initial', e.outcome_on, 'plan', ${category}, 'Generated chair', 'Generated: the children are likely to suffer significant harm.', ${recorder}
      from section_47_enquiries e
     where e.tenant_id = ${tenantId} and e.outcome = 'conference' and not exists (select 1 from conferences c where c.case_id = e.case_id)
     order by e.case_id, e.outcome_on`.execute(trx);

  // The plans: child protection from the conference; child in need from the authorised assessment. One
  // child protection plan in six ends after 150 days and a second starts 90 days later (a repeat).
  const cpPlans = await sql<{ n: string }>`
    with made as (
      insert into plans (tenant_id, case_id, kind, started_on, ended_on, end_reason, outcomes, created_by)
      select ${tenantId}, c.case_id, 'child-protection', c.held_on,
             case when abs(hashtext(c.case_id::text)) % 6 = 0 and c.held_on + 150 <= ${day} then c.held_on + 150 end,
             case when abs(hashtext(c.case_id::text)) % 6 = 0 and c.held_on + 150 <= ${day} then 'Generated: the risk reduced.' end,
             array['The children are safe at home and free from abuse'], ${recorder}
        from conferences c where c.tenant_id = ${tenantId} and c.kind = 'initial' and c.plan_id is null
      returning id, case_id, started_on)
    select count(*)::text as n from made`.execute(trx);
  const repeats = await sql<{ n: string }>`
    with made as (
      insert into plans (tenant_id, case_id, kind, started_on, outcomes, created_by)
      select ${tenantId}, p.case_id, 'child-protection', p.ended_on + 90, array['The children are safe at home and free from abuse'], ${recorder}
        from plans p
       where p.tenant_id = ${tenantId} and p.kind = 'child-protection' and p.ended_on is not null and p.ended_on + 90 <= ${day}
         and not exists (select 1 from plans q where q.case_id = p.case_id and q.started_on > p.started_on)
      returning 1)
    select count(*)::text as n from made`.execute(trx);
  await sql`update conferences c set plan_id = p.id from plans p where c.tenant_id = ${tenantId} and c.kind = 'initial' and c.plan_id is null and p.case_id = c.case_id and p.started_on = c.held_on and p.kind = 'child-protection'`.execute(trx);
  const cinPlans = await sql<{ n: string }>`
    with made as (
      insert into plans (tenant_id, case_id, kind, started_on, ended_on, end_reason, outcomes, created_by)
      select ${tenantId}, a.case_id, 'child-in-need', a.authorised_on,
             case when a.authorised_on + 200 <= ${day} then a.authorised_on + 200 end,
             case when a.authorised_on + 200 <= ${day} then 'Generated: the plan’s outcomes are met.' end,
             array['The children feel safe and their needs are met'], ${recorder}
        from assessments a
       where a.tenant_id = ${tenantId} and a.status = 'authorised' and a.recommendation = 'child-in-need-plan'
         and not exists (select 1 from plans p where p.case_id = a.case_id)
      returning 1)
    select count(*)::text as n from made`.execute(trx);
  await sql`
    insert into plan_children (tenant_id, plan_id, child_id, initial_category, latest_category)
    select ${tenantId}, p.id, m.person_id,
           case when p.kind = 'child-protection' then (array['emotional', 'emotional', 'neglect', 'physical', 'multiple'])[1 + abs(hashtext(p.case_id::text)) % 5] end,
           case when p.kind = 'child-protection' then (array['emotional', 'emotional', 'neglect', 'physical', 'multiple'])[1 + abs(hashtext(p.case_id::text)) % 5] end
      from plans p join case_members m on m.case_id = p.case_id and m.role = 'child'
     where p.tenant_id = ${tenantId} and not exists (select 1 from plan_children pc where pc.plan_id = p.id)`.execute(trx);

  // Reviews: the first core group after a week, review conferences at 80 days and then every 170 (one
  // plan in 17 never reviewed); child in need reviews every 60 days. Only those held by today.
  // The plans held reviews before this run are read once, before the insert: checked row by row against
  // plan_reviews itself, each check re-read the rows this insert had already written (22 s at 50,000
  // families, growing with the square of the plans).
  await sql`
    with reviewed as materialized (select distinct plan_id from plan_reviews)
    insert into plan_reviews (tenant_id, plan_id, kind, held_on, progress, recorded_by)
    select ${tenantId}, p.id, x.kind, p.started_on + x.days, 'Generated: progress reviewed with the family and the agencies.', ${recorder}
      from plans p
      cross join lateral (values ('core-group', 7), ('review-conference', 80), ('review-conference', 250), ('review-conference', 420), ('cin-review', 60), ('cin-review', 120)) as x(kind, days)
     where p.tenant_id = ${tenantId}
       and not exists (select 1 from reviewed r where r.plan_id = p.id)
       and p.started_on + x.days <= least(coalesce(p.ended_on, ${day}), ${day})
       and ((p.kind = 'child-protection' and x.kind = 'core-group')
         or (p.kind = 'child-protection' and x.kind = 'review-conference' and not exists (select 1 from generated_casework g where g.id = p.case_id and g.no_review))
         or (p.kind = 'child-in-need' and x.kind = 'cin-review'))`.execute(trx);

  // Visits to each child on a plan: two, a week and three weeks in, seen (alone at the second).
  await sql`
    insert into visits (tenant_id, case_id, child_id, kind, happened_on, agency, seen, seen_alone, recorded_by)
    select ${tenantId}, p.case_id, pc.child_id, 'visit', p.started_on + x.days, 'Children’s services', true, x.alone, ${recorder}
      from plans p join plan_children pc on pc.plan_id = p.id
      cross join (values (5, false), (15, true)) as x(days, alone)
     where p.tenant_id = ${tenantId} and p.started_on + x.days <= ${day}
       and not exists (select 1 from visits v where v.case_id = p.case_id and v.child_id = pc.child_id and v.happened_on = p.started_on + x.days)`.execute(trx);

  return { assessments: Number(assessed.rows[0]?.n ?? 0), childProtectionPlans: Number(cpPlans.rows[0]?.n ?? 0) + Number(repeats.rows[0]?.n ?? 0), childInNeedPlans: Number(cinPlans.rows[0]?.n ?? 0) };
}
