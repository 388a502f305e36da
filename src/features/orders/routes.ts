import type { FastifyReply, FastifyRequest } from 'fastify';
import { CONTACT_SOURCE_LABELS, CONTACT_SOURCES } from '../../domain/contacts/contact.js';
import { END_REASON_LABELS, END_REASONS, ORDER_KIND_HINTS, ORDER_KIND_LABELS, ORDER_KINDS } from '../../domain/orders/orders.js';
import { Answered, formPage } from '../../platform/http/form-page.js';
import { asList } from '../../platform/http/forms.js';
import { dateBoxes } from '../../platform/http/govuk-date.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { idParam, notFound, userOf } from '../../platform/http/route-params.js';
import { attempt } from '../../platform/http/service-error.js';
import type { CaseOverview } from '../cases/case-page.js';
import type { CaseFrames } from '../cases/frames.js';
import { breachForm, DATES, endForm, orderForm, settingsForm, variationForm } from './forms.js';
import { OrdersError, type OrdersService } from './service.js';
import { orderView, versionRows, type OrderView } from './views-model.js';

const DONE: Record<string, string> = {
  added: 'The order has been recorded. Add a breach here if he does not keep to it',
  varied: 'The variation has been saved. The earlier terms are kept in the order’s history',
  ended: 'The order has been ended. It stays on the case',
  breach: 'The breach has been recorded as a new incident. Review the plan and the safety plan with it',
};

const doneOf = (request: FastifyRequest) => {
  const done = (request.query as Record<string, unknown> | undefined)?.done;
  return typeof done === 'string' ? DONE[done] : undefined;
};
const dates = (values: Record<string, string | string[]>, ...names: (keyof typeof DATES)[]) => Object.fromEntries(names.map((n) => [n, dateBoxes(values, n, DATES[n])]));
const nameOf = (m: { given_name: string; family_name: string }) => `${m.given_name} ${m.family_name}`;
const ROLE_WORDS: Record<string, string> = { child: 'child', 'adult-victim': 'adult victim', 'person-causing-harm': 'person causing harm', 'other-adult': 'other adult', supporter: 'safety network' };
const yesNoItems = (chosen: unknown) => [
  { value: 'yes', text: 'Yes', checked: chosen === 'yes' },
  { value: 'no', text: 'No', checked: chosen === 'no' },
];

interface Loaded {
  c: CaseOverview;
}
interface WithOrder extends Loaded {
  order: OrderView;
}

/** The case's orders (reached from its Plans tab), each order's page, and the forms to record, vary, end and breach one. */
export function ordersRoutes(router: Router, service: OrdersService, frames: CaseFrames): void {
  const load = async (request: FastifyRequest, reply: FastifyReply, mustEdit: boolean): Promise<Loaded | Answered> => {
    const c = await frames.loadCase(request, reply);
    if ('sent' in c) return new Answered(c.sent);
    if (mustEdit && !c.mayEdit) throw new OrdersError(403, 'You cannot change this case’s orders');
    return { c };
  };
  const withOrder = async (request: FastifyRequest, reply: FastifyReply): Promise<WithOrder | Answered | null> => {
    const loaded = await load(request, reply, true);
    if (loaded instanceof Answered) return loaded;
    const orderId = idParam(request, 'orderId');
    if (!orderId) return null;
    const o = await service.order(userOf(request), loaded.c.id, orderId, request.id);
    if (o.order.endedOn) throw new OrdersError(404, 'This order has ended');
    return { ...loaded, order: orderView(o.order, o.members, o.viewer, o.today, o.breaches) };
  };

  router.page({
    method: 'GET',
    url: paths.orders.list(),
    permission: 'case:view',
    pageName: 'case-orders',
    handler: async (request, reply) => {
      const loaded = await load(request, reply, false);
      if (loaded instanceof Answered) return loaded.reply;
      const result = await attempt(reply, () => service.caseOrders(userOf(request), loaded.c.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return notFound(reply);
      const d = result.value;
      const orders = d.orders.map((o) => orderView(o.order, d.members, o.viewer, d.today, d.breaches));
      return frames.renderCase(reply, 'orders.njk', loaded.c, 'plans', { c: loaded.c, running: orders.filter((o) => o.current), ended: orders.filter((o) => !o.current), mayEdit: d.mayEdit, success: doneOf(request) });
    },
  });

  router.page({
    method: 'GET',
    url: paths.orders.order(),
    permission: 'case:view',
    pageName: 'case-order',
    handler: async (request, reply) => {
      const loaded = await load(request, reply, false);
      if (loaded instanceof Answered) return loaded.reply;
      const orderId = idParam(request, 'orderId');
      if (!orderId) return notFound(reply);
      const result = await attempt(reply, () => service.order(userOf(request), loaded.c.id, orderId, request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return notFound(reply);
      const o = result.value;
      return frames.renderCase(reply, 'order.njk', loaded.c, 'plans', { c: loaded.c, order: orderView(o.order, o.members, o.viewer, o.today, o.breaches), versions: versionRows(o.versions, o.order.kind), recordedBy: o.recordedBy, mayEdit: o.mayEdit, success: doneOf(request) });
    },
  });

  formPage(router, {
    url: paths.orders.new(),
    permission: 'case:edit',
    pageName: 'case-new-order',
    template: 'order-new.njk',
    schema: orderForm,
    dateInputs: ['startsOn', 'expiresOn'],
    load: (request, reply) => load(request, reply, true),
    view: async ({ c }: Loaded, request, values) => {
      const { members, withheld } = await service.formContext(userOf(request), c.id);
      const chosen = asList(values.protectedIds);
      return {
        ...frames.caseFrame(c, 'plans'),
        c,
        dates: dates(values, 'startsOn', 'expiresOn'),
        kindItems: ORDER_KINDS.map((k) => ({ value: k, text: ORDER_KIND_LABELS[k], hint: { text: ORDER_KIND_HINTS[k] }, checked: values.kind === k })),
        protectedItems: members.map((m) => ({ value: m.id, text: `${nameOf(m)} (${ROLE_WORDS[m.role] ?? m.role})`, checked: chosen.includes(m.id) })),
        boundItems: [{ value: '', text: 'Choose a person' }, ...members.map((m) => ({ value: m.id, text: `${nameOf(m)} (${ROLE_WORDS[m.role] ?? m.role})`, selected: values.boundId === m.id }))],
        anyWithheld: withheld.size > 0,
        withholdChecked: asList(values.withholdZone).includes('yes'),
      };
    },
    submit: async (form, { c }, request) => {
      const id = await service.add(userOf(request), c.id, form, request.id);
      return { to: paths.orders.order(c.id, id), done: 'added' };
    },
  });

  formPage(router, {
    url: paths.orders.vary(),
    permission: 'case:edit',
    pageName: 'case-vary-order',
    template: 'order-vary.njk',
    schema: variationForm,
    dateInputs: ['variedOn', 'expiresOn'],
    load: withOrder,
    initial: ({ order }: WithOrder) => ({ conditions: order.conditions.join('\n'), version: String(order.version) }),
    view: ({ c, order }: WithOrder, _request, values) => ({ ...frames.caseFrame(c, 'plans'), c, order, dates: dates(values, 'variedOn', 'expiresOn'), noExpiryChecked: asList(values.noExpiry).includes('yes') }),
    submit: async (form, { c, order }: WithOrder, request) => {
      await service.vary(userOf(request), c.id, order.id, form, request.id);
      return { to: paths.orders.order(c.id, order.id), done: 'varied' };
    },
  });

  formPage(router, {
    url: paths.orders.end(),
    permission: 'case:edit',
    pageName: 'case-end-order',
    template: 'order-end.njk',
    schema: endForm,
    dateInputs: ['endedOn'],
    load: withOrder,
    view: ({ c, order }: WithOrder, _request, values) => ({
      ...frames.caseFrame(c, 'plans'),
      c,
      order,
      dates: dates(values, 'endedOn'),
      reasonItems: END_REASONS.filter((r) => r !== 'heard' || order.kind === 'dapn').map((r) => ({ value: r, text: END_REASON_LABELS[r], checked: values.reason === r })),
    }),
    submit: async (form, { c, order }: WithOrder, request) => {
      await service.end(userOf(request), c.id, order.id, form, request.id);
      return { to: paths.orders.order(c.id, order.id), done: 'ended' };
    },
  });

  formPage(router, {
    url: paths.orders.breach(),
    permission: 'case:edit',
    pageName: 'case-order-breach',
    template: 'order-breach.njk',
    schema: breachForm,
    dateInputs: ['occurredOn'],
    load: withOrder,
    view: ({ c, order }: WithOrder, _request, values) => ({
      ...frames.caseFrame(c, 'plans'),
      c,
      order,
      dates: dates(values, 'occurredOn'),
      sourceItems: CONTACT_SOURCES.map((s) => ({ value: s, text: CONTACT_SOURCE_LABELS[s], checked: values.source === s })),
      yesNo: { childrenPresent: yesNoItems(values.childrenPresent), injuries: yesNoItems(values.injuries), weaponUsed: yesNoItems(values.weaponUsed), alcoholOrDrugs: yesNoItems(values.alcoholOrDrugs) },
    }),
    submit: async (form, { c, order }: WithOrder, request) => {
      await service.recordBreach(userOf(request), c.id, order.id, form, request.id);
      return { to: paths.orders.order(c.id, order.id), done: 'breach' };
    },
  });

  formPage(router, {
    url: paths.orders.settings,
    permission: 'settings:manage',
    pageName: 'admin-orders-ending-soon',
    template: 'orders-settings.njk',
    schema: settingsForm,
    load: async (request) => service.endingSoonDays(userOf(request)),
    initial: (days) => ({ days: String(days) }),
    submit: async (form, _days, request) => {
      await service.saveEndingSoonDays(userOf(request), form.days, request.id);
      return { to: paths.orders.settings, done: 'saved' };
    },
    view: (_days, request) => ({ success: (request.query as Record<string, unknown> | undefined)?.done === 'saved' ? 'The setting has been saved' : undefined }),
  });
}
