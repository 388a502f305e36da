import type { FastifyReply, FastifyRequest } from 'fastify';
import { CASE_STAGE_LABELS, type CaseStage } from '../../domain/cases/case-events.js';
import { DA_SERVICE_REFERRAL_LABELS, DA_SERVICE_REFERRALS, PATHWAY_LABELS, PATHWAYS, type DaServiceReferral } from '../../domain/contacts/contact.js';
import { RELATIONSHIP_LABELS, type RelationshipKind } from '../../domain/people/relationships.js';
import { YOUNG_CHILD_AGE, type Pathway } from '../../domain/triage/threshold.js';
import type { Action } from '../../platform/access/policy.js';
import { asList, formErrors, type FormErrors } from '../../platform/http/forms.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import { presentGivenAddress, presentIncidentPlace } from '../people/present.js';
import { abuseLabel, body, loadContact, renderContact, roleLabel, text, userOf, UUID, type ContactDetail, type ContactTab } from './contact-page.js';
import type { ContactReadService } from './read-service.js';
import type { ContactsService } from './service.js';

const isPathway = (v: string): v is Pathway => (PATHWAYS as string[]).includes(v);
const isReferral = (v: string): v is DaServiceReferral => (DA_SERVICE_REFERRALS as readonly string[]).includes(v);

/** Short lines for "before you decide": the repeats, the open cases, the Marac referrals, the other victims. */
function historySummary(d: ContactDetail): string[] {
  const lines: string[] = [];
  for (const h of d.history) {
    if (h.hidden) {
      lines.push(`${h.name} (${roleLabel(h.role).toLowerCase()}): restricted, ask for access to see their history`);
      continue;
    }
    const parts: string[] = [];
    if (h.incidentsLast12Months.length) parts.push(`${h.incidentsLast12Months.length} incident${h.incidentsLast12Months.length === 1 ? '' : 's'} in the last 12 months`);
    const open = h.cases.filter((k) => k.status === 'open').length;
    if (open) parts.push(`${open} open case${open === 1 ? '' : 's'}`);
    if (h.maracReferrals.length) parts.push(`referred to Marac ${h.maracReferrals.length} time${h.maracReferrals.length === 1 ? '' : 's'}`);
    if (h.otherVictims.length) parts.push(`known to have harmed ${new Set(h.otherVictims.map((v) => v.name)).size} other victim${h.otherVictims.length === 1 ? '' : 's'}`);
    if (parts.length) lines.push(`${h.name} (${roleLabel(h.role).toLowerCase()}): ${parts.join(', ')}`);
  }
  const unlinked = d.people.filter((p) => !p.person_id).length;
  if (unlinked) lines.push(`${unlinked} ${unlinked === 1 ? 'person is' : 'people are'} not linked to a record, so their history is not shown`);
  return lines;
}

function triageRows(d: ContactDetail) {
  const children = d.people.filter((p) => p.role === 'child');
  return d.triage.children.map((t, i) => {
    const child = children[i]!;
    return {
      ref: child.ref,
      name: `${child.given_name} ${child.family_name}`,
      scale: t.scale,
      rag: t.rag,
      pathway: t.pathway,
      modifierApplied: t.modifierApplied,
      modifierReason: child.send || child.person_send ? 'special educational needs or disabilities' : `under ${YOUNG_CHILD_AGE} on the day the contact arrived`,
    };
  });
}

/** The details the contact gives of a person; the address given is added by the template from `addressGiven`. */
function personRows(p: ContactDetail['people'][number]) {
  return [
    { key: { text: 'Date of birth' }, value: { text: p.date_of_birth ?? 'Not given' } },
    ...(p.nhs_number ? [{ key: { text: 'NHS number' }, value: { text: p.nhs_number } }] : []),
    ...(p.role === 'child' ? [{ key: { text: 'Special educational needs or disabilities' }, value: { text: p.send ? 'Yes' : 'Not known' } }] : []),
    ...(p.school ? [{ key: { text: 'School' }, value: { text: p.school } }] : []),
  ];
}

const eventLabels: Record<string, string> = {
  received: 'Contact received',
  'person-linked': 'Person linked to a record',
  'person-added': 'New person record added',
  'indicators-set': 'Threshold indicators saved',
  recommended: 'Recommendation made',
  decided: 'Threshold decision recorded',
  'sent-to-allocated-worker': 'Sent to the allocated worker of an open case',
};

export function contactRoutes(router: Router, contacts: ContactsService, read: ContactReadService): void {
  const show = async (request: FastifyRequest, reply: FastifyReply, d: ContactDetail, tab: ContactTab, extra: Record<string, unknown> & { errors?: FormErrors; status?: number } = {}) => {
    const common = {
      unlinked: d.people.filter((p) => !p.person_id).length,
      stageLabel: (s: string) => CASE_STAGE_LABELS[s as CaseStage] ?? s,
      relationshipLabel: (k: string) => RELATIONSHIP_LABELS[k as RelationshipKind] ?? k,
      daServiceLabel: (r: string | null) => (r && isReferral(r) ? DA_SERVICE_REFERRAL_LABELS[r] : 'Not recorded'),
      historySummary: historySummary(d),
      triageRows: triageRows(d),
      done: text((request.query as Record<string, unknown>).done),
    };
    switch (tab) {
      case 'summary':
        return renderContact(reply, 'contact-summary.njk', d, tab, {
          ...common,
          ...extra,
          abuseTypes: d.contact.abuse_types.map(abuseLabel),
          place: presentIncidentPlace(d.contact.place, d.viewer, 'screen'),
          childrenText: d.contact.children_present ? ['Yes', d.contact.children_saw ? 'saw it' : '', d.contact.children_heard ? 'heard it' : ''].filter(Boolean).join(', ') : 'No',
          timeline: [...d.events].reverse().map((e) => ({
            label: { text: eventLabels[e.type] ?? e.type },
            byline: { text: e.user_name ?? (e.by_api_client ? 'A partner system' : 'The system') },
            datetime: { timestamp: e.at.toISOString(), type: 'datetime' },
            html: '',
          })),
        });
      case 'people':
        return renderContact(reply, 'contact-people.njk', d, tab, {
          ...common,
          ...extra,
          people: d.people.map((p) => ({
            ...p,
            rows: personRows(p),
            addressGiven: presentGivenAddress(p, p.viewer, 'screen'),
            candidates: p.candidates.map((c) => ({ ...c, percent: Math.round(c.score * 100) })),
          })),
        });
      case 'history':
        return renderContact(reply, 'contact-history.njk', d, tab, { ...common, ...extra });
      case 'triage': {
        const values = (extra.values ?? {}) as Record<string, string>;
        const ticked = new Set(d.contact.indicators);
        const groups = [1, 2, 3, 4].map((level) => ({
          level,
          legend: { 1: 'Scale 1 (early help)', 2: 'Scale 2 (early help)', 3: 'Scale 3 (child in need)', 4: 'Scale 4 (child protection)' }[level]!,
          items: d.indicators.filter((i) => i.level === level).map((i) => ({ value: i.code, text: i.meaning, checked: ticked.has(i.code) })),
        })).filter((g) => g.items.length);
        return renderContact(reply, 'contact-triage.njk', d, tab, {
          ...common,
          ...extra,
          indicatorGroups: groups,
          ticked: d.indicators.filter((i) => ticked.has(i.code)).map((i) => i.meaning),
          pathwayItems: PATHWAYS.map((p) => ({ value: p, text: PATHWAY_LABELS[p], checked: (values.pathway ?? d.recommendation?.data.pathway ?? d.triage.pathway) === p })),
        });
      }
      case 'decision': {
        const values = (extra.values ?? {}) as Record<string, string>;
        const suggested = (d.recommendation?.data.pathway as string | undefined) ?? d.triage.pathway;
        return renderContact(reply, 'contact-decision.njk', d, tab, {
          ...common,
          ...extra,
          pathwayItems: PATHWAYS.map((p) => ({ value: p, text: PATHWAY_LABELS[p], checked: (values.pathway ?? suggested) === p })),
          daServiceItems: DA_SERVICE_REFERRALS.map((r) => ({ value: r, text: DA_SERVICE_REFERRAL_LABELS[r], checked: values.daServiceReferral === r })),
        });
      }
    }
  };

  const tabPage = (url: string, tab: ContactTab, pageName: string) =>
    router.page({
      method: 'GET',
      url,
      permission: 'home:view',
      pageName,
      handler: async (request, reply) => {
        const d = await loadContact(read, request, reply);
        if ('sent' in d) return d.sent;
        if (tab === 'decision' && !d.mayDecide && !d.decision) return reply.code(403).view('errors/403.njk');
        return show(request, reply, d, tab);
      },
    });
  tabPage(paths.contacts.contact(), 'summary', 'contact');
  tabPage(paths.contacts.people(), 'people', 'contact-people');
  tabPage(paths.contacts.history(), 'history', 'contact-history');
  tabPage(paths.contacts.triage(), 'triage', 'contact-triage');
  tabPage(paths.contacts.decision(), 'decision', 'contact-decision');

  /** A change to one contact: it loads (404 for unknown ones), then the service decides what is allowed. */
  const contactPost = (url: string, permission: Action, pageName: string, handler: (request: FastifyRequest, reply: FastifyReply, d: ContactDetail) => Promise<unknown>) =>
    router.page({
      method: 'POST',
      url,
      permission,
      pageName,
      handler: async (request, reply) => {
        const d = await loadContact(read, request, reply);
        if ('sent' in d) return d.sent;
        return handler(request, reply, d);
      },
    });
  const back = (id: string, page: (id: string) => string, what: string) => withQuery(page(id), { done: what });
  const reload = (request: FastifyRequest) => read.detail(userOf(request), (request.params as { contactId: string }).contactId, request.id);

  contactPost(paths.contacts.link(), 'contact:record', 'contact-link', async (request, reply, d) => {
    const ref = (request.params as { ref: string }).ref;
    const personId = text(body(request).personId);
    if (!UUID.test(personId)) return show(request, reply, d, 'people', { errors: formErrors({ [`person-${ref}`]: 'Choose a record from the list' }), status: 400 });
    const result = await attempt(reply, () => contacts.link({ kind: 'user', user: userOf(request) }, d.contact.id, ref, personId, request.id), { personId: `person-${ref}` });
    if ('sent' in result) return result.sent;
    if (!result.ok) return show(request, reply, await reload(request), 'people', { errors: result.errors, status: result.status });
    return reply.redirect(back(d.contact.id, paths.contacts.people, 'linked'), 303);
  });

  contactPost(paths.contacts.addPerson(), 'person:create', 'contact-add-person', async (request, reply, d) => {
    const ref = (request.params as { ref: string }).ref;
    const result = await attempt(reply, () => contacts.addPersonRecord(userOf(request), d.contact.id, ref, request.id), { form: `person-${ref}` });
    if ('sent' in result) return result.sent;
    if (!result.ok) return show(request, reply, await reload(request), 'people', { errors: result.errors, status: result.status });
    return reply.redirect(back(d.contact.id, paths.contacts.people, 'added'), 303);
  });

  contactPost(paths.contacts.triage(), 'contact:record', 'contact-indicators', async (request, reply, d) => {
    const codes = asList(body(request).indicators);
    const firstId = `indicators-${d.indicators[0]?.level ?? 1}`;
    const result = await attempt(reply, () => contacts.setIndicators({ kind: 'user', user: userOf(request) }, d.contact.id, codes, request.id), { indicators: firstId, form: firstId });
    if ('sent' in result) return result.sent;
    if (!result.ok) return show(request, reply, d, 'triage', { errors: result.errors, status: result.status });
    return reply.redirect(back(d.contact.id, paths.contacts.triage, 'indicators'), 303);
  });

  contactPost(paths.contacts.recommend(), 'contact:record', 'contact-recommend', async (request, reply, d) => {
    const fields = body(request);
    const values = { pathway: text(fields.pathway), reason: text(fields.reason).trim() };
    const problems: Record<string, string> = {};
    if (!isPathway(values.pathway)) problems.pathway = 'Choose what you recommend';
    if (!values.reason) problems.reason = 'Give the reason for your recommendation';
    else if (values.reason.length > 5000) problems.reason = 'Write 5,000 characters or fewer';
    if (Object.keys(problems).length) return show(request, reply, d, 'triage', { errors: formErrors(problems), status: 400, values });
    const result = await attempt(reply, () => contacts.recommend(userOf(request), d.contact.id, values.pathway as Pathway, values.reason, request.id), { form: 'pathway' });
    if ('sent' in result) return result.sent;
    if (!result.ok) return show(request, reply, d, 'triage', { errors: result.errors, status: result.status, values });
    return reply.redirect(back(d.contact.id, paths.contacts.contact, 'recommended'), 303);
  });

  contactPost(paths.contacts.decision(), 'contact:decide', 'contact-decide', async (request, reply, d) => {
    const fields = body(request);
    const values = { pathway: text(fields.pathway), reason: text(fields.reason).trim(), daServiceReferral: text(fields.daServiceReferral), checkMarac: text(fields.checkMarac) };
    const recommended = d.recommendation?.data.pathway as string | undefined;
    const problems: Record<string, string> = {};
    if (!isPathway(values.pathway)) problems.pathway = 'Choose your decision';
    if (!values.reason) problems.reason = recommended && values.pathway && recommended !== values.pathway ? 'Give the reason for deciding differently from the recommendation' : 'Give the reason for the decision';
    else if (values.reason.length > 5000) problems.reason = 'Write 5,000 characters or fewer';
    if (!isReferral(values.daServiceReferral)) problems.daServiceReferral = 'Choose where the victim is referred, or no referral';
    if (values.checkMarac !== 'yes' && values.checkMarac !== 'no') problems.checkMarac = 'Say whether the Marac criteria need checking';
    if (Object.keys(problems).length) return show(request, reply, d, 'decision', { errors: formErrors(problems), status: 400, values });
    const result = await attempt(
      reply,
      () =>
        contacts.decide(
          { kind: 'user', user: userOf(request) },
          d.contact.id,
          { pathway: values.pathway as Pathway, reason: values.reason, daServiceReferral: values.daServiceReferral as DaServiceReferral, checkMarac: values.checkMarac === 'yes' },
          request.id,
        ),
      { form: 'pathway' },
    );
    if ('sent' in result) return result.sent;
    if (!result.ok) return show(request, reply, d, 'decision', { errors: result.errors, status: result.status, values });
    return reply.redirect(back(d.contact.id, paths.contacts.decision, 'decided'), 303);
  });
}
