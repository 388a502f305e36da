import type { FastifyReply, FastifyRequest } from 'fastify';
import { londonInstant, londonTimeOfDay } from '../../domain/calendar/london-time.js';
import { londonDate, type PlainDate } from '../../domain/calendar/plain-date.js';
import { monthGrid, otherMonth } from '../../domain/calendar/month-grid.js';
import { CADENCES, MAX_SERIES, type Cadence } from '../../domain/marac/meetings.js';
import { can } from '../../platform/access/policy.js';
import { formPage } from '../../platform/http/form-page.js';
import { formatDateTime, formatTime } from '../../platform/http/format.js';
import { dateBoxes, dateValues } from '../../platform/http/govuk-date.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import { idParam, notFound, userOf } from '../../platform/http/route-params.js';
import { CRITERION_LABELS } from '../risk/service.js';
import { ACTION_STATUS_LABELS } from '../../domain/marac/actions.js';
import { acceptForm, buttonForm, declineForm, MEETING_DATE, moveForm, reasonForm, scheduleForm } from './meeting-forms.js';
import type { MaracMeetingsService } from './meetings-service.js';
import { meetingInWords as meetingLabel } from './meeting-words.js';
import type { MaracService } from './service.js';
import { criterionInWords } from './referral-words.js';

const CADENCE_LABELS: Record<Cadence, { text: string; hint: string }> = {
  single: { text: 'One meeting', hint: 'On the date you give' },
  fortnightly: { text: 'Every two weeks', hint: 'From the date you give' },
  monthly: { text: 'Every month', hint: 'On the same week and weekday, like the second Tuesday' },
};

const MEETING_DONE: Record<string, string> = {
  scheduled: 'Meetings scheduled',
  moved: 'Meeting moved. The agenda and research dates have moved with it.',
  circulated: 'Agenda circulated. The member agencies’ representatives can now see its cases and return their research.',
  accepted: 'Referral put on this meeting’s agenda',
  'accepted-late': 'Referral put on this meeting’s agenda as a late addition: the agenda had already gone out',
  'accepted-over-cap': 'Referral put on this meeting’s agenda. The meeting is now over its number of cases: consider moving a case to the next meeting.',
};

const doneOf = (request: FastifyRequest) => (request.query as Record<string, unknown>).done;

export { meetingInWords as meetingLabel } from './meeting-words.js';

const meetingIdOf = (request: FastifyRequest) => idParam(request, 'meetingId');

/** The coordinator's decision on a referral, shown on the referral page: put it on a meeting, or decline it. */
type Referral = Awaited<ReturnType<MaracService['referral']>>;

async function decisionView(meetings: MaracMeetingsService, request: FastifyRequest, referral: Referral, values: Record<string, string | string[]>) {
  const facts = await meetings.decisionFacts(userOf(request), referral.id, referral.victim.id, referral.previous?.id ?? null);
  const chosen = typeof values.meetingId === 'string' && values.meetingId ? values.meetingId : facts.suggestedMeetingId;
  return {
    facts,
    meetingItems: facts.upcoming.map((m) => ({
      value: m.id,
      text: meetingLabel(m),
      hint: { text: `${m.cases} of ${m.meetingCap} cases${m.cases >= m.meetingCap ? ': full, you will be warned' : ''}${m.circulatedAt ? '. The agenda has gone out: this will be a late addition' : ''}${m.id === facts.suggestedMeetingId ? '. The next with room' : ''}` },
      checked: m.id === chosen,
    })),
    placedOn: facts.placed.map((p) => ({ meetingId: p.meeting_id, heldAt: p.held_at, status: p.status })),
    previousPlan: facts.previousPlan.map((a) => ({ ...a, statusLabel: ACTION_STATUS_LABELS[a.status] })),
  };
}

/**
 * The referral page: the referral as recorded, and for the coordinator what is needed to decide it (the
 * victim's other referrals and meetings, the meetings to come) with the forms to accept or decline it.
 */
export async function renderReferral(request: FastifyRequest, reply: FastifyReply, marac: MaracService, meetings: MaracMeetingsService, values: Record<string, string | string[]> = {}, extra: Record<string, unknown> = {}) {
  const id = idParam(request, 'referralId');
  if (!id) return notFound(reply);
  const result = await attempt(reply, () => marac.referral(userOf(request), id));
  if ('sent' in result) return result.sent;
  if (!result.ok) return notFound(reply);
  const r = result.value;
  const coordinator = can(userOf(request), 'marac:coordinate');
  const decision = coordinator ? await decisionView(meetings, request, r, values) : null;
  return reply.view('marac-referral.njk', { r, criteria: r.criteria.map(criterionInWords), decision, values, errors: { fields: {}, summary: [] }, ...extra });
}

export const REFERRAL_DONE: Record<string, string> = {
  referred: 'The referral has been sent to the Marac',
  declined: 'Referral declined. Where the victim was referred instead is recorded with it.',
};

export function maracMeetingRoutes(router: Router, marac: MaracService, meetings: MaracMeetingsService): void {
  router.page({
    method: 'GET',
    url: paths.marac.meetings,
    permission: 'marac:coordinate',
    pageName: 'marac-meetings',
    handler: async (request, reply) => {
      const when = (request.query as Record<string, unknown>).when === 'past' ? 'past' : 'upcoming';
      const result = await attempt(reply, () => meetings.list(userOf(request), when));
      if ('sent' in result) return result.sent;
      if (!result.ok) throw new Error('the meetings list reports no form errors');
      return reply.view('marac-meetings.njk', {
        when,
        meetings: result.value.meetings.map((m) => ({ ...m, label: meetingLabel(m) })),
        panels: result.value.panels,
        success: doneOf(request) === 'scheduled' ? MEETING_DONE.scheduled : doneOf(request) === 'cancelled' ? 'Meeting cancelled. Its cases are back with the referrals waiting for a meeting.' : undefined,
      });
    },
  });

  router.page({
    method: 'GET',
    url: paths.marac.meetingsCalendar,
    permission: 'marac:coordinate',
    pageName: 'marac-meetings-calendar',
    handler: async (request, reply) => {
      const asked = (request.query as Record<string, unknown>).month;
      const month = typeof asked === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : londonDate(new Date()).slice(0, 7);
      const weeks = monthGrid(month);
      const from = londonInstant(`${month}-01` as PlainDate, { hours: 0, minutes: 0 });
      const to = londonInstant(`${otherMonth(month, 1)}-01` as PlainDate, { hours: 0, minutes: 0 });
      const result = await attempt(reply, () => meetings.inMonth(userOf(request), from, to));
      if ('sent' in result) return result.sent;
      if (!result.ok) throw new Error('the calendar reports no form errors');
      const onDay = (day: PlainDate) => result.value.filter((m) => londonDate(m.heldAt) === day).map((m) => ({ ...m, time: formatTime(m.heldAt) }));
      return reply.view('marac-meetings-calendar.njk', {
        monthLabel: new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`)),
        weeks: weeks.map((w) => w.map((day) => (day ? { day, number: Number(day.slice(8, 10)), meetings: onDay(day) } : null))),
        previous: withQuery(paths.marac.meetingsCalendar, { month: otherMonth(month, -1) }),
        next: withQuery(paths.marac.meetingsCalendar, { month: otherMonth(month, 1) }),
      });
    },
  });

  formPage(router, {
    url: paths.marac.newMeetings,
    permission: 'marac:coordinate',
    pageName: 'marac-meetings-new',
    template: 'marac-meetings-new.njk',
    schema: scheduleForm,
    dateInputs: ['firstDay'],
    load: async (request) => ({ panels: await meetings.panels(userOf(request)) }),
    initial: ({ panels }) => ({ panelId: panels.length === 1 ? panels[0]!.id : '', time: '10:00', cadence: 'single', count: '' }),
    view: ({ panels }, _request, values) => ({
      panelItems: panels.map((p) => ({ value: p.id, text: p.name, checked: values.panelId === p.id })),
      cadenceItems: CADENCES.map((c) => ({ value: c, text: CADENCE_LABELS[c].text, hint: { text: CADENCE_LABELS[c].hint }, checked: values.cadence === c })),
      dayItems: dateBoxes(values, 'firstDay', MEETING_DATE),
      maxSeries: MAX_SERIES,
    }),
    submit: async (form, _l, request) => {
      await meetings.schedule(userOf(request), { ...form, count: form.cadence === 'single' ? 1 : form.count }, request.id);
      return { to: paths.marac.meetings, done: 'scheduled' };
    },
    fieldIds: { firstDay: 'firstDay-day', panelId: 'panelId', cadence: 'cadence' },
  });

  router.page({
    method: 'GET',
    url: paths.marac.meeting(),
    permission: 'marac:coordinate',
    pageName: 'marac-meeting',
    handler: async (request, reply) => {
      const id = meetingIdOf(request);
      if (!id) return notFound(reply);
      const result = await attempt(reply, () => meetings.meeting(userOf(request), id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return notFound(reply);
      const { meeting, panel, agenda } = result.value;
      const done = doneOf(request);
      return reply.view('marac-meeting.njk', {
        m: { ...meeting, label: meetingLabel(meeting) },
        panel,
        agenda: agenda.map((a) => ({ ...a, criteria: a.criteria.map((c) => CRITERION_LABELS[c.code]) })),
        overCap: meeting.cases > meeting.meetingCap,
        held: meeting.heldAt.getTime() <= Date.now(),
        success: typeof done === 'string' ? MEETING_DONE[done] : undefined,
        formatDateTime,
      });
    },
  });

  const loadMeeting = async (request: FastifyRequest) => {
    const id = meetingIdOf(request);
    return id ? (await meetings.meeting(userOf(request), id)).meeting : null;
  };

  formPage(router, {
    url: paths.marac.moveMeeting(),
    permission: 'marac:coordinate',
    pageName: 'marac-meeting-move',
    template: 'marac-meeting-move.njk',
    schema: moveForm,
    dateInputs: ['day'],
    load: loadMeeting,
    initial: (m) => ({ ...dateValues('day', londonDate(m.heldAt)), time: londonTimeOfDay(m.heldAt) }),
    view: (m, _request, values) => ({ m: { ...m, label: meetingLabel(m) }, dayItems: dateBoxes(values, 'day', { label: 'The new date', rules: MEETING_DATE.rules }) }),
    submit: async (form, m, request) => {
      await meetings.move(userOf(request), m.id, form, request.id);
      return { to: paths.marac.meeting(m.id), done: 'moved' };
    },
    fieldIds: { day: 'day-day' },
  });

  formPage(router, {
    url: paths.marac.cancelMeeting(),
    permission: 'marac:coordinate',
    pageName: 'marac-meeting-cancel',
    template: 'marac-meeting-cancel.njk',
    schema: reasonForm,
    load: loadMeeting,
    view: (m) => ({ m: { ...m, label: meetingLabel(m) } }),
    submit: async (form, m, request) => {
      await meetings.cancel(userOf(request), m.id, form.reason, request.id);
      return { to: withQuery(paths.marac.meetings, {}), done: 'cancelled' };
    },
  });

  formPage(router, {
    url: paths.marac.circulate(),
    postOnly: true,
    permission: 'marac:coordinate',
    pageName: 'marac-meeting-circulate',
    template: 'marac-meeting-refused.njk',
    schema: buttonForm,
    load: loadMeeting,
    view: (m) => ({ m: { ...m, label: meetingLabel(m) } }),
    submit: async (_form, m, request) => {
      await meetings.circulate(userOf(request), m.id, request.id);
      return { to: paths.marac.meeting(m.id), done: 'circulated' };
    },
  });

  // A decision form with a problem shows the referral page again, with what was typed.
  const referralFormView = async (r: Referral, request: FastifyRequest, values: Record<string, string | string[]>) => ({ r, criteria: r.criteria.map(criterionInWords), decision: await decisionView(meetings, request, r, values) });
  const loadReferral = async (request: FastifyRequest) => {
    const id = idParam(request, 'referralId');
    return id ? await marac.referral(userOf(request), id) : null;
  };

  formPage(router, {
    url: paths.marac.accept(),
    postOnly: true,
    permission: 'marac:coordinate',
    pageName: 'marac-referral-accept',
    template: 'marac-referral.njk',
    schema: acceptForm,
    load: loadReferral,
    view: referralFormView,
    submit: async (form, r, request) => {
      const placed = await meetings.accept(userOf(request), r.id, form.meetingId, request.id);
      return { to: paths.marac.meeting(form.meetingId), done: placed.overCap ? 'accepted-over-cap' : placed.late ? 'accepted-late' : 'accepted' };
    },
    fieldIds: { meetingId: 'meetingId' },
  });

  formPage(router, {
    url: paths.marac.decline(),
    postOnly: true,
    permission: 'marac:coordinate',
    pageName: 'marac-referral-decline',
    template: 'marac-referral.njk',
    schema: declineForm,
    load: loadReferral,
    view: referralFormView,
    submit: async (form, r, request) => {
      await meetings.decline(userOf(request), r.id, form, request.id);
      return { to: paths.marac.referral(r.id), done: 'declined' };
    },
  });
}
