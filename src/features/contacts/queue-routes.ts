import { addDays, isPlainDate, londonDate, plainDate } from '../../domain/calendar/plain-date.js';
import { dateItems, dateValues, readDate, type DatePart } from '../../platform/http/govuk-date.js';
import { CONTACT_SOURCE_LABELS, CONTACT_SOURCES } from '../../domain/contacts/contact.js';
import { can } from '../../platform/access/policy.js';
import { formErrors } from '../../platform/http/forms.js';
import { pagination, requestedPage } from '../../platform/http/pagination.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { searchTermsOf } from '../../platform/http/sealed-search.js';
import { pathwayLabel, sourceLabel, STATUS_TAGS, text, timelinessTag, userOf } from './contact-page.js';
import { QUEUE_PAGE_SIZE, type ContactReadService } from './read-service.js';
import type { QueueFilter } from './queries.js';

const STATUSES: { value: QueueFilter['status']; text: string }[] = [
  { value: 'awaiting-decision', text: 'Awaiting decision' },
  { value: 'decided', text: 'Decided' },
  { value: 'sent-to-allocated-worker', text: 'Sent to allocated worker' },
  { value: 'all', text: 'All' },
];

const ASSIGNED = [
  { value: '', text: 'Anyone or nobody' },
  { value: 'me', text: 'Assigned to me' },
  { value: 'nobody', text: 'Not picked up' },
];

/** What the queue's filter form sends (sealed, through POST /search). */
const QUEUE_KEYS = ['status', 'source', 'sort', 'overdue', 'search', 'assigned'];

/** The MASH queue and the timeliness counts. */
export function queueRoutes(router: Router, read: ContactReadService): void {
  router.page({
    method: 'GET',
    url: paths.contacts.queue,
    permission: 'contact:view',
    pageName: 'mash-queue',
    handler: async (request, reply) => {
      // The filters travel sealed in ?q= (a name searched for never reaches an address or a log); an
      // address typed by hand with ?status= and the rest still works.
      const { terms, token } = searchTermsOf(request, QUEUE_KEYS);
      const query: Record<string, unknown> = { ...terms, page: (request.query as Record<string, unknown>).page };
      const search = text(query.search).trim().slice(0, 100);
      const assignedChoice = ASSIGNED.find((a) => a.value === text(query.assigned))?.value ?? '';
      const status = STATUSES.find((s) => s.value === text(query.status))?.value ?? 'awaiting-decision';
      const source = (CONTACT_SOURCES as readonly string[]).includes(text(query.source)) ? text(query.source) : undefined;
      const sort = text(query.sort) === 'received-newest' ? 'received-newest' : 'due';
      const overdueOnly = text(query.overdue) === '1';
      const user = userOf(request);
      const assigned = assignedChoice === 'me' ? { to: user.id } : assignedChoice === 'nobody' ? ('nobody' as const) : undefined;
      const filter: Omit<QueueFilter, 'today'> = { status, source, sort, overdueOnly, search: search || undefined, assigned };
      let page = requestedPage(query.page);
      let found = await read.queue(user, filter, page);
      if (page > found.pageCount) {
        page = found.pageCount;
        found = await read.queue(user, filter, page);
      }
      const filterQuery = { status: status === 'awaiting-decision' ? undefined : status, source, sort: sort === 'due' ? undefined : sort, overdue: overdueOnly ? 1 : undefined, assigned: assignedChoice || undefined };
      return reply.view('mash-queue.njk', {
        rows: found.rows.map((r) => ({
          ...r,
          sourceLabel: sourceLabel(r.source),
          statusTag: STATUS_TAGS[r.status],
          tag: timelinessTag(r.timeliness, r.daysLeft),
          outcome: r.decided_pathway ? pathwayLabel(r.decided_pathway) : r.recommended_pathway ? `Recommended: ${pathwayLabel(r.recommended_pathway).toLowerCase()}` : null,
        })),
        total: found.total,
        page,
        pageCount: found.pageCount,
        showing: { from: (page - 1) * QUEUE_PAGE_SIZE + 1, to: (page - 1) * QUEUE_PAGE_SIZE + found.rows.length },
        pagination: pagination(page, found.pageCount, (p) => withQuery(paths.contacts.queue, token ? { q: token, page: p } : { ...filterQuery, page: p })),
        search,
        assignedItems: ASSIGNED.map((a) => ({ ...a, selected: a.value === assignedChoice })),
        statusItems: STATUSES.map((s) => ({ ...s, selected: s.value === status })),
        sourceItems: [{ value: '', text: 'Any source', selected: !source }, ...CONTACT_SOURCES.map((s) => ({ value: s, text: CONTACT_SOURCE_LABELS[s], selected: s === source }))],
        sortItems: [
          { value: 'due', text: 'Most overdue first', selected: sort === 'due' },
          { value: 'received-newest', text: 'Newest first', selected: sort === 'received-newest' },
        ],
        overdueOnly,
        filtered: Boolean(filterQuery.status || source || filterQuery.sort || overdueOnly || search || assignedChoice),
        mayImport: can(user, 'contact:record'),
        mayTimeliness: can(user, 'mash:timeliness'),
      });
    },
  });

  router.page({
    method: 'GET',
    url: paths.contacts.dashboard,
    permission: 'mash:timeliness',
    pageName: 'mash-timeliness',
    handler: async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const today = londonDate(new Date());
      // The period in two GOV.UK date inputs; an address typed by hand may give ?from= and ?to= as 2026-11-02.
      const boxes: Record<string, string> = Object.fromEntries(
        ['from', 'to'].flatMap((name) => (['day', 'month', 'year'] as const).map((part) => [`${name}-${part}`, text(query[`${name}-${part}`])])),
      );
      for (const [name, fallback] of [['from', addDays(today, -27)], ['to', today]] as const) {
        const typed = (['day', 'month', 'year'] as const).some((part) => boxes[`${name}-${part}`]);
        if (!typed) Object.assign(boxes, dateValues(name, isPlainDate(text(query[name])) ? text(query[name]) : text(query[name]) ? null : fallback));
      }
      const labels = { from: 'The first day', to: 'The last day' } as const;
      const read_ = { from: readDate(boxes, 'from', labels.from), to: readDate(boxes, 'to', labels.to) };
      const problems: Record<string, string> = {};
      const parts: Record<string, DatePart[]> = {};
      for (const name of ['from', 'to'] as const) {
        const r = read_[name];
        if (r.error !== undefined) {
          problems[name] = r.error;
          parts[name] = r.parts;
        } else if (r.value === null) {
          problems[name] = `Enter ${labels[name].toLowerCase()}`;
          parts[name] = ['day', 'month', 'year'];
        }
      }
      const values = { from: read_.from.value ?? '', to: read_.to.value ?? '' };
      if (!problems.from && !problems.to && values.to < values.from) {
        problems.to = 'The last day must be the same as or after the first day';
        parts.to = ['day', 'month', 'year'];
      }
      const items = { from: dateItems(boxes, 'from', parts.from ?? []), to: dateItems(boxes, 'to', parts.to ?? []) };
      if (Object.keys(problems).length) {
        const errors = formErrors(Object.fromEntries(Object.entries(problems).map(([k, v]) => [`${k}-day`, v])));
        return reply.code(400).view('mash-timeliness.njk', { values, items, errors: { ...errors, fields: problems }, errorSummary: errors.summary });
      }
      const result = await read.timelinessCounts(userOf(request), plainDate(values.from), plainDate(values.to));
      return reply.view('mash-timeliness.njk', {
        values,
        items,
        counts: result.counts,
        total: result.total,
        onTimeRate: result.onTimeRate,
        cards: [
          { key: 'on-time', value: result.counts['on-time'], label: 'Decided on time' },
          { key: 'late', value: result.counts.late, label: 'Decided late' },
          { key: 'overdue', value: result.counts.overdue, label: 'Overdue, still undecided' },
          { key: 'due', value: result.counts.due, label: 'Not yet due' },
        ],
      });
    },
  });
}
