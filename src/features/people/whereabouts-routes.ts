import { attempt } from '../../platform/http/service-error.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../platform/access/policy.js';
import type { FormErrors } from '../../platform/http/forms.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { CONTACT_DETAIL_KEYS, parseContactDetail, parseReason, parseSafeContact, SAFE_CONTACT_KEYS } from './detail-forms.js';
import { ADDRESS_KEYS, addressErrors, blankValues, CONTACT_KIND_LABELS, dateItems, parseAddress, readValues, type DatePart, type FormValues } from './forms.js';
import { presentPersonForScreen, type PersonScreenView } from './present.js';
import { callerOf, formContext, loadPerson, personPageAfter, type FoundPerson } from './route-helpers.js';
import type { PeopleService } from './service.js';
import type { WhereaboutsService } from './whereabouts-service.js';

/**
 * Safe-contact preferences hold a safe number and a code word that are withheld from users without
 * the permission. Such a user cannot see what is there, so they are not offered the form: saving it
 * would overwrite values they cannot see.
 */
function safeContactHiddenFrom(loaded: FoundPerson): boolean {
  const safe = loaded.record.safeContact;
  return Boolean(safe) && !loaded.viewer.mayViewWithheld && [safe?.safeNumber, safe?.codeWord].some((v) => v?.withheld);
}

const answer = (value: boolean | undefined) => (value === undefined ? '' : value ? 'yes' : 'no');

/** Addresses, contact details, withholding them, and safe-contact preferences: each a small form on its own page. */
export function whereaboutsRoutes(router: Router, people: PeopleService, whereabouts: WhereaboutsService): void {
  function showAddressForm(request: FastifyRequest, reply: FastifyReply, person: PersonScreenView, values: FormValues, errors?: FormErrors, dateParts: Record<string, DatePart[]> = {}) {
    return reply.code(errors ? 400 : 200).view('people-add-address.njk', {
      person,
      values,
      fromItems: dateItems(values, 'from', dateParts.from),
      toItems: dateItems(values, 'to', dateParts.to),
      canWithhold: can(request.user, 'whereabouts:withhold'),
      ...formContext(errors),
    });
  }

  router.page({
    method: 'GET',
    url: paths.people.addAddress(),
    permission: 'person:edit',
    pageName: 'people-add-address',
    handler: async (request, reply) => {
      const loaded = await loadPerson(people, request, reply);
      if ('sent' in loaded) return loaded.sent;
      return showAddressForm(request, reply, presentPersonForScreen(loaded.record, loaded.viewer), blankValues(ADDRESS_KEYS));
    },
  });

  router.page({
    method: 'POST',
    url: paths.people.addAddress(),
    permission: 'person:edit',
    pageName: 'people-add-address',
    handler: async (request, reply) => {
      const loaded = await loadPerson(people, request, reply);
      if ('sent' in loaded) return loaded.sent;
      const person = presentPersonForScreen(loaded.record, loaded.viewer);
      const values = readValues(request.body, ADDRESS_KEYS);
      const form = parseAddress(values, '', { optional: false });
      if (!form.address) return showAddressForm(request, reply, person, values, addressErrors(form.errors), form.dateParts);
      const address = form.address;
      const result = await attempt(reply, () => whereabouts.addAddress(callerOf(request), loaded.id, address, request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return showAddressForm(request, reply, person, values, result.errors);
      return reply.redirect(personPageAfter(loaded.id, 'address'), 303);
    },
  });

  function showContactForm(request: FastifyRequest, reply: FastifyReply, person: PersonScreenView, values: FormValues, errors?: FormErrors) {
    return reply.code(errors ? 400 : 200).view('people-add-contact-detail.njk', {
      person,
      values,
      kindLabels: CONTACT_KIND_LABELS,
      canWithhold: can(request.user, 'whereabouts:withhold'),
      ...formContext(errors),
    });
  }

  router.page({
    method: 'GET',
    url: paths.people.addContactDetail(),
    permission: 'person:edit',
    pageName: 'people-add-contact-detail',
    handler: async (request, reply) => {
      const loaded = await loadPerson(people, request, reply);
      if ('sent' in loaded) return loaded.sent;
      return showContactForm(request, reply, presentPersonForScreen(loaded.record, loaded.viewer), blankValues(CONTACT_DETAIL_KEYS));
    },
  });

  router.page({
    method: 'POST',
    url: paths.people.addContactDetail(),
    permission: 'person:edit',
    pageName: 'people-add-contact-detail',
    handler: async (request, reply) => {
      const loaded = await loadPerson(people, request, reply);
      if ('sent' in loaded) return loaded.sent;
      const person = presentPersonForScreen(loaded.record, loaded.viewer);
      const values = readValues(request.body, CONTACT_DETAIL_KEYS);
      const form = parseContactDetail(values);
      if (!form.ok) return showContactForm(request, reply, person, values, form.errors);
      const result = await attempt(reply, () => whereabouts.addContactDetail(callerOf(request), loaded.id, form.data, request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return showContactForm(request, reply, person, values, result.errors);
      return reply.redirect(personPageAfter(loaded.id, 'contact-detail'), 303);
    },
  });

  for (const what of ['address', 'contact-detail'] as const) {
    const url = what === 'address' ? paths.people.withholdAddress() : paths.people.withholdContactDetail();
    const itemIdOf = (request: FastifyRequest) => {
      const params = request.params as { addressId?: string; detailId?: string };
      return (what === 'address' ? params.addressId : params.detailId) ?? '';
    };

    /** The address or contact detail named in the address, as this user sees it, or the 404 page. */
    async function loadItem(request: FastifyRequest, reply: FastifyReply) {
      const loaded = await loadPerson(people, request, reply);
      if ('sent' in loaded) return loaded;
      const person = presentPersonForScreen(loaded.record, loaded.viewer);
      const id = itemIdOf(request);
      const item =
        what === 'address'
          ? person.addresses.filter((a) => a.id === id).map((a) => ({ id: a.id, withheld: a.withheld, lines: a.lines }))[0]
          : person.contactDetails.filter((c) => c.id === id).map((c) => ({ id: c.id, withheld: c.withheld, lines: [`${CONTACT_KIND_LABELS[c.kind] ?? c.kind}${c.label ? ` (${c.label})` : ''}: ${c.value}`] }))[0];
      if (!item) return { sent: reply.code(404).view('errors/404.njk') };
      return { loaded, person, item };
    }

    const show = (reply: FastifyReply, context: { person: PersonScreenView; item: { id: string; withheld: boolean; lines: string[] } }, values: FormValues, errors?: FormErrors) =>
      reply.code(errors ? 400 : 200).view('people-withhold.njk', { ...context, what, values, ...formContext(errors) });

    router.page({
      method: 'GET',
      url,
      permission: 'whereabouts:withhold',
      pageName: `people-withhold-${what}`,
      handler: async (request, reply) => {
        const found = await loadItem(request, reply);
        if ('sent' in found) return found.sent;
        return show(reply, found, { reason: '' });
      },
    });

    router.page({
      method: 'POST',
      url,
      permission: 'whereabouts:withhold',
      pageName: `people-withhold-${what}`,
      handler: async (request, reply) => {
        const found = await loadItem(request, reply);
        if ('sent' in found) return found.sent;
        if (found.item.withheld) return show(reply, found, { reason: '' });
        const values = readValues(request.body, ['reason']);
        const form = parseReason(values);
        if (!form.ok) return show(reply, found, values, form.errors);
        const result = await attempt(reply, () => whereabouts.withhold(callerOf(request), found.loaded.id, what, found.item.id, form.data, request.id));
        if ('sent' in result) return result.sent;
        if (!result.ok) return show(reply, found, values, result.errors);
        return reply.redirect(personPageAfter(found.loaded.id, what === 'address' ? 'address-withheld' : 'contact-detail-withheld'), 303);
      },
    });
  }

  function showSafeContactForm(reply: FastifyReply, loaded: FoundPerson, values?: FormValues, errors?: FormErrors) {
    const person = presentPersonForScreen(loaded.record, loaded.viewer);
    const hidden = safeContactHiddenFrom(loaded);
    const safe = person.safeContact;
    const current: FormValues = safe
      ? {
          safeNumber: safe.safeNumber,
          safeTimes: safe.safeTimes ?? '',
          mayLeaveMessage: answer(safe.mayLeaveMessage),
          askIfAloneFirst: answer(safe.askIfAloneFirst),
          codeWord: safe.codeWord ?? '',
          neutralLetters: answer(safe.neutralLetters),
        }
      : blankValues(SAFE_CONTACT_KEYS);
    return reply.code(hidden ? 403 : errors ? 400 : 200).view('people-safe-contact.njk', { person, hidden, values: hidden ? blankValues(SAFE_CONTACT_KEYS) : (values ?? current), ...formContext(errors) });
  }

  router.page({
    method: 'GET',
    url: paths.people.safeContact(),
    permission: 'person:edit',
    pageName: 'people-safe-contact',
    handler: async (request, reply) => {
      const loaded = await loadPerson(people, request, reply);
      if ('sent' in loaded) return loaded.sent;
      return showSafeContactForm(reply, loaded);
    },
  });

  router.page({
    method: 'POST',
    url: paths.people.safeContact(),
    permission: 'person:edit',
    pageName: 'people-safe-contact',
    handler: async (request, reply) => {
      const loaded = await loadPerson(people, request, reply);
      if ('sent' in loaded) return loaded.sent;
      if (safeContactHiddenFrom(loaded)) return showSafeContactForm(reply, loaded);
      const values = readValues(request.body, SAFE_CONTACT_KEYS);
      const form = parseSafeContact(values);
      if (!form.ok) return showSafeContactForm(reply, loaded, values, form.errors);
      const result = await attempt(reply, () => whereabouts.setSafeContact(callerOf(request), loaded.id, form.data, request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return showSafeContactForm(reply, loaded, values, result.errors);
      return reply.redirect(personPageAfter(loaded.id, 'safe-contact'), 303);
    },
  });
}
