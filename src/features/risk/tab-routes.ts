import type { FastifyRequest } from 'fastify';
import { serviceForBand } from '../../domain/marac/criteria.js';
import { ACTION_STATUS_LABELS, MARAC_RISK_LABELS, MEETING_OUTCOME_LABELS as OUTCOME_LABELS, type MaracRisk } from '../../domain/marac/actions.js';
import { can } from '../../platform/access/policy.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import { escapeHtml, formatDate } from '../../platform/http/format.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import type { RiskFrames } from './frames.js';
import type { PeopleService } from '../people/service.js';
import { bandTag, gapsInWords, maracInWords, notFound, param, reviewInWords, SERVICE_KIND_LABELS, userOf } from './risk-page.js';
import { scoreChart } from './score-chart.js';
import { REVIEW_REASON_WORDS } from '../../domain/safety-plans/reviews.js';
import { RiskError, type RiskService } from './service.js';
import type { PersonRisk } from './summary.js';
import type { SafetyPlansService } from '../safety-plans/service.js';

/** Safety plan reviews due on the user's cases (the safety plans service's `reviewsDue`), handed in by the composition root. */
export type SafetyPlanReviewsDue = SafetyPlansService['reviewsDue'];


/** What the risk summary partial shows for one person. */
function riskView(r: PersonRisk & { drafts: unknown[] }) {
  const banded = r.checklists.filter((c) => c.band !== null);
  const dash = banded.filter((c) => c.instrumentId === (r.latest?.instrumentId ?? 'dash-ric'));
  return {
    ...r,
    band: bandTag(r.latest?.band ?? null),
    gaps: r.latest ? gapsInWords(r.latest.gaps) : '',
    review: r.review ? reviewInWords(r.review) : null,
    marac: maracInWords(r.marac),
    maracHistory: r.maracHistory.map((h) => ({
      ...h,
      meetings: h.meetings.map((m) => ({
        ...m,
        outcomeLabel: m.cancelled ? 'Meeting cancelled' : m.outcome ? OUTCOME_LABELS[m.outcome] : 'Not yet heard',
        actions: m.actions.map((a) => ({ ...a, risks: a.risks.map((x) => MARAC_RISK_LABELS[x as MaracRisk] ?? x), statusLabel: ACTION_STATUS_LABELS[a.status] })),
      })),
    })),
    chart: scoreChart(dash, r.settings.bands, 24),
    rows: r.checklists.map((c) => [
      { text: formatDate(c.completedOn) },
      { html: `<a class="govuk-link" href="${paths.risk.checklist(c.id)}">${escapeHtml(c.title)}</a>` },
      { text: String(c.score), format: 'numeric' },
      { html: `<strong class="govuk-tag ${bandTag(c.band).classes}">${bandTag(c.band).text}</strong>` },
      { text: String(c.gaps.length), format: 'numeric' },
    ]),
  };
}

const permissions = (user: CurrentUser) => ({ mayRecord: can(user, 'risk:record'), mayRefer: can(user, 'marac:refer') });

export function riskTabRoutes(router: Router, risk: RiskService, people: PeopleService, frames: RiskFrames, safetyPlanReviews: SafetyPlanReviewsDue = async () => []): void {
  router.page({
    method: 'GET',
    url: paths.people.risk(),
    permission: 'risk:view',
    pageName: 'person-risk',
    handler: async (request, reply) => {
      const loaded = await frames.loadPerson(request, reply);
      if ('sent' in loaded) return loaded.sent;
      const user = userOf(request);
      // Opening a person's record does not open their checklists: those need a relationship (403 otherwise).
      const result = await attempt(reply, () => risk.personRisk(user, loaded.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return notFound(reply);
      const r = result.value;
      const done = (request.query as Record<string, unknown>).done === 'abandoned';
      return reply.view('risk-person.njk', {
        person: { id: loaded.id, name: `${loaded.record.givenName} ${loaded.record.familyName}` },
        r: riskView(r),
        ...permissions(user),
        success: done ? 'The unfinished checklist has been deleted' : undefined,
      });
    },
  });

  router.page({
    method: 'GET',
    url: paths.cases.risk(),
    permission: 'case:view',
    pageName: 'case-risk',
    handler: async (request, reply) => {
      const c = await frames.loadCase(request, reply);
      if ('sent' in c) return c.sent;
      const user = userOf(request);
      const mayView = can(user, 'risk:view');
      const adults = c.members.filter((m) => m.role === 'adult-victim');
      const members = [];
      for (const m of adults) {
        // A restricted adult needs the user's own grant: without one, the name and risk stay hidden.
        const r = mayView ? await risk.personRisk(user, m.id).catch((error: unknown) => (error instanceof RiskError ? null : Promise.reject(error))) : null;
        const visible = r !== null || (!m.restricted && !mayView);
        members.push({
          id: m.id,
          name: visible ? `${m.given_name} ${m.family_name}` : 'Restricted person',
          role: frames.memberRole(m.role),
          restricted: !visible,
          risk: r ? riskView(r) : null,
        });
      }
      return frames.renderCase(reply, 'risk-case.njk', c, 'risk', { members, caseId: c.id, ...permissions(user) });
    },
  });

  router.page({
    method: 'GET',
    url: paths.risk.checklist(),
    permission: 'risk:view',
    pageName: 'risk-checklist',
    handler: async (request, reply) => {
      const id = param(request, 'assessmentId');
      if (!id) return notFound(reply);
      const user = userOf(request);
      const result = await attempt(reply, () => risk.checklist(user, id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return notFound(reply);
      const c = result.value;
      const person = await people.get({ kind: 'user', user }, c.personId);
      const personName = person?.kind === 'found' ? `${person.record.givenName} ${person.record.familyName}` : 'Restricted person';
      const answerRows = c.instrument.questions.map((q) => {
        const a = c.answers[String(q.number)];
        return [
          { text: `${q.number}. ${q.text}` },
          { text: a ? c.instrument.answerLabels[a.answer] : 'Not answered' },
          { text: a?.source ?? '' },
          { text: a?.comment ?? '' },
        ];
      });
      const kind = c.band ? serviceForBand(c.band) : null;
      const done = (request.query as Record<string, unknown>).done === 'completed';
      return reply.view('risk-checklist.njk', {
        c,
        personName,
        band: bandTag(c.band),
        gaps: gapsInWords(c.gaps),
        marac: maracInWords(c.marac),
        suggested: kind ? { kind, label: SERVICE_KIND_LABELS[kind], services: c.services } : null,
        offered: c.offered,
        answerRows,
        success: done ? 'The checklist has been completed' : undefined,
        ...permissions(user),
      });
    },
  });

  router.page({
    method: 'GET',
    url: paths.risk.reviews,
    permission: 'risk:view',
    pageName: 'risk-reviews',
    handler: async (request: FastifyRequest, reply) => {
      const user = userOf(request);
      const reviews = await risk.reviewsDue(user);
      const rows = reviews.map((r) => {
        const words = reviewInWords(r.review);
        return [
          { html: r.restricted ? 'Restricted person' : `<a class="govuk-link" href="${paths.people.risk(r.personId)}">${escapeHtml(r.name)}</a>` },
          { html: `<a class="govuk-link" href="${paths.cases.risk(r.caseId)}">${escapeHtml(r.caseReference)}</a>` },
          { html: `<a class="govuk-link" href="${paths.risk.checklist(r.checklistId)}">${formatDate(r.completedOn)}</a>` },
          { text: words.reason },
          { text: words.dueOn },
          { html: `<strong class="govuk-tag ${words.tag.classes}">${words.tag.text}</strong>` },
        ];
      });
      // Safety plans are reviewed on their own timetable (domain/safety-plans/reviews.ts), and listed here beside the checklists.
      const planRows = (await safetyPlanReviews(user)).map((r) => {
        const tag = r.review.state === 'overdue' ? { text: 'Overdue', classes: 'govuk-tag--red' } : { text: 'Due', classes: 'govuk-tag--yellow' };
        return [
          { html: r.restricted ? 'Restricted person' : `<a class="govuk-link" href="${paths.safetyPlans.plan(r.caseId, r.planId)}">${escapeHtml(r.name)}</a>` },
          { html: `<a class="govuk-link" href="${paths.safetyPlans.list(r.caseId)}">${escapeHtml(r.caseReference)}</a>` },
          { text: r.kind === 'victim' ? 'The victim’s plan' : 'A child’s own plan' },
          { text: formatDate(r.lastReviewedOn) },
          { text: REVIEW_REASON_WORDS[r.review.reason] },
          { text: formatDate(r.review.dueOn) },
          { html: `<strong class="govuk-tag ${tag.classes}">${tag.text}</strong>` },
        ];
      });
      return reply.view('risk-reviews.njk', { rows, planRows, reviewWeeks: await risk.reviewWeeks(user) });
    },
  });
}
