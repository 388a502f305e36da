import type { FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../platform/access/policy.js';
import { Answered, formPage } from '../../platform/http/form-page.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { contactDetailForm, safeContactForm, withholdForm } from './detail-forms.js';
import { addressForm, CONTACT_KIND_LABELS, dateBoxes } from './forms.js';
import type { PersonScreenView } from './present.js';
import { callerOf, formContext, personToChange, type PersonToChange } from './route-helpers.js';
import type { PeopleService } from './service.js';
import type { WhereaboutsService } from './whereabouts-service.js';

/**
 * Safe-contact preferences hold a safe number and a code word that are withheld from users without
 * the permission. Such a user cannot see what is there, so they are not offered the form: saving it
 * would overwrite values they cannot see.
 */
function safeContactHiddenFrom(loaded: PersonToChange): boolean {
  const safe = loaded.record.safeContact;
  return Boolean(safe) && !loaded.viewer.mayViewWithheld && [safe?.safeNumber, safe?.codeWord].some((v) => v?.withheld);
}

const answer = (value: boolean | undefined) => (value === undefined ? '' : value ? 'yes' : 'no');

/** The safe-contact form's boxes filled from what is saved. */
function savedSafeContact(person: PersonScreenView): Record<string, string> {
  const safe = person.safeContact;
  if (!safe) return {};
  return {
    safeNumber: safe.safeNumber,
    safeTimes: safe.safeTimes ?? '',
    mayLeaveMessage: answer(safe.mayLeaveMessage),
    askIfAloneFirst: answer(safe.askIfAloneFirst),
    codeWord: safe.codeWord ?? '',
    neutralLetters: answer(safe.neutralLetters),
  };
}

type Withholdable = 'address' | 'contact-detail';

/** The address or contact detail named in the address, as this user sees it. */
function itemToWithhold(what: Withholdable, person: PersonScreenView, request: FastifyRequest) {
  const params = request.params as { addressId?: string; detailId?: string };
  const id = (what === 'address' ? params.addressId : params.detailId) ?? '';
  if (what === 'address') return person.addresses.filter((a) => a.id === id).map((a) => ({ id: a.id, withheld: a.withheld, lines: a.lines }))[0];
  return person.contactDetails.filter((c) => c.id === id).map((c) => ({ id: c.id, withheld: c.withheld, lines: [`${CONTACT_KIND_LABELS[c.kind] ?? c.kind}${c.label ? ` (${c.label})` : ''}: ${c.value}`] }))[0];
}

/** Addresses, contact details, withholding them, and safe-contact preferences: each a small form on its own page. */
export function whereaboutsRoutes(router: Router, people: PeopleService, whereabouts: WhereaboutsService): void {
  const load = (request: FastifyRequest, reply: FastifyReply) => personToChange(people, request, reply);

  formPage(router, {
    url: paths.people.addAddress(),
    permission: 'person:edit',
    pageName: 'people-add-address',
    template: 'people-add-address.njk',
    schema: addressForm,
    dateInputs: ['from', 'to'],
    load,
    view: (loaded, request, values) => ({
      person: loaded.person,
      fromItems: dateBoxes(values, 'from'),
      toItems: dateBoxes(values, 'to'),
      canWithhold: can(request.user, 'whereabouts:withhold'),
    }),
    submit: async (address, loaded, request) => {
      await whereabouts.addAddress(callerOf(request), loaded.id, address, request.id);
      return { to: paths.people.person(loaded.id), done: 'address' };
    },
  });

  formPage(router, {
    url: paths.people.addContactDetail(),
    permission: 'person:edit',
    pageName: 'people-add-contact-detail',
    template: 'people-add-contact-detail.njk',
    schema: contactDetailForm,
    load,
    view: (loaded, request) => ({ person: loaded.person, kindLabels: CONTACT_KIND_LABELS, canWithhold: can(request.user, 'whereabouts:withhold') }),
    submit: async (detail, loaded, request) => {
      await whereabouts.addContactDetail(callerOf(request), loaded.id, detail, request.id);
      return { to: paths.people.person(loaded.id), done: 'contact-detail' };
    },
  });

  for (const what of ['address', 'contact-detail'] as const) {
    formPage(router, {
      url: what === 'address' ? paths.people.withholdAddress() : paths.people.withholdContactDetail(),
      permission: 'whereabouts:withhold',
      pageName: `people-withhold-${what}`,
      template: 'people-withhold.njk',
      schema: withholdForm,
      load: async (request, reply) => {
        const loaded = await load(request, reply);
        if (loaded instanceof Answered) return loaded;
        const item = itemToWithhold(what, loaded.person, request);
        if (!item) return null;
        // Withheld already (by someone else meanwhile): the page says so, and nothing is done.
        if (item.withheld && request.method === 'POST') return new Answered(reply.view('people-withhold.njk', { person: loaded.person, item, what, values: {}, ...formContext() }));
        return { ...loaded, item };
      },
      view: (loaded) => ({ person: loaded.person, item: loaded.item, what }),
      submit: async ({ reason }, loaded, request) => {
        await whereabouts.withhold(callerOf(request), loaded.id, what, loaded.item.id, reason, request.id);
        return { to: paths.people.person(loaded.id), done: `${what}-withheld` };
      },
    });
  }

  formPage(router, {
    url: paths.people.safeContact(),
    permission: 'person:edit',
    pageName: 'people-safe-contact',
    template: 'people-safe-contact.njk',
    schema: safeContactForm,
    load: async (request, reply) => {
      const loaded = await load(request, reply);
      if (loaded instanceof Answered || !safeContactHiddenFrom(loaded)) return loaded;
      // Not offered the form, nor may they post it (403).
      return new Answered(reply.code(403).view('people-safe-contact.njk', { person: loaded.person, hidden: true, values: {}, ...formContext() }));
    },
    initial: (loaded) => savedSafeContact(loaded.person),
    view: (loaded) => ({ person: loaded.person, hidden: false }),
    submit: async (preferences, loaded, request) => {
      await whereabouts.setSafeContact(callerOf(request), loaded.id, preferences, request.id);
      return { to: paths.people.person(loaded.id), done: 'safe-contact' };
    },
  });
}
