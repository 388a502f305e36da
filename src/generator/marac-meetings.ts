import { sql } from 'kysely';
import { londonInstant } from '../domain/calendar/london-time.js';
import { addDays, compareDates, dayOfWeek, type PlainDate } from '../domain/calendar/plain-date.js';
import { defaultCalendar } from '../domain/calendar/working-days.js';
import { STARTING_OFFERS, type AgencySector } from '../domain/marac/agencies.js';
import { meetingDeadlines } from '../domain/marac/meetings.js';
import type { Trx } from '../platform/db/database.js';

/**
 * The Marac around the generated referrals, made after the families in the same transaction, in a few
 * set-based statements so that it scales with them: the tenant's partner agencies and a panel (once),
 * fortnightly meetings on Tuesdays over the referrals' span and four weeks beyond, each referral waiting
 * for a meeting put on the first after it (repeats and the highest risk first), and for each meeting
 * held: the agenda circulated, attendance, the case heard with its risks, two actions (one aimed at the
 * person causing harm; some done, some overdue), the agencies' research, a repeat's earlier plan
 * reviewed, and the minutes approved. Meetings still to come within a week have their agenda out.
 */

const AGENCIES: readonly [string, AgencySector][] = [
  ['Generated Police', 'police'],
  ['Generated IDVA Service', 'idva'],
  ['Generated Children’s Services', 'childrens-services'],
  ['Generated Adult Social Care', 'adult-social-care'],
  ['Generated Hospital Trust', 'health-acute'],
  ['Generated GP Practices', 'health-gp'],
  ['Generated Health Visiting', 'health-visiting'],
  ['Generated Mental Health Trust', 'mental-health'],
  ['Generated Recovery Service', 'substance-misuse'],
  ['Generated Homes', 'housing'],
  ['Generated Schools', 'education'],
  ['Generated Probation', 'probation'],
  ['Generated Women’s Aid', 'voluntary-da'],
  ['Generated Fire and Rescue', 'other'],
  ['Generated Youth Justice', 'other'],
];
const PANEL = 'Generated Marac';

export interface MaracCounts {
  meetings: number;
  cases: number;
  actions: number;
}

/** The Tuesdays, a fortnight apart, from the first on or after `from` to `until`, each moved off a bank holiday. */
function tuesdays(from: PlainDate, until: PlainDate): PlainDate[] {
  let day = addDays(from, (2 - dayOfWeek(from) + 7) % 7);
  const days: PlainDate[] = [];
  while (compareDates(day, until) <= 0) {
    days.push(defaultCalendar.isWorkingDay(day) ? day : defaultCalendar.addWorkingDays(day, 1));
    day = addDays(day, 14);
  }
  return days;
}

export async function generateMaracMeetings(trx: Trx, tenantId: string, today: PlainDate, recorder: string): Promise<MaracCounts> {
  // The agencies and the panel, the first time.
  let panel = await trx.selectFrom('marac_panels').select('id').where('tenant_id', '=', tenantId).where('name', '=', PANEL).executeTakeFirst();
  if (!panel) {
    const agencies = await trx
      .insertInto('partner_agencies')
      .values(AGENCIES.map(([name, sector]) => ({ tenant_id: tenantId, name, sector, offers: [...STARTING_OFFERS[sector]] })))
      .returning('id')
      .execute();
    panel = await trx.insertInto('marac_panels').values({ tenant_id: tenantId, name: PANEL }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('marac_panel_agencies').values(agencies.map((a) => ({ tenant_id: tenantId, panel_id: panel!.id, agency_id: a.id }))).execute();
  }
  const panelId = panel.id;
  const span = await trx
    .selectFrom('marac_referrals')
    .select((eb) => [eb.fn.min('referred_on').as('first'), eb.fn.count<string>('id').as('n')])
    .where('tenant_id', '=', tenantId)
    .where('decision', 'is', null)
    .executeTakeFirstOrThrow();
  if (!span.first || Number(span.n) === 0) return { meetings: 0, cases: 0, actions: 0 };

  // The meetings not yet there.
  const existing = new Set((await trx.selectFrom('marac_meetings').select('held_at').where('panel_id', '=', panelId).execute()).map((m) => m.held_at.toISOString()));
  const rows = tuesdays(addDays(span.first as PlainDate, 1), addDays(today, 28))
    .map((day) => ({ day, heldAt: londonInstant(day, { hours: 10, minutes: 0 }) }))
    .filter((m) => !existing.has(m.heldAt.toISOString()))
    .map(({ day, heldAt }) => {
      const d = meetingDeadlines(day, { circulateDays: 5, researchDays: 2 }, defaultCalendar);
      const circulated = compareDates(d.circulateOn, today) <= 0 ? londonInstant(d.circulateOn, { hours: 9, minutes: 0 }) : null;
      return { tenant_id: tenantId, panel_id: panelId, held_at: heldAt, venue: 'Generated Civic Centre', chair: 'Generated Chair', circulate_on: d.circulateOn, research_due_on: d.researchDueOn, circulated_at: circulated, circulated_by: circulated ? recorder : null, created_by: recorder };
    });
  for (let i = 0; i < rows.length; i += 500) await trx.insertInto('marac_meetings').values(rows.slice(i, i + 500)).execute();

  // Each waiting referral onto the first meeting at least a day after it, repeats and the highest risk first.
  const now = new Date();
  await sql`
    insert into marac_meeting_cases (tenant_id, meeting_id, referral_id, position, added_by, added_at)
    select ${tenantId}, m.id, r.id,
           row_number() over (partition by m.id order by r.repeat desc, coalesce(a.score, -1) desc, r.referred_on, r.id),
           ${recorder}, least(m.circulated_at, ${now}::timestamptz)
      from marac_referrals r
      left join risk_assessments a on a.id = r.risk_assessment_id
      cross join lateral (
        select id, circulated_at from marac_meetings
         where panel_id = ${panelId} and status = 'scheduled' and minutes_approved_at is null and held_at > (r.referred_on + 1)::timestamptz
         order by held_at limit 1) m
     where r.tenant_id = ${tenantId} and r.decision is null`.execute(trx);
  await sql`
    update marac_referrals r set decision = 'accepted', decided_at = c.added_at, decided_by = ${recorder}
      from marac_meeting_cases c where c.referral_id = r.id and r.tenant_id = ${tenantId} and r.decision is null`.execute(trx);

  // The meetings held: attendance, the cases heard with their risks, the minutes approved.
  const held = sql`(select id, held_at from marac_meetings where panel_id = ${panelId} and held_at < ${now}::timestamptz and minutes_approved_at is null)`;
  await sql`
    insert into marac_attendance (tenant_id, meeting_id, agency_id, status, representative)
    select ${tenantId}, h.id, pa.agency_id,
           case when abs(hashtext(h.id::text || pa.agency_id::text)) % 10 = 0 then 'apologies' else 'present' end,
           case when abs(hashtext(h.id::text || pa.agency_id::text)) % 10 = 0 then null else 'Generated representative' end
      from ${held} h join marac_panel_agencies pa on pa.panel_id = ${panelId}`.execute(trx);
  await sql`
    update marac_meeting_cases c set outcome = 'heard',
           risk_codes = case abs(hashtext(c.id::text)) % 3 when 0 then array['threats-to-kill', 'strangulation'] when 1 then array['stalking', 'separation'] else array['coercive-control', 'children-harmed'] end,
           information_shared = 'Generated: the agencies shared what their records hold.'
      from ${held} h where c.meeting_id = h.id`.execute(trx);

  // Two actions a case heard: the victim's safety (police) and the person causing harm (probation). Old
  // actions are mostly done; a fifth of those past due are still open, so overdue.
  const agencyOf = async (name: string) => (await trx.selectFrom('partner_agencies').select('id').where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirstOrThrow()).id;
  const [police, probation] = [await agencyOf('Generated Police'), await agencyOf('Generated Probation')];
  const actions = await sql<{ n: string }>`
    with heard as (
      select c.id, c.risk_codes, h.held_at from marac_meeting_cases c join ${held} h on h.id = c.meeting_id),
    made as (
      insert into marac_actions (tenant_id, meeting_case_id, risks, aim, for_whom, agency_id, due_on, status, status_note, updated_at, created_by, created_at)
      select ${tenantId}, heard.id, array[heard.risk_codes[1]], x.aim, x.for_whom, x.agency_id,
             (heard.held_at at time zone 'Europe/London')::date + x.days,
             case when (heard.held_at at time zone 'Europe/London')::date + x.days >= ${today}::date then 'open'
                  when abs(hashtext(heard.id::text || x.for_whom)) % 5 = 0 then 'open' else 'done' end,
             case when (heard.held_at at time zone 'Europe/London')::date + x.days < ${today}::date and abs(hashtext(heard.id::text || x.for_whom)) % 5 <> 0 then 'Generated: done as agreed.' else null end,
             heard.held_at + interval '1 day', ${recorder}, heard.held_at
        from heard cross join (values
          ('Flag the address for an urgent response', 'victim', ${police}::uuid, 7),
          ('Review the conditions on the person causing harm and refer to a behaviour change programme', 'person-causing-harm', ${probation}::uuid, 28)) as x(aim, for_whom, agency_id, days)
      returning 1)
    select count(*)::text as n from made`.execute(trx);

  // A repeat heard: each action of the previous referral's plan reviewed.
  await sql`
    insert into marac_action_reviews (tenant_id, meeting_case_id, action_id, verdict, reviewed_by, reviewed_at)
    select ${tenantId}, c.id, a.id,
           case when a.status = 'done' then (array['worked', 'partly'])[1 + abs(hashtext(a.id::text)) % 2] else 'not-done' end,
           ${recorder}, h.held_at
      from marac_meeting_cases c
      join ${held} h on h.id = c.meeting_id
      join marac_referrals r on r.id = c.referral_id and r.previous_referral_id is not null
      join marac_meeting_cases pc on pc.referral_id = r.previous_referral_id
      join marac_actions a on a.meeting_case_id = pc.id
    on conflict do nothing`.execute(trx);

  // The police's and the IDVA service's research on every case of every meeting whose agenda went out.
  await sql`
    insert into marac_research (tenant_id, meeting_case_id, agency_id, offers, returned_at, returned_by)
    select ${tenantId}, c.id, g.id, array[g.offers[1]], m.circulated_at + interval '1 day', ${recorder}
      from marac_meeting_cases c
      join marac_meetings m on m.id = c.meeting_id and m.circulated_at is not null and m.panel_id = ${panelId}
      join partner_agencies g on g.tenant_id = ${tenantId} and g.name in ('Generated Police', 'Generated IDVA Service')
    on conflict do nothing`.execute(trx);
  await sql`
    insert into marac_research_findings (tenant_id, research_id, person_id, known, involvement)
    select ${tenantId}, x.id, r.person_id, true, 'Generated: known to the agency.'
      from marac_research x
      join marac_meeting_cases c on c.id = x.meeting_case_id
      join marac_referrals r on r.id = c.referral_id
     where x.tenant_id = ${tenantId}
    on conflict do nothing`.execute(trx);

  await sql`
    update marac_meetings m set confidentiality_read_at = m.held_at, confidentiality_read_by = ${recorder}, minutes_approved_at = least(m.held_at + interval '2 days', ${now}::timestamptz), minutes_approved_by = ${recorder}
      from ${held} h where m.id = h.id`.execute(trx);
  const cases = await trx.selectFrom('marac_meeting_cases').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
  return { meetings: rows.length, cases: Number(cases.n), actions: Number(actions.rows[0]?.n ?? 0) };
}
