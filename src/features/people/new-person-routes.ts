import { attempt } from '../../platform/http/service-error.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ETHNICITIES, ethnicityLabel } from '../../domain/people/ethnicity.js';
import { can } from '../../platform/access/policy.js';
import type { FormErrors } from '../../platform/http/forms.js';
import { formatDate } from '../../platform/http/format.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import {
  blankValues,
  dateItems,
  INTERPRETER_SEX_LABELS,
  NEW_ADDRESS_PREFIX,
  NEW_PERSON_KEYS,
  newPersonInput,
  parseNewPerson,
  readValues,
  SEX_LABELS,
  type DatePart,
  type FormValues,
  type PersonDetails,
} from './forms.js';
import { callerOf, formContext, personPageAfter } from './route-helpers.js';
import type { AddressInput } from './schemas.js';
import type { PeopleService } from './service.js';

/** The ethnic groups of the 2021 Census, for the grouped select. */
const ETHNICITY_GROUPS = [...new Set(ETHNICITIES.map((e) => e.group))].map((group) => ({
  name: group,
  items: ETHNICITIES.filter((e) => e.group === group).map((e) => ({ code: e.code, label: e.label })),
}));

/** What the person fields (people-person-fields.njk) need. */
export function personFieldsContext(values: FormValues, dateParts: Record<string, DatePart[]> = {}) {
  return {
    values,
    ethnicityGroups: ETHNICITY_GROUPS,
    dobItems: dateItems(values, 'dateOfBirth', dateParts.dateOfBirth),
  };
}

const yesNoText = (value: boolean | null) => (value === true ? 'Yes' : value === false ? 'No' : 'Not known');
const date = (value: string | null) => (value ? formatDate(`${value}T12:00:00Z`) : '');

/** The rows of the check-answers page: each names the field its Change button goes back to. */
function checkAnswerRows(p: PersonDetails, address: AddressInput | null) {
  const interpreter = p.interpreterNeeded ? ['Yes', p.interpreterSex ? `Preferred sex of interpreter: ${INTERPRETER_SEX_LABELS[p.interpreterSex]}` : ''] : [yesNoText(p.interpreterNeeded)];
  const person = [
    { key: 'Given name', lines: [p.givenName], field: 'givenName' },
    { key: 'Family name', lines: [p.familyName], field: 'familyName' },
    { key: 'Other names', lines: p.otherNames.length ? p.otherNames : ['None'], field: 'otherNames' },
    { key: 'Date of birth', lines: [p.dateOfBirth ? `${date(p.dateOfBirth)}${p.dateOfBirthEstimated ? ' (estimated)' : ''}` : 'Not known'], field: 'dateOfBirth-day' },
    { key: 'Sex', lines: [p.sex ? (SEX_LABELS[p.sex] ?? p.sex) : 'Not known'], field: 'sex' },
    { key: 'Gender', lines: [p.gender ?? 'Not recorded'], field: 'gender' },
    { key: 'Ethnicity', lines: [ethnicityLabel(p.ethnicity) || 'Not recorded'], field: 'ethnicity' },
    { key: 'First language', lines: [p.firstLanguage ?? 'Not recorded'], field: 'firstLanguage' },
    { key: 'Interpreter needed', lines: interpreter.filter(Boolean), field: 'interpreterNeeded' },
    { key: 'Disability', lines: [p.disability ?? 'None recorded'], field: 'disability' },
    { key: 'Special educational needs and disabilities (SEND)', lines: [yesNoText(p.send)], field: 'send' },
    { key: 'Immigration status', lines: [p.immigrationStatus ?? 'Not recorded'], field: 'immigrationStatus' },
    { key: 'No recourse to public funds', lines: [yesNoText(p.noRecourseToPublicFunds)], field: 'noRecourseToPublicFunds' },
    { key: 'NHS number', lines: [p.nhsNumber ?? 'Not known'], field: 'nhsNumber' },
  ];
  const where = `${NEW_ADDRESS_PREFIX}line1`;
  const addressRows = address
    ? [
        { key: 'Address', lines: [address.line1, address.line2, address.town, address.postcode?.toUpperCase()].filter((l): l is string => Boolean(l)), field: where },
        { key: 'Date they moved in', lines: [address.from ? date(address.from) : 'Not known'], field: `${NEW_ADDRESS_PREFIX}from-day` },
        { key: 'Withhold this address', lines: address.withheld ? ['Yes', `Reason: ${address.withheldReason ?? ''}`] : ['No'], field: `${NEW_ADDRESS_PREFIX}withheld` },
      ]
    : [{ key: 'Address', lines: ['No address given'], field: where }];
  return { person, address: addressRows };
}

/** Adding a person: the form, check your answers, then save. The answers travel as hidden fields. */
export function newPersonRoutes(router: Router, people: PeopleService): void {
  function showForm(request: FastifyRequest, reply: FastifyReply, values: FormValues, options: { errors?: FormErrors; dateParts?: Record<string, DatePart[]>; status?: number } = {}) {
    return reply.code(options.status ?? 200).view('people-new.njk', {
      ...personFieldsContext(values, options.dateParts),
      ...formContext(options.errors),
      addressFromItems: dateItems(values, `${NEW_ADDRESS_PREFIX}from`, options.dateParts?.[`${NEW_ADDRESS_PREFIX}from`]),
      canWithhold: can(request.user, 'whereabouts:withhold'),
    });
  }

  router.page({
    method: 'GET',
    url: paths.people.new,
    permission: 'person:create',
    pageName: 'people-new',
    handler: async (request, reply) => showForm(request, reply, blankValues(NEW_PERSON_KEYS)),
  });

  router.page({
    method: 'POST',
    url: paths.people.newCheck,
    permission: 'person:create',
    pageName: 'people-new-check',
    handler: async (request, reply) => {
      const values = readValues(request.body, NEW_PERSON_KEYS);
      const form = parseNewPerson(values);
      if (!form.ok) return showForm(request, reply, values, { errors: form.errors, dateParts: form.dateParts, status: 400 });
      return reply.view('people-check.njk', { values, rows: checkAnswerRows(form.data.person, form.data.address), name: `${form.data.person.givenName} ${form.data.person.familyName}` });
    },
  });

  router.page({
    method: 'POST',
    url: paths.people.new,
    permission: 'person:create',
    pageName: 'people-new-save',
    handler: async (request, reply) => {
      const values = readValues(request.body, NEW_PERSON_KEYS);
      // "Change" on the check-answers page comes back here with the answers, to show them in the form.
      if ((request.body as Record<string, unknown> | undefined)?.action !== 'save') return showForm(request, reply, values);
      const form = parseNewPerson(values);
      if (!form.ok) return showForm(request, reply, values, { errors: form.errors, dateParts: form.dateParts, status: 400 });
      const result = await attempt(reply, () => people.create(callerOf(request), newPersonInput(form.data.person, form.data.address), request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return showForm(request, reply, values, { errors: result.errors, status: result.status });
      return reply.redirect(personPageAfter(result.value.id, 'created'), 303);
    },
  });
}
