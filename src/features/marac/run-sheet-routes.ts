import type { FastifyReply, FastifyRequest } from 'fastify';
import { ACTION_STATUS_LABELS, ACTION_TARGET_LABELS, ACTION_TARGETS, MARAC_RISK_LABELS, MARAC_RISKS, MEETING_OUTCOME_LABELS as OUTCOME_LABELS, REVIEW_VERDICT_LABELS, REVIEW_VERDICTS, type MaracRisk } from '../../domain/marac/actions.js';
import { formPage } from '../../platform/http/form-page.js';
import { asList } from '../../platform/http/forms.js';
import { formatDateTime } from '../../platform/http/format.js';
import { dateBoxes } from '../../platform/http/govuk-date.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import { idParam, notFound, userOf } from '../../platform/http/route-params.js';
import { ACTION_DUE, actionForm, attendanceForm, buttonForm, caseRecordForm, correctionForm, outcomeForm, reviewForm } from './meeting-forms.js';
import { meetingInWords } from './meeting-words.js';
import type { MaracRunSheetService } from './run-sheet-service.js';

type Sheet = Awaited<ReturnType<MaracRunSheetService['runSheet']>>;
type Values = Record<string, string | string[]>;

const RUN_DONE: Record<string, string> = {
  confidentiality: 'Recorded: the confidentiality statement was read',
  attendance: 'Attendance saved',
  approved: 'Minutes approved. They change now only by a recorded correction.',
  corrected: 'Correction recorded beside the approved minutes',
  record: 'Information shared and risks saved',
  reviewed: 'Review of the earlier action saved',
  action: 'Action added',
  outcome: 'What became of the case is saved',
};

const doneOf = (request: FastifyRequest) => {
  const d = (request.query as Record<string, unknown>).done;
  return typeof d === 'string' ? RUN_DONE[d] : undefined;
};

const riskLabel = (code: string) => MARAC_RISK_LABELS[code as MaracRisk] ?? code;

/** The meeting-level run sheet's view: attendance items per member agency, and the cases with where each stands. */
function sheetView(s: Sheet, values: Values) {
  const typed = Object.keys(values).some((k) => k.startsWith('status-'));
  return {
    s,
    label: meetingInWords(s.meeting),
    held: s.meeting.heldAt.getTime() <= Date.now(),
    approved: s.meeting.minutesApprovedAt !== null,
    attendance: s.members.map((m) => {
      const status = typed ? String(values[`status-${m.id}`] ?? '') : (m.attendance?.status ?? '');
      return { ...m, status, representative: typed ? String(values[`representative-${m.id}`] ?? '') : (m.attendance?.representative ?? '') };
    }),
    carried: s.carried.map((a) => ({ ...a, statusLabel: ACTION_STATUS_LABELS[a.status], risks: a.risks.map(riskLabel) })),
    riskLabel,
    outcomeLabels: OUTCOME_LABELS,
    actionStatus: (status: keyof typeof ACTION_STATUS_LABELS) => ACTION_STATUS_LABELS[status],
  };
}

/** One case's run-sheet view: the record, the earlier plan to review, the actions and the new-action form. */
function caseView(s: Sheet, meetingCaseId: string, values: Values, form: string | null) {
  const c = s.cases.find((x) => x.meetingCaseId === meetingCaseId)!;
  const mine = (name: string) => (form === name ? values : {});
  const recordValues = form === 'record' ? values : { informationShared: c.informationShared ?? '', riskCodes: c.riskCodes, riskOther: c.riskOther ?? '' };
  const chosenRisks = asList(recordValues.riskCodes);
  const actionValues = mine('action');
  const actionRisks = asList(actionValues.risks);
  return {
    s,
    c,
    label: meetingInWords(s.meeting),
    approved: s.meeting.minutesApprovedAt !== null,
    recordValues,
    riskItems: MARAC_RISKS.map((r) => ({ value: r, text: MARAC_RISK_LABELS[r], checked: chosenRisks.includes(r) })),
    earlier: c.earlier.map((e) => ({
      ...e,
      risks: e.action.risks.map(riskLabel),
      statusLabel: ACTION_STATUS_LABELS[e.action.status],
      verdictItems: REVIEW_VERDICTS.map((v) => ({ value: v, text: REVIEW_VERDICT_LABELS[v], checked: (form === `review-${e.action.id}` ? values.verdict : e.verdict) === v })),
      noteValue: form === `review-${e.action.id}` ? values.note : (e.note ?? ''),
    })),
    actions: c.actions.map((a) => ({ ...a, risks: a.risks.map(riskLabel), forWhomLabel: ACTION_TARGET_LABELS[a.forWhom], statusLabel: ACTION_STATUS_LABELS[a.status] })),
    actionValues,
    actionRiskItems: c.riskCodes.map((r) => ({ value: r, text: r === 'other' && c.riskOther ? `${MARAC_RISK_LABELS.other}: ${c.riskOther}` : MARAC_RISK_LABELS[r], checked: actionRisks.includes(r) })),
    forWhomItems: ACTION_TARGETS.map((t) => ({ value: t, text: ACTION_TARGET_LABELS[t], checked: actionValues.forWhom === t })),
    agencyItems: [{ value: '', text: 'Choose the agency' }, ...s.members.map((m) => ({ value: m.id, text: m.name, selected: actionValues.agencyId === m.id }))],
    copyItems: [{ value: '', text: 'A new action' }, ...c.earlier.map((e) => ({ value: e.action.id, text: `Set again: ${e.action.aim}`, selected: actionValues.copiedFrom === e.action.id }))],
    dueItems: dateBoxes(actionValues, 'dueOn', ACTION_DUE),
    outcomeValues: form === 'outcome' ? values : { outcome: c.outcome ?? '', outcomeReason: c.outcomeReason ?? '' },
  };
}

/** The chair's pages for the meeting: the run sheet, each case, the minutes, and the forms on them. */
export function maracRunSheetRoutes(router: Router, runSheets: MaracRunSheetService): void {
  const meetingIdOf = (request: FastifyRequest) => idParam(request, 'meetingId');
  const caseIdOf = (request: FastifyRequest) => idParam(request, 'meetingCaseId');
  const loadSheet = async (request: FastifyRequest) => {
    const id = meetingIdOf(request);
    return id ? await runSheets.runSheet(userOf(request), id) : null;
  };
  /** The run sheet of the meeting a case is on, with the case's id. */
  const loadCase = async (request: FastifyRequest) => {
    const id = caseIdOf(request);
    if (!id) return null;
    const meetingId = await runSheets.meetingOfCase(userOf(request), id);
    const s = meetingId ? await runSheets.runSheet(userOf(request), meetingId) : null;
    return s && s.cases.some((c) => c.meetingCaseId === id) ? { s, id } : null;
  };

  async function show(request: FastifyRequest, reply: FastifyReply, template: string, load: () => Promise<unknown>) {
    const result = await attempt(reply, load);
    if ('sent' in result) return result.sent;
    if (!result.ok) return notFound(reply);
    return reply.view(template, { ...(result.value as Record<string, unknown>), values: {}, errors: { fields: {}, summary: [] }, success: doneOf(request) });
  }

  router.page({
    method: 'GET',
    url: paths.marac.runSheet(),
    permission: 'marac:coordinate',
    pageName: 'marac-run-sheet',
    handler: async (request, reply) => {
      const id = meetingIdOf(request);
      if (!id) return notFound(reply);
      return show(request, reply, 'marac-run-sheet.njk', async () => sheetView(await runSheets.runSheet(userOf(request), id), {}));
    },
  });

  router.page({
    method: 'GET',
    url: paths.marac.caseRunSheet(),
    permission: 'marac:coordinate',
    pageName: 'marac-case-run-sheet',
    handler: async (request, reply) => {
      const found = await attempt(reply, () => loadCase(request));
      if ('sent' in found) return found.sent;
      if (!found.ok || !found.value) return notFound(reply);
      const { s, id } = found.value;
      return reply.view('marac-case-run-sheet.njk', { ...caseView(s, id, {}, null), values: {}, errors: { fields: {}, summary: [] }, success: doneOf(request) });
    },
  });

  router.page({
    method: 'GET',
    url: paths.marac.minutes(),
    permission: 'marac:coordinate',
    pageName: 'marac-minutes',
    handler: async (request, reply) => {
      const id = meetingIdOf(request);
      if (!id) return notFound(reply);
      return show(request, reply, 'marac-minutes.njk', async () => ({ ...sheetView(await runSheets.runSheet(userOf(request), id), {}), formatDateTime, actionTarget: (t: keyof typeof ACTION_TARGET_LABELS) => ACTION_TARGET_LABELS[t], verdictLabel: (v: keyof typeof REVIEW_VERDICT_LABELS) => REVIEW_VERDICT_LABELS[v] }));
    },
  });

  const meetingForm = (url: string, pageName: string, schema: Parameters<typeof formPage>[1]['schema'], work: (request: FastifyRequest, s: Sheet, data: never) => Promise<unknown>, done: string) =>
    formPage(router, {
      url,
      postOnly: true,
      permission: 'marac:coordinate',
      pageName,
      template: 'marac-run-sheet.njk',
      schema,
      load: loadSheet,
      view: (s, _request, values) => sheetView(s, values),
      submit: async (data, s, request) => {
        await work(request, s, data as never);
        return { to: done === 'approved' || done === 'corrected' ? paths.marac.minutes(s.meeting.id) : paths.marac.runSheet(s.meeting.id), done };
      },
    });

  meetingForm(paths.marac.confidentiality(), 'marac-confidentiality', buttonForm, (request, s) => runSheets.confidentiality(userOf(request), s.meeting.id, request.id), 'confidentiality');
  formPage(router, {
    url: paths.marac.attendance(),
    postOnly: true,
    permission: 'marac:coordinate',
    pageName: 'marac-attendance',
    template: 'marac-run-sheet.njk',
    schema: (s: Sheet) => attendanceForm(s.members.map((m) => m.id)),
    load: loadSheet,
    view: (s, _request, values) => sheetView(s, values),
    submit: async (rows, s, request) => {
      await runSheets.attendance(userOf(request), s.meeting.id, rows, request.id);
      return { to: paths.marac.runSheet(s.meeting.id), done: 'attendance' };
    },
  });
  meetingForm(paths.marac.approveMinutes(), 'marac-approve-minutes', buttonForm, (request, s) => runSheets.approveMinutes(userOf(request), s.meeting.id, request.id), 'approved');

  formPage(router, {
    url: paths.marac.correctMinutes(),
    postOnly: true,
    permission: 'marac:coordinate',
    pageName: 'marac-correct-minutes',
    template: 'marac-minutes.njk',
    schema: correctionForm,
    load: loadSheet,
    view: (s, _request, values) => ({ ...sheetView(s, values), formatDateTime, actionTarget: (t: keyof typeof ACTION_TARGET_LABELS) => ACTION_TARGET_LABELS[t], verdictLabel: (v: keyof typeof REVIEW_VERDICT_LABELS) => REVIEW_VERDICT_LABELS[v] }),
    submit: async (form, s, request) => {
      await runSheets.correct(userOf(request), s.meeting.id, form, request.id);
      return { to: paths.marac.minutes(s.meeting.id), done: 'corrected' };
    },
  });

  const actionIdOf = (request: FastifyRequest) => idParam(request, 'actionId') ?? '';
  const caseForm = <S extends Parameters<typeof formPage>[1]['schema']>(url: string, pageName: string, schema: S, formName: (request: FastifyRequest) => string, work: (request: FastifyRequest, id: string, data: never) => Promise<unknown>, done: string, extra: { dateInputs?: string[]; fieldIds?: (request: FastifyRequest) => Record<string, string> } = {}) =>
    formPage(router, {
      url,
      postOnly: true,
      permission: 'marac:coordinate',
      pageName,
      template: 'marac-case-run-sheet.njk',
      schema,
      load: loadCase,
      view: ({ s, id }, request, values) => caseView(s, id, values, formName(request)),
      submit: async (data, { id }, request) => {
        await work(request, id, data as never);
        return { to: paths.marac.caseRunSheet(id), done };
      },
      ...(extra.dateInputs ? { dateInputs: extra.dateInputs } : {}),
      ...(extra.fieldIds ? { fieldIds: extra.fieldIds } : {}),
    });

  caseForm(paths.marac.caseRecord(), 'marac-case-record', caseRecordForm, () => 'record', (request, id, data: { informationShared: string; riskCodes: string[]; riskOther: string }) => runSheets.caseRecord(userOf(request), id, data, request.id), 'record');
  caseForm(
    paths.marac.review(),
    'marac-action-review',
    reviewForm,
    (request) => `review-${actionIdOf(request)}`,
    (request, id, data: { verdict: string; note: string }) => runSheets.review(userOf(request), id, actionIdOf(request), data, request.id),
    'reviewed',
  );
  caseForm(
    paths.marac.addAction(),
    'marac-action-add',
    actionForm,
    () => 'action',
    (request, id, data: { risks: string[]; aim: string; forWhom: string; agencyId: string; ownerName: string; dueOn: string; copiedFrom: string | null; copyReason: string }) => runSheets.addAction(userOf(request), id, data, request.id),
    'action',
    { dateInputs: ['dueOn'], fieldIds: () => ({ risks: 'actionRisks' }) },
  );
  caseForm(paths.marac.caseOutcome(), 'marac-case-outcome', outcomeForm, () => 'outcome', (request, id, data: { outcome: string; outcomeReason: string }) => runSheets.outcome(userOf(request), id, { outcome: data.outcome, reason: data.outcomeReason }, request.id), 'outcome');
}

