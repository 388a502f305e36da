import { UUID } from '../../platform/http/route-params.js';
export { UUID } from '../../platform/http/route-params.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CASE_STAGE_LABELS, CASE_STAGES, type CaseStage } from '../../domain/cases/case-events.js';
import { isPlainDate, londonDate, plainDate } from '../../domain/calendar/plain-date.js';
import { ageOn } from '../../domain/people/age.js';
import { Answered } from '../../platform/http/form-page.js';
import type { FormErrors } from '../../platform/http/forms.js';
import { paths } from '../../platform/http/paths.js';
import { AccessRefused } from '../../platform/access/decide.js';
import { BREAK_GLASS_MINUTES } from '../../platform/access/facts.js';
import { PROTECTED_INFORMATION_LABELS, type ProtectedInformation } from '../safety/service.js';
import type { MemberRole } from './queries.js';
import { CaseError, type CasesService } from './service.js';


export type CaseOverview = Awaited<ReturnType<CasesService['overview']>>;

/** The roles a person can have on a case, in the order the pages list them. */
export const MEMBER_ROLES: readonly MemberRole[] = ['child', 'adult-victim', 'person-causing-harm', 'other-adult', 'supporter'];

export const MEMBER_ROLE_LABELS: Record<MemberRole, string> = {
  child: 'Child',
  'adult-victim': 'Adult victim',
  'person-causing-harm': 'Person causing harm',
  'other-adult': 'Other adult',
  supporter: 'Supporter (safety network)',
};

export const MEMBER_ROLE_HEADINGS: Record<MemberRole, string> = {
  child: 'Children',
  'adult-victim': 'Adult victims',
  'person-causing-harm': 'People causing harm',
  'other-adult': 'Other adults',
  supporter: 'Supporters (safety network)',
};

export function isMemberRole(value: unknown): value is MemberRole {
  return typeof value === 'string' && (MEMBER_ROLES as readonly string[]).includes(value);
}

export function isStage(value: unknown): value is CaseStage {
  return typeof value === 'string' && (CASE_STAGES as readonly string[]).includes(value);
}

export function stageLabel(stage: string): string {
  return isStage(stage) ? CASE_STAGE_LABELS[stage] : stage;
}

/** The stages for a select, after a first empty choice ("Any stage", "Choose the stage"). */
export function stageItems(selected: string | undefined, emptyChoice: string) {
  return [
    { value: '', text: emptyChoice, selected: !selected },
    ...CASE_STAGES.map((s) => ({ value: s, text: CASE_STAGE_LABELS[s], selected: s === selected })),
  ];
}

export function statusTag(status: string): { text: string; classes: string } {
  return status === 'closed' ? { text: 'Closed', classes: 'govuk-tag--grey' } : { text: 'Open', classes: 'govuk-tag--green' };
}

/** "7", or "under 1", from a date of birth; null without one. */
export function ageText(dateOfBirth: string | null, today = londonDate(new Date())): string | null {
  if (!dateOfBirth || !isPlainDate(dateOfBirth)) return null;
  const age = ageOn(plainDate(dateOfBirth), today);
  return age < 1 ? 'under 1' : String(age);
}

export function informationLabel(value: string): string {
  return PROTECTED_INFORMATION_LABELS[value as ProtectedInformation] ?? value;
}

import { userOf } from '../../platform/http/route-params.js';
export { userOf };

export function caseIdOf(request: FastifyRequest): string | null {
  const id = (request.params as { caseId?: string }).caseId;
  return id && UUID.test(id) ? id : null;
}

export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The identity bar shown at the top of every page of the case, with its warnings. */
export function bannerOf(c: CaseOverview) {
  const children = c.members
    .filter((m) => m.role === 'child')
    .map((m) => ({ id: m.id, name: `${m.given_name} ${m.family_name}`, age: m.restricted ? null : ageText(m.date_of_birth), restricted: m.restricted }));
  return {
    id: c.id,
    reference: c.reference,
    children,
    status: statusTag(c.state.status),
    stage: stageLabel(c.state.stage),
    workerName: c.workerName,
    teamName: c.teamName,
    whereaboutsWithheld: c.whereaboutsWithheld,
    restricted: c.restricted,
    mustNotReceive: c.mustNotReceive.length > 0,
  };
}

export type CaseTab = 'summary' | 'people' | 'chronology' | 'risk' | 'plans' | 'documents' | null;

export function tabsOf(id: string, active: CaseTab) {
  const tabs: { key: Exclude<CaseTab, null>; text: string; href: string }[] = [
    { key: 'summary', text: 'Summary', href: paths.cases.overview(id) },
    { key: 'people', text: 'People', href: paths.cases.people(id) },
    { key: 'chronology', text: 'Chronology', href: paths.cases.chronology(id) },
    { key: 'risk', text: 'Risk', href: paths.cases.risk(id) },
    { key: 'plans', text: 'Plans', href: paths.cases.plans(id) },
    { key: 'documents', text: 'Documents', href: paths.cases.documents(id) },
  ];
  return tabs.map((t) => ({ text: t.text, href: t.href, active: t.key === active }));
}

/** What the case layout needs around a page of the case: the banner and the case's sub-navigation. */
export function caseFrame(c: CaseOverview, tab: CaseTab) {
  return { caseBanner: bannerOf(c), caseTabs: tabsOf(c.id, tab) };
}

/** Renders a page of the case: the layout adds the banner and the case's sub-navigation. */
export function renderCase(reply: FastifyReply, template: string, c: CaseOverview, tab: CaseTab, context: Record<string, unknown> = {}, status = 200) {
  const errors = context.errors as FormErrors | undefined;
  return reply.code(status).view(template, { ...caseFrame(c, tab), errorSummary: errors?.summary, ...context });
}

/**
 * `load` for a form about a case: the case as `loadCase` gives it (a restricted case answers with its
 * break-glass page), refused (403) when the user may not make this change to it.
 */
export function caseForForm(cases: CasesService, may: (c: CaseOverview) => boolean) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<CaseOverview | Answered> => {
    const c = await loadCase(cases, request, reply);
    if ('sent' in c) return new Answered(c.sent);
    if (!may(c)) throw new CaseError(403, 'You cannot make this change to the case');
    return c;
  };
}

/** One field of what a form holds, as text (a repeated field counts as not given). */
export function valueOf(values: Record<string, string | string[]>, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Loads the case for a page, or sends what the user sees instead: a page saying the case is
 * restricted, with a break-glass form, when a grant or break-glass would let them in; 404 otherwise.
 */
export async function loadCase(cases: CasesService, request: FastifyRequest, reply: FastifyReply): Promise<CaseOverview | { sent: FastifyReply }> {
  const id = caseIdOf(request);
  if (!id) return { sent: reply.code(404).view('errors/404.njk') };
  const user = userOf(request);
  try {
    return await cases.overview(user, id);
  } catch (error) {
    if (!(error instanceof AccessRefused)) throw error;
    const reference = error.breakGlass ? await cases.reference(user, id) : null;
    if (reference) {
      return {
        sent: reply.code(403).view('safety-break-glass.njk', { subject: 'case', recordId: id, label: `Case ${reference}`, restricted: error.reason === 'restricted', minutes: BREAK_GLASS_MINUTES, values: { reason: '' } }),
      };
    }
    // Anyone else is told nothing about the case, not even that it is restricted.
    return { sent: reply.code(404).view('errors/404.njk') };
  }
}


/** Success messages named in the address after a change, so a reload does not repeat it. */
export const DONE_MESSAGES: Record<string, string> = {
  opened: 'The case has been opened',
  note: 'Your note has been added',
  'note-corrected': 'Your correction has been saved. The first version stays on the chronology',
  allocated: 'The allocation has been saved',
  closed: 'The case has been closed',
  reopened: 'The case has been reopened',
  stage: 'The stage has been changed',
  member: 'The person has been added to the case',
  'mnr-added': 'Added to the must-not-receive list',
  'mnr-removed': 'Removed from the must-not-receive list',
  'incident-reviewed': 'Your review of the plan and the safety plan has been recorded',
  'strategy-discussion': 'The strategy discussion has been recorded, and the task is done',
  'change-requested': 'Your request has been sent to the team manager. The case stays as it is until they approve it.',
  'change-approved': 'You approved the change, and it has been made',
  'change-returned': 'You returned the change to the worker. The case stays as it is.',
  restricted: 'The case is now restricted. Only people with access can open it.',
  'restriction-lifted': 'The restriction has been lifted',
  granted: 'Access to this restricted case has been given',
  'break-glass': `You can open this restricted case for the next ${BREAK_GLASS_MINUTES} minutes. Your reason has been recorded and the data protection officer can see it.`,
};

export function doneMessage(request: FastifyRequest): string | undefined {
  const done = (request.query as Record<string, unknown> | undefined)?.done;
  return typeof done === 'string' ? DONE_MESSAGES[done] : undefined;
}
