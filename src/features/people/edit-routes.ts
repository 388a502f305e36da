import type { FastifyRequest } from 'fastify';
import { ethnicityLabel } from '../../domain/people/ethnicity.js';
import { formPage, type FormOutcome } from '../../platform/http/form-page.js';
import { formErrors } from '../../platform/http/forms.js';
import { formatDate } from '../../platform/http/format.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { changesBetween, detailsOf, editPersonForm, FIELD_LABELS, INTERPRETER_SEX_LABELS, SEX_LABELS, valuesOf } from './forms.js';
import { personFieldsView } from './new-person-routes.js';
import { presentPersonForScreen, type PersonScreenView } from './present.js';
import { callerOf, personToChange } from './route-helpers.js';
import type { PersonChanges } from './schemas.js';
import { PeopleError, VersionConflict, type PeopleService } from './service.js';

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

/** The edit form's boxes filled from the person as saved, with the version they are at. */
function savedValues(person: PersonScreenView): Record<string, string> {
  return { ...valuesOf(detailsOf(person)), version: String(person.version) };
}

/** Changing a person's details. The form carries the version it was opened at; a stale one is refused. */
export function editRoutes(router: Router, people: PeopleService): void {
  /**
   * Someone else saved first: nothing is saved. The page names what they changed, lists what this
   * user typed, and shows the form again with the details as now saved, at the new version (409).
   */
  async function conflictPage(request: FastifyRequest, id: string, conflict: VersionConflict, changes: PersonChanges): Promise<FormOutcome> {
    const found = await people.get(callerOf(request), id, request.id);
    if (!found) throw new PeopleError(404, 'There is no such person');
    if (found.kind !== 'found') throw new PeopleError(403, 'You may no longer open this person');
    const person = presentPersonForScreen(found.record, found.viewer);
    const message = `This person was changed since you opened them: ${labelsOf(conflict.changedFields)} ${conflict.changedFields.length === 1 ? 'was' : 'were'} changed by someone else. Your changes have not been saved. Check the details below, then make your changes again.`;
    const unsaved = (Object.keys(changes) as Field[]).map((f) => ({ label: FIELD_LABELS[f], value: valueText(f, changes[f]) }));
    const values = savedValues(person);
    const errors = formErrors({ conflict: message });
    return { page: 'people-edit.njk', status: 409, data: { person, unsaved, ...personFieldsView(values), values, errors, errorSummary: errors.summary } };
  }

  formPage(router, {
    url: paths.people.edit(),
    permission: 'person:edit',
    pageName: 'people-edit',
    template: 'people-edit.njk',
    schema: editPersonForm,
    dateInputs: ['dateOfBirth'],
    load: (request, reply) => personToChange(people, request, reply),
    initial: (loaded) => savedValues(loaded.person),
    view: (loaded, _request, values) => ({ person: loaded.person, ...personFieldsView(values) }),
    submit: async ({ version, details }, loaded, request) => {
      const changes = changesBetween(detailsOf(loaded.person), details);
      try {
        const saved = await people.update(callerOf(request), loaded.id, version, changes, request.id);
        return { to: paths.people.person(loaded.id), done: saved.version === version ? 'unchanged' : 'updated' };
      } catch (error) {
        if (error instanceof VersionConflict) return conflictPage(request, loaded.id, error, changes);
        throw error;
      }
    },
  });
}
