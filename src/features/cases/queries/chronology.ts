import { sql, type RawBuilder } from 'kysely';
import type { Trx } from '../../../platform/db/database.js';

/**
 * One chronology for a case, read from each feature's own records as they are (nothing is copied): the
 * case's events and notes, notifications about its people, risk checklists, Marac referrals and meeting
 * outcomes, strategy discussions, section 47 enquiries, conferences, plans and their reviews, visits and
 * missed appointments by any agency, assessments and information requests, red flags, escalations
 * raised and discussed, protective orders made, varied and ended, and their breaches, and documents made and sent. A row carries no free text
 * from another agency (a notification's summary, a return's answer): it says what happened, who, which
 * agency and where to read more, and the page that opens it makes its own access decision.
 */

export const CHRONOLOGY_KINDS = [
  'case',
  'note',
  'notification',
  'decision',
  'checklist',
  'marac',
  'assessment',
  'information-request',
  'strategy-discussion',
  'section-47',
  'conference',
  'plan',
  'review',
  'visit',
  'missed',
  'red-flag',
  'escalation',
  'order',
  'document',
] as const;
export type ChronologyKind = (typeof CHRONOLOGY_KINDS)[number];

export interface ChronologyFilter {
  kind?: ChronologyKind;
  personId?: string;
  agency?: string;
}

export interface ChronologyRow {
  at: Date;
  /** The event is a day, not a moment (a conference held on a date). */
  dateOnly: boolean;
  kind: ChronologyKind;
  /** What happened, by its code: the page says it in words. */
  what: string;
  personId: string | null;
  agency: string;
  significant: boolean;
  /** For a case event, its type and data; for others, the facts named by `what`. */
  data: Record<string, unknown>;
  /** The record to open: a contact, a checklist, a Marac referral. */
  linkId: string | null;
}

const CHILDRENS_SERVICES = sql.lit('Children’s services');

/** Every source as one relation: at, date_only, kind, what, person_id, agency, significant, data, link_id. */
function allRows(caseId: string): RawBuilder<unknown> {
  return sql`
    with members as (select person_id from case_members where case_id = ${caseId})
    select e.at, false as date_only, case when e.type in ('note-added', 'note-amended') then 'note' when e.type = 'threshold-decision' then 'decision' else 'case' end as kind,
      e.type as what, null::uuid as person_id, ${CHILDRENS_SERVICES} as agency,
      e.type in ('threshold-decision', 'opened', 'closed', 'incident-reported', 'stage-changed') as significant,
      e.data || jsonb_build_object('byUser', e.by_user) as data, null::text as link_id
      from case_events e where e.case_id = ${caseId}
    union all
    select c.received_at, false, 'notification', 'received', cp.person_id, c.source, false,
      jsonb_build_object('reference', c.reference, 'source', c.source), c.id::text
      from contacts c join contact_people cp on cp.contact_id = c.id
      where cp.person_id in (select person_id from members)
    union all
    select r.completed_at, false, 'checklist', 'completed', r.person_id, coalesce(r.agency, ${CHILDRENS_SERVICES}), r.band = 'high',
      jsonb_build_object('band', r.band, 'score', r.score, 'instrument', r.instrument_id), r.id::text
      from risk_assessments r where r.person_id in (select person_id from members)
    union all
    select r.created_at, false, 'marac', 'referred', r.person_id, coalesce(r.referring_agency, ${CHILDRENS_SERVICES}), true,
      jsonb_build_object('referredOn', r.referred_on), r.id::text
      from marac_referrals r where r.person_id in (select person_id from members)
    union all
    select m.held_at, false, 'marac', 'meeting', r.person_id, 'Marac', false,
      jsonb_build_object('outcome', mc.outcome), r.id::text
      from marac_meeting_cases mc join marac_meetings m on m.id = mc.meeting_id join marac_referrals r on r.id = mc.referral_id
      where r.person_id in (select person_id from members) and m.status = 'scheduled' and mc.outcome is not null
    union all
    select ((a.started_on + time '12:00') at time zone 'UTC'), true, 'assessment', 'started', null, ${CHILDRENS_SERVICES}, false, jsonb_build_object('dueOn', a.due_on), a.id::text
      from assessments a where a.case_id = ${caseId}
    union all
    select ((a.authorised_on + time '12:00') at time zone 'UTC'), true, 'assessment', 'authorised', null, ${CHILDRENS_SERVICES}, true, jsonb_build_object('recommendation', a.recommendation), a.id::text
      from assessments a where a.case_id = ${caseId} and a.authorised_on is not null
    union all
    select ((i.asked_on + time '12:00') at time zone 'UTC'), true, 'information-request', 'asked', null, i.source, false, jsonb_build_object('source', i.source, 'dueOn', i.due_on), i.id::text
      from information_requests i where i.case_id = ${caseId}
    union all
    select coalesce(((i.returned_on + time '12:00') at time zone 'UTC'), i.returned_at), i.returned_on is not null, 'information-request', 'returned', null, i.source, false, jsonb_build_object('source', i.source), i.id::text
      from information_requests i where i.case_id = ${caseId} and i.returned_at is not null
    union all
    select ((s.held_on + time '12:00') at time zone 'UTC'), true, 'strategy-discussion', 'held', null, ${CHILDRENS_SERVICES}, true, jsonb_build_object('decision', s.decision), s.id::text
      from strategy_discussions s where s.case_id = ${caseId}
    union all
    select ((e.started_on + time '12:00') at time zone 'UTC'), true, 'section-47', 'started', e.child_id, ${CHILDRENS_SERVICES}, false, '{}'::jsonb, e.id::text
      from section_47_enquiries e where e.case_id = ${caseId}
    union all
    select ((e.outcome_on + time '12:00') at time zone 'UTC'), true, 'section-47', 'outcome', e.child_id, ${CHILDRENS_SERVICES}, false, jsonb_build_object('outcome', e.outcome), e.id::text
      from section_47_enquiries e where e.case_id = ${caseId} and e.outcome is not null
    union all
    select ((c.held_on + time '12:00') at time zone 'UTC'), true, 'conference', c.kind, null, ${CHILDRENS_SERVICES}, true, jsonb_build_object('decision', c.decision, 'category', c.category, 'split', c.split), c.id::text
      from conferences c where c.case_id = ${caseId}
    union all
    select ((p.started_on + time '12:00') at time zone 'UTC'), true, 'plan', 'started', null, ${CHILDRENS_SERVICES}, true, jsonb_build_object('planKind', p.kind), p.id::text
      from plans p where p.case_id = ${caseId}
    union all
    select ((p.ended_on + time '12:00') at time zone 'UTC'), true, 'plan', 'ended', null, ${CHILDRENS_SERVICES}, true, jsonb_build_object('planKind', p.kind, 'reason', p.end_reason), p.id::text
      from plans p where p.case_id = ${caseId} and p.ended_on is not null
    union all
    select ((r.held_on + time '12:00') at time zone 'UTC'), true, 'review', r.kind, null, ${CHILDRENS_SERVICES}, false, jsonb_build_object('progress', r.progress), r.id::text
      from plan_reviews r join plans p on p.id = r.plan_id where p.case_id = ${caseId} and r.kind <> 'review-conference'
    union all
    select ((v.happened_on + time '12:00') at time zone 'UTC'), true, case when v.kind = 'visit' then 'visit' else 'missed' end, v.kind, v.child_id, v.agency, v.kind <> 'visit',
      jsonb_build_object('seen', v.seen, 'seenAlone', v.seen_alone), v.id::text
      from visits v where v.case_id = ${caseId}
    union all
    select ((f.noticed_on + time '12:00') at time zone 'UTC'), true, 'red-flag', f.flag, null, ${CHILDRENS_SERVICES}, true, jsonb_build_object('flag', f.flag), f.id::text
      from red_flags f where f.case_id = ${caseId}
    union all
    select x.raised_at, false, 'escalation', 'raised', null, ${CHILDRENS_SERVICES}, true,
      jsonb_build_object('reason', x.reason, 'flag', x.flag, 'count', cardinality(x.counted)), x.id::text
      from escalations x where x.case_id = ${caseId}
    union all
    select x.closed_at, false, 'escalation', 'discussed', null, ${CHILDRENS_SERVICES}, false,
      jsonb_build_object('reason', x.reason, 'flag', x.flag, 'count', cardinality(x.counted), 'decision', x.decision, 'decidedBy', x.decided_by, 'decidedOn', x.decided_on), x.id::text
      from escalations x where x.case_id = ${caseId} and x.closed_at is not null
    union all
    select coalesce(o.given_at, (o.starts_on + time '12:00') at time zone 'UTC'), o.given_at is null, 'order', 'made', o.bound_person_id, o.made_by, true,
      jsonb_build_object('orderKind', o.kind, 'expiresOn', o.expires_on, 'hearingDeadline', o.hearing_deadline), o.id::text
      from protective_orders o where o.case_id = ${caseId}
    union all
    select ((v.varied_on + time '12:00') at time zone 'UTC'), true, 'order', 'varied', o.bound_person_id, o.made_by, false,
      jsonb_build_object('orderKind', o.kind, 'expiresOn', v.expires_on), o.id::text
      from protective_order_versions v join protective_orders o on o.id = v.order_id where o.case_id = ${caseId} and v.version > 1
    union all
    select ((o.ended_on + time '12:00') at time zone 'UTC'), true, 'order', 'ended', o.bound_person_id, o.made_by, true,
      jsonb_build_object('orderKind', o.kind, 'reason', o.end_reason), o.id::text
      from protective_orders o where o.case_id = ${caseId} and o.ended_on is not null
    union all
    select b.occurred_at, false, 'order', 'breached', o.bound_person_id, c.source, true,
      jsonb_build_object('orderKind', o.kind, 'contactId', b.contact_id), o.id::text
      from protective_order_breaches b join protective_orders o on o.id = b.order_id join contacts c on c.id = b.contact_id where o.case_id = ${caseId}
    union all
    select d.made_at, false, 'document', 'made', d.recipient_person_id, ${CHILDRENS_SERVICES}, false,
      jsonb_build_object('title', d.title, 'correction', d.corrects_id is not null), d.id::text
      from document_copies d where d.case_id = ${caseId}
    union all
    select ((s.disclosed_on + time '12:00') at time zone 'UTC'), true, 'document', 'sent', d.recipient_person_id, ${CHILDRENS_SERVICES}, true,
      jsonb_build_object('title', d.title, 'method', s.method, 'recipient', s.recipient), d.id::text
      from document_disclosures s join document_copies d on d.id = s.document_id where d.case_id = ${caseId}
  `;
}

const COLUMNS = sql.raw('(at, date_only, kind, what, person_id, agency, significant, data, link_id)');

interface PageRow {
  total: string;
  agencies: string[];
  at: Date | string | null;
  date_only: boolean;
  kind: ChronologyKind;
  what: string;
  person_id: string | null;
  agency: string;
  significant: boolean;
  data: Record<string, unknown>;
  link_id: string | null;
}

/**
 * A page of the case's chronology, newest first, with how many events match the filter and the agencies
 * that appear on the whole chronology (for the filter), in one pass: every source is read once into
 * `r`, filtered once into `f`, and the count, the agencies and the page are taken from those. Always one
 * row at least (the count and agencies), with the event's columns null when the page is empty.
 */
export async function chronologyPage(trx: Trx, caseId: string, f: ChronologyFilter, limit: number, offset: number): Promise<{ rows: ChronologyRow[]; total: number; agencies: string[] }> {
  const result = await sql<PageRow>`
    with r as materialized (select * from (${allRows(caseId)}) as rows ${COLUMNS} where at is not null),
         f as materialized (
           select * from r where true
             ${f.kind ? sql`and kind = ${f.kind}` : sql``}
             ${f.personId ? sql`and person_id = ${f.personId}` : sql``}
             ${f.agency ? sql`and lower(agency) = lower(${f.agency})` : sql``})
    select m.total, m.agencies, p.*
      from (select (select count(*) from f)::text as total, (select coalesce(array_agg(distinct agency order by agency), '{}') from r) as agencies) as m
      left join lateral (select * from f order by at desc, kind limit ${limit} offset ${offset}) as p on true`.execute(trx);
  const first = result.rows[0];
  return {
    rows: result.rows
      .filter((r): r is PageRow & { at: Date | string } => r.at !== null)
      .map((r) => ({ at: new Date(r.at), dateOnly: r.date_only, kind: r.kind, what: r.what, personId: r.person_id, agency: r.agency, significant: r.significant, data: r.data, linkId: r.link_id })),
    total: Number(first?.total ?? 0),
    agencies: first?.agencies ?? [],
  };
}
