import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SEND_METHOD_LABELS, SEND_METHODS, SETTING_KIND_LABELS, SETTING_KINDS } from '../../domain/notices/status.js';
import { Answered, formPage } from '../../platform/http/form-page.js';
import { formatDateTime } from '../../platform/http/format.js';
import { dateBoxes } from '../../platform/http/govuk-date.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { idParam, userOf } from '../../platform/http/route-params.js';
import { attempt } from '../../platform/http/service-error.js';
import { takesFiles } from '../../platform/http/uploads.js';
import type { CaseOverview } from '../cases/case-page.js';
import type { CaseFrames } from '../cases/frames.js';
import { acknowledgedForm, DATES, encompassForm, noContactForm, photoForm, sentForm, withdrawForm } from './forms.js';
import type { NoticePrintService } from './print-service.js';
import { fullName, NoticeError, type NoticesService } from './service.js';
import { noticeView, overviewView } from './views-model.js';

const DONE: Record<string, string> = {
  made: 'The notice has been made. Add a photograph if you hold one, then print it',
  'encompass-made': 'The Operation Encompass notice has been made. Print it and send it before the school day starts',
  photo: 'The photograph has been added',
  sent: 'Recorded that the notice was sent',
  acknowledged: 'Recorded that the setting received the notice',
  withdrawn: 'The notice has been withdrawn',
};
const doneOf = (request: FastifyRequest) => {
  const done = (request.query as Record<string, unknown> | undefined)?.done;
  return typeof done === 'string' ? DONE[done] : undefined;
};
const radios = (options: readonly string[], labels: Record<string, string>, chosen: unknown) => options.map((o) => ({ value: o, text: labels[o] ?? o, checked: chosen === o }));

interface Loaded {
  c: CaseOverview;
  o: Awaited<ReturnType<NoticesService['overview']>>;
}
interface WithNotice {
  c: CaseOverview;
  n: Awaited<ReturnType<NoticesService['notice']>>;
}

/** The case's notices to schools, nurseries and clubs, inside the Plans tab; the photograph route. */
/**
 * `ordersInForce` is the protective orders feature's list of the case's orders in force today, one line
 * each (handed in by src/server.ts): a new no-contact notice starts with them, for the worker to check.
 */
export function noticeRoutes(router: Router, notices: NoticesService, print: NoticePrintService, frames: CaseFrames, ordersInForce: (user: CurrentUser, caseId: string) => Promise<string[]>): void {
  const load = async (request: FastifyRequest, reply: FastifyReply, mustEdit: boolean): Promise<Loaded | Answered> => {
    const c = await frames.loadCase(request, reply);
    if ('sent' in c) return new Answered(c.sent);
    if (mustEdit && !c.mayEdit) throw new NoticeError(403, 'You cannot make notices for this case');
    return { c, o: await notices.overview(userOf(request), c.id) };
  };
  const withNotice = async (request: FastifyRequest, reply: FastifyReply, mustEdit: boolean): Promise<WithNotice | Answered | null> => {
    const c = await frames.loadCase(request, reply);
    if ('sent' in c) return new Answered(c.sent);
    if (mustEdit && !c.mayEdit) throw new NoticeError(403, 'You cannot change this case’s notices');
    const noticeId = idParam(request, 'noticeId');
    if (!noticeId) return null;
    return { c, n: await notices.notice(userOf(request), c.id, noticeId) };
  };
  const noticePage = (w: WithNotice, request: FastifyRequest) => ({ ...frames.caseFrame(w.c, 'plans'), c: w.c, n: noticeView(w.n), success: doneOf(request) });
  const settingItems = (values: Record<string, string | string[]>) => radios(SETTING_KINDS, SETTING_KIND_LABELS, values.settingKind);

  router.page({
    method: 'GET',
    url: paths.notices.list(),
    permission: 'case:view',
    pageName: 'case-notices',
    handler: async (request, reply) => {
      const attempted = await attempt(reply, () => load(request, reply, false));
      if (!attempted.ok) return 'sent' in attempted ? attempted.sent : reply.code(404).view('errors/404.njk');
      const loaded = attempted.value;
      if (loaded instanceof Answered) return loaded.reply;
      return frames.renderCase(reply, 'notices.njk', loaded.c, 'plans', { c: loaded.c, o: overviewView(loaded.c.id, loaded.o), success: doneOf(request) });
    },
  });

  formPage(router, {
    url: paths.notices.newNoContact(),
    permission: 'case:edit',
    pageName: 'case-new-no-contact-notice',
    template: 'notice-no-contact-new.njk',
    schema: noContactForm,
    load: async (request, reply) => {
      const loaded = await load(request, reply, true);
      if (loaded instanceof Answered || request.method !== 'GET') return loaded;
      return { ...loaded, inForce: await ordersInForce(userOf(request), loaded.c.id) };
    },
    initial: ({ o, inForce }: Loaded & { inForce?: string[] }) => ({
      childId: o.children.length === 1 ? o.children[0]!.id : '',
      personId: '',
      settingKind: 'school',
      workerName: o.workerName ?? '',
      orders: (inForce ?? []).join('\n'),
    }),
    view: ({ c, o }: Loaded, _request, values) => ({
      ...frames.caseFrame(c, 'plans'),
      c,
      childItems: o.children.map((m) => ({ value: m.id, text: fullName(m), checked: values.childId === m.id })),
      personItems: o.adults.map((m) => ({ value: m.id, text: fullName(m), checked: values.personId === m.id })),
      settingItems: settingItems(values),
    }),
    submit: async (form, { c }: Loaded, request) => {
      const { noticeId } = await notices.startNoContact(userOf(request), c.id, form, request.id);
      return { to: paths.notices.notice(c.id, noticeId), done: 'made' };
    },
  });

  formPage(router, {
    url: paths.notices.newEncompass(),
    permission: 'case:edit',
    pageName: 'case-new-encompass-notice',
    template: 'notice-encompass-new.njk',
    schema: encompassForm,
    load: (request, reply) => load(request, reply, true),
    initial: ({ o }: Loaded, request) => {
      const chosen = String((request.query as Record<string, unknown>).notification ?? '');
      const waiting = o.encompass.find((e) => `${e.contactId}:${e.childId}` === chosen);
      return { notification: chosen, settingKind: 'school', settingName: waiting?.school ?? '', workerName: o.workerName ?? '' };
    },
    view: ({ c, o }: Loaded, _request, values) => ({
      ...frames.caseFrame(c, 'plans'),
      c,
      notificationItems: o.encompass.map((e) => ({
        value: `${e.contactId}:${e.childId}`,
        text: `${e.childName}: police notification${e.reference ? ` ${e.reference}` : ''} received ${formatDateTime(e.receivedAt)}`,
        hint: { text: `Due before ${formatDateTime(e.dueAt)}${e.school ? `. School given by the police: ${e.school}` : ''}` },
        checked: values.notification === `${e.contactId}:${e.childId}`,
      })),
      settingItems: settingItems(values),
    }),
    submit: async (form, { c }: Loaded, request) => {
      const { noticeId } = await notices.startEncompass(userOf(request), c.id, form, request.id);
      return { to: paths.notices.notice(c.id, noticeId), done: 'encompass-made' };
    },
    fieldIds: { contactId: 'notification', childId: 'notification' },
  });

  router.page({
    method: 'GET',
    url: paths.notices.notice(),
    permission: 'case:view',
    pageName: 'case-notice',
    handler: async (request, reply) => {
      const attempted = await attempt(reply, () => withNotice(request, reply, false));
      if (!attempted.ok) return 'sent' in attempted ? attempted.sent : reply.code(404).view('errors/404.njk');
      const found = attempted.value;
      if (found instanceof Answered) return found.reply;
      if (!found) return reply.code(404).view('errors/404.njk');
      return reply.view('notice.njk', noticePage(found, request));
    },
  });

  formPage(router, {
    url: paths.notices.print(),
    permission: 'case:edit',
    pageName: 'case-print-notice',
    template: 'notice.njk',
    postOnly: true,
    schema: z.object({}),
    load: (request, reply) => withNotice(request, reply, true),
    view: (w: WithNotice, request) => noticePage(w, request),
    submit: async (_form, { c, n }: WithNotice, request) => {
      const { documentId } = await print.print(userOf(request), c.id, n.notice.id, request.id);
      return { to: paths.documents.show(c.id, documentId), done: 'made' };
    },
    fieldIds: { recipient: 'print', template: 'print' },
  });

  takesFiles(paths.notices.photo());
  formPage(router, {
    url: paths.notices.photo(),
    permission: 'case:edit',
    pageName: 'case-notice-photo',
    template: 'notice-photo.njk',
    schema: photoForm,
    load: (request, reply) => withNotice(request, reply, true),
    view: (w: WithNotice) => ({ ...frames.caseFrame(w.c, 'plans'), c: w.c, n: noticeView(w.n) }),
    submit: async (form, { c, n }: WithNotice, request) => {
      await notices.addPhoto(userOf(request), c.id, n.notice.id, form.photo, request.id);
      return { to: paths.notices.notice(c.id, n.notice.id), done: 'photo' };
    },
  });

  formPage(router, {
    url: paths.notices.sent(),
    permission: 'case:edit',
    pageName: 'case-notice-sent',
    template: 'notice-sent.njk',
    schema: sentForm,
    dateInputs: ['sentOn'],
    load: (request, reply) => withNotice(request, reply, true),
    view: (w: WithNotice, _request, values) => ({
      ...frames.caseFrame(w.c, 'plans'),
      c: w.c,
      n: noticeView(w.n),
      dates: { sentOn: dateBoxes(values, 'sentOn', DATES.sentOn) },
      methodItems: radios(SEND_METHODS, SEND_METHOD_LABELS, values.method),
    }),
    submit: async (form, { c, n }: WithNotice, request) => {
      await notices.move(userOf(request), c.id, n.notice.id, { to: 'sent', ...form }, request.id);
      return { to: paths.notices.notice(c.id, n.notice.id), done: 'sent' };
    },
    fieldIds: { sentAt: 'sentOn-day', sentOn: 'sentOn-day' },
  });

  formPage(router, {
    url: paths.notices.acknowledged(),
    permission: 'case:edit',
    pageName: 'case-notice-acknowledged',
    template: 'notice-acknowledged.njk',
    schema: acknowledgedForm,
    dateInputs: ['acknowledgedOn'],
    load: (request, reply) => withNotice(request, reply, true),
    view: (w: WithNotice, _request, values) => ({ ...frames.caseFrame(w.c, 'plans'), c: w.c, n: noticeView(w.n), dates: { acknowledgedOn: dateBoxes(values, 'acknowledgedOn', DATES.acknowledgedOn) } }),
    submit: async (form, { c, n }: WithNotice, request) => {
      await notices.move(userOf(request), c.id, n.notice.id, { to: 'acknowledged', by: form.acknowledgedBy, on: form.acknowledgedOn }, request.id);
      return { to: paths.notices.notice(c.id, n.notice.id), done: 'acknowledged' };
    },
    fieldIds: { acknowledgedOn: 'acknowledgedOn-day' },
  });

  formPage(router, {
    url: paths.notices.withdraw(),
    permission: 'case:edit',
    pageName: 'case-notice-withdraw',
    template: 'notice-withdraw.njk',
    schema: withdrawForm,
    load: (request, reply) => withNotice(request, reply, true),
    view: (w: WithNotice) => ({ ...frames.caseFrame(w.c, 'plans'), c: w.c, n: noticeView(w.n) }),
    submit: async (form, { c, n }: WithNotice, request) => {
      await notices.move(userOf(request), c.id, n.notice.id, { to: 'withdrawn', reason: form.reason }, request.id);
      return { to: paths.notices.notice(c.id, n.notice.id), done: 'withdrawn' };
    },
  });

  // The photograph: only through the access decision for its case; never cached, never sniffed as anything else.
  router.page({
    method: 'GET',
    url: paths.notices.image(),
    permission: 'case:view',
    pageName: 'case-notice-photograph',
    handler: async (request, reply) => {
      const caseId = idParam(request, 'caseId');
      const photoId = idParam(request, 'photoId');
      if (!caseId || !photoId) return reply.code(404).view('errors/404.njk');
      const found = await attempt(reply, () => notices.photo(userOf(request), caseId, photoId, request.id));
      if (!found.ok) return 'sent' in found ? found.sent : reply.code(404).view('errors/404.njk');
      const photo = found.value;
      return reply
        .header('Content-Type', photo.content_type)
        .header('Content-Disposition', 'inline; filename="photograph"')
        .header('Cache-Control', 'no-store')
        .header('X-Content-Type-Options', 'nosniff')
        .header('Digest', `sha-256=${Buffer.from(photo.sha256, 'hex').toString('base64')}`)
        .send(photo.content);
    },
  });
}

