import { londonDate, plainDate } from '../../domain/calendar/plain-date.js';
import { ageOn } from '../../domain/people/age.js';
import { isValidNhsNumber, normaliseNhsNumber } from '../../domain/people/nhs-number.js';
import { personalConnection } from '../../domain/people/relationships.js';
import { can } from '../../platform/access/policy.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import { pagination, requestedPage, showing } from '../../platform/http/pagination.js';
import type { Router } from '../../platform/http/router.js';
import { userOf } from '../../platform/http/route-params.js';
import { involvementView } from './involvement-view.js';
import { dateItems, dateValues, readDate, type DatePart } from '../../platform/http/govuk-date.js';
import { editRoutes } from './edit-routes.js';
import { CONTACT_KIND_LABELS, INTERPRETER_SEX_LABELS, orderedErrors, readValues, SEX_LABELS } from './forms.js';
import { newPersonRoutes } from './new-person-routes.js';
import { mergeRoutes } from './merge-routes.js';
import type { MergeService } from './merge-service.js';
import { presentPersonForScreen, relationshipLabel, type AddressView } from './present.js';
import { identifierRoutes } from './identifier-routes.js';
import { relationshipRoutes } from './relationship-routes.js';
import type { RelationshipsService } from './relationships-service.js';
import { callerOf, DONE_MESSAGES, formContext, loadPerson } from './route-helpers.js';
import type { PeopleService } from './service.js';
import { whereaboutsRoutes } from './whereabouts-routes.js';
import type { WhereaboutsService } from './whereabouts-service.js';

const SEARCH_KEYS = ['name', 'dateOfBirth-day', 'dateOfBirth-month', 'dateOfBirth-year', 'nhsNumber'];

/** Whole years old today, or null when the date of birth is not known. */
export function ageToday(dateOfBirth: string | null): number | null {
  return dateOfBirth ? ageOn(plainDate(dateOfBirth), londonDate(new Date())) : null;
}

/** Current addresses first (no move-out date, or one still to come), then the rest, latest first. */
export function addressHistory(addresses: AddressView[]): (AddressView & { current: boolean })[] {
  const today = londonDate(new Date());
  const marked = addresses.map((a) => ({ ...a, current: !a.to || a.to >= today }));
  return [...marked.filter((a) => a.current), ...marked.filter((a) => !a.current)];
}

/** The people pages: find a person, the person page, and (in the files beside this) adding and changing people. */
export function peopleRoutes(router: Router, people: PeopleService, whereabouts: WhereaboutsService, relationships: RelationshipsService, merges: MergeService): void {
  router.page({
    method: 'GET',
    url: paths.people.search,
    permission: 'person:view',
    pageName: 'people-search',
    handler: async (request, reply) => {
      const raw = request.query as Record<string, unknown>;
      // Terms the form posted arrive sealed in ?q= (never in the address); an address typed with
      // ?name= still works. A sealed search from another session, or too old, asks to search again.
      const token = typeof raw.q === 'string' ? raw.q : null;
      const opened = token && request.session ? request.server.searchSealer.open(request.session.idHash, token) : null;
      if (token && !opened) {
        return reply.view('people-search.njk', { values: {}, canCreate: can(request.user, 'person:create'), ...formContext(), dobItems: dateItems({}, 'dateOfBirth'), searchEnded: true });
      }
      const query: Record<string, unknown> = opened ? { ...opened, page: raw.page } : raw;
      const values = readValues(query, SEARCH_KEYS);
      const iso = typeof query.dateOfBirth === 'string' ? query.dateOfBirth.trim() : '';
      if (iso && !values['dateOfBirth-day'] && !values['dateOfBirth-month'] && !values['dateOfBirth-year']) Object.assign(values, dateValues('dateOfBirth', iso));
      const common = { values, canCreate: can(request.user, 'person:create') };
      const submitted = [...SEARCH_KEYS, 'dateOfBirth'].some((k) => k in query);
      if (!submitted) return reply.view('people-search.njk', { ...common, ...formContext(), dobItems: dateItems(values, 'dateOfBirth') });

      const found: Record<string, string> = {};
      let dateParts: DatePart[] = [];
      const name = values.name?.trim() ?? '';
      if (name.length > 200) found.name = 'The name must be 200 characters or fewer';
      const dob = readDate(values, 'dateOfBirth', 'Date of birth', { past: true });
      if (dob.error) {
        found.dateOfBirth = dob.error;
        dateParts = dob.parts;
      }
      const nhsNumber = normaliseNhsNumber(values.nhsNumber ?? '');
      if (nhsNumber && !isValidNhsNumber(nhsNumber)) found.nhsNumber = 'Enter a valid 10-digit NHS number, like 943 476 5919';
      if (!name && !dob.value && !nhsNumber && Object.keys(found).length === 0) found.name = 'Enter a name, date of birth or NHS number to search for';
      if (Object.keys(found).length) {
        const errors = orderedErrors(found, ['name', 'dateOfBirth', 'nhsNumber'], ['dateOfBirth']);
        return reply.code(400).view('people-search.njk', { ...common, ...formContext(errors), dobItems: dateItems(values, 'dateOfBirth', dateParts) });
      }

      const caller = callerOf(request);
      const criteria = { name: name || undefined, dateOfBirth: dob.value ?? undefined, nhsNumber: nhsNumber || undefined };
      const asked = requestedPage(query.page);
      let result = await people.search(caller, criteria, asked);
      if (asked > result.pageCount) result = await people.search(caller, criteria, result.pageCount);
      const hrefFor = (page: number) =>
        token ? withQuery(paths.people.search, { q: token, page }) : withQuery(paths.people.search, { name, dateOfBirth: dob.value ?? undefined, nhsNumber, page });
      return reply.view('people-search.njk', {
        ...common,
        ...formContext(),
        dobItems: dateItems(values, 'dateOfBirth'),
        searched: true,
        results: result.results.map((r) => (r.restricted ? r : { ...r, age: ageToday(r.dateOfBirth) })),
        showing: showing(result.page, people.SEARCH_PAGE, result.total),
        page: result.page,
        pageCount: result.pageCount,
        pagination: pagination(result.page, result.pageCount, hrefFor),
      });
    },
  });

  // The search form posts here: its terms are sealed into the address of the results (sealed-search.ts).
  router.page({
    method: 'POST',
    url: paths.people.search,
    permission: 'person:view',
    pageName: 'people-search',
    handler: async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const terms = Object.fromEntries(SEARCH_KEYS.map((k) => [k, typeof body[k] === 'string' ? body[k].slice(0, 1_000) : '']));
      const token = request.server.searchSealer.seal(request.session!.idHash, terms);
      return reply.redirect(withQuery(paths.people.search, { q: token }), 303);
    },
  });

  router.page({
    method: 'GET',
    url: paths.people.person(),
    permission: 'person:view',
    pageName: 'person',
    handler: async (request, reply) => {
      const loaded = await loadPerson(people, request, reply, 200);
      if ('sent' in loaded) return loaded.sent;
      const caller = callerOf(request);
      const person = presentPersonForScreen(loaded.record, loaded.viewer);
      const id = loaded.id;

      // Relationships of this person, and of the people they are related to: two people who are
      // each a parent of the same child are personally connected even if nobody recorded it.
      const direct = await relationships.among(caller, [id]);
      const neighbours = [...new Set(direct.relationships.flatMap((r) => [r.from, r.to]))].filter((p) => p !== id);
      const wider = neighbours.length ? await relationships.among(caller, [id, ...neighbours]) : direct;
      const relationshipRows = direct.relationships.map((r) => {
        const other = r.from === id ? r.to : r.from;
        return { id: other, name: direct.nameOf(other), label: relationshipLabel(r.kind, r.from === id), connected: personalConnection(id, other, wider.relationships).length > 0 };
      });
      const throughChildren = [...new Set(wider.relationships.flatMap((r) => [r.from, r.to]))]
        .filter((p) => p !== id && !neighbours.includes(p))
        .flatMap((p) => {
          const children = personalConnection(id, p, wider.relationships).flatMap((reason) => ('child' in reason ? [wider.nameOf(reason.child)] : []));
          return children.length ? [{ id: p, name: wider.nameOf(p), children }] : [];
        });

      const done = (request.query as Record<string, unknown>).done;
      const [involvement, mergeHistory] = await Promise.all([people.involvement(userOf(request), id), merges.history(userOf(request), id)]);
      return reply.view('people-person.njk', {
        person,
        involvement: involvement && involvementView(involvement, id),
        mayViewRisk: can(request.user, 'risk:view'),
        accessHref: paths.restricted.grant('person', id),
        addresses: addressHistory(person.addresses),
        relationships: relationshipRows,
        throughChildren,
        sexLabel: SEX_LABELS[person.sex ?? ''] ?? '',
        interpreterSexLabel: INTERPRETER_SEX_LABELS[person.interpreterSex ?? ''] ?? '',
        contactKindLabels: CONTACT_KIND_LABELS,
        canEdit: can(request.user, 'person:edit'),
        canWithhold: can(request.user, 'whereabouts:withhold'),
        mayManageAccess: can(request.user, 'restricted:grant') || can(request.user, 'whereabouts:grant'),
        seesWithheld: loaded.viewer.mayViewWithheld,
        mayMerge: can(request.user, 'person:merge'),
        merges: mergeHistory,
        success: typeof done === 'string' ? DONE_MESSAGES[done] : undefined,
      });
    },
  });

  newPersonRoutes(router, people);
  editRoutes(router, people);
  whereaboutsRoutes(router, people, whereabouts);
  relationshipRoutes(router, people, relationships);
  identifierRoutes(router, people);
  mergeRoutes(router, people, merges);
}
