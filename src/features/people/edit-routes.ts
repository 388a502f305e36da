import { attempt } from '../../platform/http/service-error.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ethnicityLabel } from '../../domain/people/ethnicity.js';
import { formErrors, type FormErrors } from '../../platform/http/forms.js';
import { formatDate } from '../../platform/http/format.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import {
  changesBetween,
  detailsOf,
  FIELD_LABELS,
  INTERPRETER_SEX_LABELS,
  parseEditPerson,
  PERSON_KEYS,
  readValues,
  SEX_LABELS,
  valuesOf,
  type DatePart,
  type FormValues,
} from './forms.js';
import { personFieldsContext } from './new-person-routes.js';
import { presentPersonForScreen, type PersonScreenView } from './present.js';
import { callerOf, formContext, loadPerson, personPageAfter } from './route-helpers.js';
import type { PersonChanges } from './schemas.js';
import { VersionConflict, type PeopleService } from './service.js';

type Field = keyof typeof FIELD_LABELS;

/** A changed value as text, for the "your changes were not saved" list. */
function valueText(field: Field, value: unknown): string {
  if (value === null || value === undefined || value === '') return 'Not known';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'None';
  const text = String(value);
  if (field === 'dateOfBirth') return formatDate(`${text}T12:00:00Z`);
  if (field === 'sex') return SEX_LABELS[text] ?? text;
  if (field === 'interpreterSex') return INTERPRETER_SEX_LABELS[text] ?? text;
  if (field === 'ethnicity') return ethnicityLabel(text) || text;
  return text;
}

function labelsOf(fields: readonly string[]): string {
  const labels = fields.map((f) => (f in FIELD_LABELS ? FIELD_LABELS[f as Field] : f));
  if (labels.length <= 1) return labels[0] ?? 'some details';
  return `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

/** Changing a person's details. The form carries the version it was opened at; a stale one is refused. */
export function editRoutes(router: Router, people: PeopleService): void {
  function showForm(
    reply: FastifyReply,
    person: PersonScreenView,
    options: { values?: FormValues; version?: number; errors?: FormErrors; dateParts?: Record<string, DatePart[]>; status?: number; unsaved?: { label: string; value: string }[] } = {},
  ) {
    return reply.code(options.status ?? 200).view('people-edit.njk', {
      person,
      version: options.version ?? person.version,
      unsaved: options.unsaved,
      ...personFieldsContext(options.values ?? valuesOf(detailsOf(person)), options.dateParts),
      ...formContext(options.errors),
    });
  }

  router.page({
    method: 'GET',
    url: paths.people.edit(),
    permission: 'person:edit',
    pageName: 'people-edit',
    handler: async (request, reply) => {
      const loaded = await loadPerson(people, request, reply);
      if ('sent' in loaded) return loaded.sent;
      return showForm(reply, presentPersonForScreen(loaded.record, loaded.viewer));
    },
  });

  async function showConflict(request: FastifyRequest, reply: FastifyReply, conflict: VersionConflict, changes: PersonChanges) {
    const loaded = await loadPerson(people, request, reply);
    if ('sent' in loaded) return loaded.sent;
    const person = presentPersonForScreen(loaded.record, loaded.viewer);
    const message = `This person was changed since you opened them: ${labelsOf(conflict.changedFields)} ${conflict.changedFields.length === 1 ? 'was' : 'were'} changed by someone else. Your changes have not been saved. Check the details below, then make your changes again.`;
    const unsaved = (Object.keys(changes) as Field[]).map((f) => ({ label: FIELD_LABELS[f], value: valueText(f, changes[f]) }));
    return showForm(reply, person, { errors: formErrors({ conflict: message }), status: 409, unsaved });
  }

  router.page({
    method: 'POST',
    url: paths.people.edit(),
    permission: 'person:edit',
    pageName: 'people-edit',
    handler: async (request, reply) => {
      const loaded = await loadPerson(people, request, reply);
      if ('sent' in loaded) return loaded.sent;
      const current = presentPersonForScreen(loaded.record, loaded.viewer);
      const values = readValues(request.body, PERSON_KEYS);
      const versionText = readValues(request.body, ['version']).version ?? '';
      const version = /^\d{1,9}$/.test(versionText) ? Number(versionText) : 0;
      const form = parseEditPerson(values);
      if (!form.ok) return showForm(reply, current, { values, version, errors: form.errors, dateParts: form.dateParts, status: 400 });
      const changes = changesBetween(detailsOf(current), form.data);
      try {
        const result = await attempt(reply, () => people.update(callerOf(request), loaded.id, version, changes, request.id));
        if ('sent' in result) return result.sent;
        if (!result.ok) return showForm(reply, current, { values, version, errors: result.errors, status: result.status });
        return reply.redirect(personPageAfter(loaded.id, result.value.version === version ? 'unchanged' : 'updated'), 303);
      } catch (error) {
        if (error instanceof VersionConflict) return showConflict(request, reply, error, changes);
        throw error;
      }
    },
  });
}
