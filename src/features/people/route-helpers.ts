import type { FastifyReply, FastifyRequest } from 'fastify';
import { Answered } from '../../platform/http/form-page.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { FormErrors } from '../../platform/http/forms.js';
import type { Caller } from './caller.js';
import { UUID } from './forms.js';
import { presentPersonForScreen, type PersonScreenView } from './present.js';
import { PeopleError, type PeopleService, type PersonLookup } from './service.js';

/** Banners shown on the person page after a change, named in the address so a reload does not repeat it. */
export const DONE_MESSAGES: Record<string, string> = {
  created: 'The person has been added',
  updated: 'The changes have been saved',
  unchanged: 'Nothing was changed',
  address: 'The address has been added',
  'contact-detail': 'The contact detail has been added',
  'safe-contact': 'The safe-contact preferences have been saved',
  relationship: 'The relationship has been added',
  identifier: 'The identifier has been added',
  'address-withheld': 'The address is now withheld',
  'contact-detail-withheld': 'The contact detail is now withheld',
  'restriction-lifted': 'The restriction has been lifted',
  merged: 'The records have been merged. Everything linked to the other record is now on this one, and the merge is listed at the foot of this page, where it can be undone',
  'merge-undone': 'The merge has been undone. The other record has its own links back',
  'merged-away': 'The record you opened was merged into this one',
};

/** The signed-in user as the people services want them. The router has already checked sign-in. */
export function callerOf(request: FastifyRequest): Caller {
  const user = request.user;
  if (!user) throw new PeopleError(403, 'Sign in first');
  return { kind: 'user', user };
}

export function personIdOf(request: FastifyRequest): string | null {
  const id = (request.params as { personId?: string }).personId;
  return id && UUID.test(id) ? id : null;
}

/** Empty errors, so views can read errors.fields.x without checking first. */
export const NO_ERRORS: FormErrors = { fields: {}, summary: [] };

export function formContext(errors?: FormErrors) {
  return { errors: errors ?? NO_ERRORS, errorSummary: errors?.summary };
}


type Refused = Extract<PersonLookup, { kind: 'restricted' | 'not-related' }>;

/**
 * What someone who may not open the record sees: for a restricted record the name only; for someone
 * who does not work with the person, the name and date of birth (to tell people apart). Each with the
 * way on: ask a manager, or break glass with a reason when the access decision allows it.
 */
export function showRestricted(reply: FastifyReply, person: Refused, status = 200) {
  return reply.code(status).view('people-restricted.njk', {
    person: { id: person.id, name: person.name, dateOfBirth: person.kind === 'not-related' ? person.dateOfBirth : null },
    restricted: person.kind === 'restricted',
    canBreakGlass: person.breakGlass,
  });
}

export type FoundPerson = Extract<PersonLookup, { kind: 'found' }> & { id: string };

/**
 * The person named in the address, if this user may see them. Otherwise the reply is sent: page not
 * found, or the restricted notice (a sub-page of a restricted person answers 403 with the notice).
 */
export async function loadPerson(people: PeopleService, request: FastifyRequest, reply: FastifyReply, restrictedStatus = 403): Promise<FoundPerson | { sent: FastifyReply }> {
  const id = personIdOf(request);
  if (!id) return { sent: reply.code(404).view('errors/404.njk') };
  const found = await people.get(callerOf(request), id, request.id);
  if (!found) return { sent: reply.code(404).view('errors/404.njk') };
  // Not working with the person is a refusal on every page; a restricted record's own page names it with 200.
  if (found.kind !== 'found') return { sent: showRestricted(reply, found, found.kind === 'restricted' ? restrictedStatus : 403) };
  // A merged record leads to the record it was merged into, which the access decision checks in turn.
  if (found.record.mergedInto) return { sent: reply.redirect(withQuery(paths.people.person(found.record.mergedInto), { done: 'merged-away' }), 303) };
  return { ...found, id };
}

export type PersonToChange = FoundPerson & { person: PersonScreenView };

/**
 * The person a form is about (formPage's `load`), as this user sees them. When they may not see them,
 * the page not found or the restricted notice has been sent: that is `Answered`.
 */
export async function personToChange(people: PeopleService, request: FastifyRequest, reply: FastifyReply): Promise<PersonToChange | Answered> {
  const loaded = await loadPerson(people, request, reply);
  if ('sent' in loaded) return new Answered(loaded.sent);
  return { ...loaded, person: presentPersonForScreen(loaded.record, loaded.viewer) };
}
