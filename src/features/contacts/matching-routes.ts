import { Answered, formPage } from '../../platform/http/form-page.js';
import { parseForm, type FormErrors } from '../../platform/http/forms.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { searchTermsOf } from '../../platform/http/sealed-search.js';
import { attempt } from '../../platform/http/service-error.js';
import type { PeopleService } from '../people/service.js';
import type { RecordSummaryService } from '../people/summary-service.js';
import { presentGivenAddress } from '../people/service.js';
import { contactOf, loadContact, refOf, roleLabel, userOf, UUID, type ContactDetail } from './contact-page.js';
import { contactTabView, personRows } from './contact-views.js';
import { addPersonForm, recordSearchForm } from './forms.js';
import type { ContactReadService } from './read-service.js';
import type { ContactsService } from './service.js';

/** How many of the proposed records the check before adding a new one shows again. */
const CLOSEST_AGAIN = 3;

type OnContact = ContactDetail['people'][number];

/** The person on the contact named in the address, or null. */
function personOn(d: ContactDetail, ref: string): OnContact | null {
  return d.people.find((p) => p.ref === ref) ?? null;
}

/**
 * Matching the people on a contact to their records, so the MASH never makes a duplicate: each
 * proposed record can be opened in brief before linking it; a worker can search for another record
 * when the right one is not proposed; and adding a new record goes through a check that shows the
 * closest records once more.
 */
export function matchingRoutes(router: Router, contacts: ContactsService, read: ContactReadService, people: PeopleService, records: RecordSummaryService): void {
  /** The people tab, with the results of a search for one person's record when the worker searched. */
  router.page({
    method: 'GET',
    url: paths.contacts.people(),
    permission: 'case:view',
    pageName: 'contact-people',
    handler: async (request, reply) => {
      const d = await loadContact(read, request, reply);
      if ('sent' in d) return d.sent;
      const { terms } = searchTermsOf(request, ['name', 'ref']);
      const ref = typeof terms.ref === 'string' ? terms.ref : '';
      const person = personOn(d, ref);
      let errors: FormErrors | undefined;
      let search: { ref: string; name: string; results: { id: string; name: string; restricted: boolean; dateOfBirth: string | null }[]; more: boolean } | undefined;
      if (person && !person.person_id && d.mayRecord && 'name' in terms) {
        const form = parseForm(recordSearchForm, terms);
        if (!form.ok) {
          errors = { fields: { [`search-${ref}`]: form.errors.fields.name ?? '' }, summary: form.errors.summary.map((s) => ({ ...s, href: `#search-${ref}` })) };
        } else {
          const found = await people.search({ kind: 'user', user: userOf(request) }, { name: form.data.name }, 1, request.id);
          search = {
            ref,
            name: form.data.name,
            results: found.results.map((r) => ({ id: r.id, name: r.name, restricted: r.restricted, dateOfBirth: r.restricted ? null : r.dateOfBirth })),
            more: found.total > found.results.length,
          };
        }
      }
      const view = contactTabView(request, d, 'people');
      return reply.code(errors ? 400 : 200).view('contact-people.njk', { ...view, search, values: { [`search-${ref}`]: terms.name ?? '' }, errors: errors ?? { fields: {}, summary: [] }, errorSummary: errors?.summary });
    },
  });

  /** A record in brief, beside the person as the contact gives them, with the way to link it. */
  router.page({
    method: 'GET',
    url: paths.contacts.candidate(),
    permission: 'contact:record',
    pageName: 'contact-candidate',
    handler: async (request, reply) => {
      const d = await loadContact(read, request, reply);
      if ('sent' in d) return d.sent;
      const person = personOn(d, refOf(request));
      const personId = (request.params as { personId?: string }).personId ?? '';
      if (!person || !UUID.test(personId)) return reply.code(404).view('errors/404.njk');
      // A record this user may not open (restricted, or merged into another) answers 403 or 404.
      const found = await attempt(reply, () => records.summary(userOf(request), personId));
      if (!found.ok) return 'sent' in found ? found.sent : reply.code(404).view('errors/404.njk');
      const summary = found.value;
      return reply.view('contact-candidate.njk', {
        d,
        c: d.contact,
        onContact: { ...person, rows: personRows(person), addressGiven: presentGivenAddress(person, person.viewer, 'screen') },
        roleLabel,
        record: summary,
        recordId: personId,
        mayLink: d.mayRecord && !person.person_id,
      });
    },
  });

  /** Adding a new record: a check first, with the closest existing records once more. */
  formPage(router, {
    url: paths.contacts.addPerson(),
    permission: 'contact:record',
    pageName: 'contact-add-person',
    template: 'contact-new-record.njk',
    schema: addPersonForm,
    load: async (request, reply) => {
      const d = await contactOf(read)(request);
      if (!d) return null;
      const person = personOn(d, refOf(request));
      if (!person) return null;
      // Already linked (by someone else, or in a second tab): the matching page shows the link. A post
      // goes on to the service, which refuses it and says why.
      if (person.person_id && request.method === 'GET') return new Answered(reply.redirect(paths.contacts.people(d.contact.id), 303));
      return { d, person };
    },
    view: ({ d, person }) => ({
      d,
      c: d.contact,
      onContact: { ...person, rows: personRows(person), addressGiven: presentGivenAddress(person, person.viewer, 'screen') },
        roleLabel,
      closest: person.candidates.slice(0, CLOSEST_AGAIN).map((c) => ({ ...c, percent: Math.round(c.score * 100) })),
    }),
    submit: async (_form, { d }, request) => {
      await contacts.addPersonRecord(userOf(request), d.contact.id, refOf(request), request.id);
      return { to: paths.contacts.people(d.contact.id), done: 'added' };
    },
    fieldIds: (request) => ({ form: `person-${refOf(request)}` }),
  });
}
