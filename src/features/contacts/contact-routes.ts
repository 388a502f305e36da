import type { FastifyRequest } from 'fastify';
import type { Action } from '../../platform/access/policy.js';
import { formPage } from '../../platform/http/form-page.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { contactOf, loadContact, refOf, userOf, type ContactDetail, type ContactTab } from './contact-page.js';
import { contactTabView, TAB_TEMPLATES } from './contact-views.js';
import { decisionForm, indicatorsForm, linkForm, recommendationForm, unlinkForm } from './forms.js';
import type { ContactReadService } from './read-service.js';
import type { ContactsService } from './service.js';

/** The person on the contact a form is about, from the address. */
/**
 * The pages of one contact, and the forms on them. Reading the summary and the people needs only
 * `case:view`: the read service shows a contact to the MASH and to a worker who may see the case it
 * was sent to, and answers 404 to anyone else. The history, the triage and the decision are the
 * MASH's screening: `contact:view`. Each form posts to its own address and is a `formPage` shown on
 * its tab's page.
 */
export function contactRoutes(router: Router, contacts: ContactsService, read: ContactReadService): void {
  const tabPage = (url: string, tab: ContactTab, permission: Action, pageName: string) =>
    router.page({
      method: 'GET',
      url,
      permission,
      pageName,
      handler: async (request, reply) => {
        const d = await loadContact(read, request, reply);
        if ('sent' in d) return d.sent;
        if (tab === 'decision' && !d.mayDecide && !d.decision) return reply.code(403).view('errors/403.njk');
        return reply.view(TAB_TEMPLATES[tab], { ...contactTabView(request, d, tab), values: {}, errors: { fields: {}, summary: [] } });
      },
    });
  tabPage(paths.contacts.contact(), 'summary', 'case:view', 'contact');
  // The people tab, with its search for a record, is in matching-routes.ts.
  tabPage(paths.contacts.history(), 'history', 'contact:view', 'contact-history');
  tabPage(paths.contacts.triage(), 'triage', 'contact:view', 'contact-triage');
  tabPage(paths.contacts.decision(), 'decision', 'contact:view', 'contact-decision');

  const load = contactOf(read);
  const onTab = (tab: ContactTab) => ({
    postOnly: true,
    template: TAB_TEMPLATES[tab],
    load,
    view: (d: ContactDetail, request: FastifyRequest, values: Record<string, string | string[]>, again?: string) => contactTabView(request, d, tab, values, again),
  });
  const actor = (request: FastifyRequest) => ({ kind: 'user' as const, user: userOf(request) });

  formPage(router, {
    ...onTab('people'),
    url: paths.contacts.link(),
    permission: 'contact:record',
    pageName: 'contact-link',
    schema: linkForm,
    submit: async (form, d, request) => {
      await contacts.link(actor(request), d.contact.id, refOf(request), form.personId, request.id);
      return { to: paths.contacts.people(d.contact.id), done: 'linked' };
    },
    fieldIds: (request) => ({ personId: `person-${refOf(request)}` }),
  });

  formPage(router, {
    ...onTab('people'),
    url: paths.contacts.unlink(),
    permission: 'contact:record',
    pageName: 'contact-unlink',
    schema: unlinkForm,
    submit: async (form, d, request) => {
      await contacts.unlink(userOf(request), d.contact.id, refOf(request), form.reason, request.id);
      return { to: paths.contacts.people(d.contact.id), done: 'unlinked' };
    },
    fieldIds: (request) => ({ reason: `unlink-${refOf(request)}`, form: `unlink-${refOf(request)}` }),
  });

  formPage(router, {
    ...onTab('triage'),
    url: paths.contacts.triage(),
    permission: 'contact:record',
    pageName: 'contact-indicators',
    schema: indicatorsForm,
    submit: async (form, d, request) => {
      await contacts.setIndicators(actor(request), d.contact.id, form.indicators, request.id);
      // The button is in the recommendation's form: what was typed there stays on the page.
      return { again: 'indicators' };
    },
    fieldIds: { form: 'indicators' },
  });

  formPage(router, {
    ...onTab('triage'),
    url: paths.contacts.recommend(),
    permission: 'contact:record',
    pageName: 'contact-recommend',
    schema: recommendationForm,
    submit: async (form, d, request) => {
      await contacts.recommend(userOf(request), d.contact.id, { indicators: form.indicators, pathway: form.pathway, reason: form.reason }, request.id);
      return { to: paths.contacts.contact(d.contact.id), done: 'recommended' };
    },
    fieldIds: { form: 'pathway' },
  });

  formPage(router, {
    ...onTab('decision'),
    url: paths.contacts.decision(),
    permission: 'contact:decide',
    pageName: 'contact-decide',
    schema: (d, request) => decisionForm(d.recommendation?.data.pathway as string | undefined, (request.body as Record<string, unknown> | undefined)?.pathway),
    submit: async (form, d, request) => {
      await contacts.decide(actor(request), d.contact.id, form, request.id);
      return { to: paths.contacts.decision(d.contact.id), done: 'decided' };
    },
    fieldIds: { form: 'pathway' },
  });
}
