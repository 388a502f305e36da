import type { FastifyRequest } from 'fastify';
import { ETHNICITIES, ethnicityLabel } from '../../domain/people/ethnicity.js';
import { can } from '../../platform/access/policy.js';
import { Answered, formPage } from '../../platform/http/form-page.js';
import { formatDate } from '../../platform/http/format.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { dateBoxes, DATE_OF_BIRTH, INTERPRETER_SEX_LABELS, NEW_ADDRESS_PREFIX, NEW_PERSON_KEYS, newPersonForm, newPersonInput, readValues, SEX_LABELS, type PersonDetails } from './forms.js';
import { callerOf, formContext } from './route-helpers.js';
import type { AddressInput } from './schemas.js';
import type { PeopleService } from './service.js';

/** The ethnic groups of the 2021 Census, for the grouped select. */
const ETHNICITY_GROUPS = [...new Set(ETHNICITIES.map((e) => e.group))].map((group) => ({
  name: group,
  items: ETHNICITIES.filter((e) => e.group === group).map((e) => ({ code: e.code, label: e.label })),
}));

type Values = Record<string, string | string[]>;

/** What the person fields (people-person-fields.njk) need besides values and errors. */
export function personFieldsView(values: Values) {
  return { ethnicityGroups: ETHNICITY_GROUPS, dobItems: dateBoxes(values, 'dateOfBirth', DATE_OF_BIRTH) };
}

/** What the add-a-person form (people-new.njk) needs besides values and errors. */
function newPersonView(request: FastifyRequest, values: Values) {
  return {
    ...personFieldsView(values),
    addressFromItems: dateBoxes(values, `${NEW_ADDRESS_PREFIX}from`),
    canWithhold: can(request.user, 'whereabouts:withhold'),
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
    { key: 'Dialect', lines: [p.dialect ?? 'Not recorded'], field: 'dialect' },
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

/**
 * Adding a person: the form, check your answers, then save. The answers travel as hidden fields. The
 * form posts to the check-answers step; the check-answers page posts back to the form's address, to
 * save (action=save) or, from a Change button, to show the answers in the form again.
 */
export function newPersonRoutes(router: Router, people: PeopleService): void {
  const form = {
    permission: 'person:create',
    template: 'people-new.njk',
    schema: newPersonForm,
    dateInputs: ['dateOfBirth', `${NEW_ADDRESS_PREFIX}from`],
    view: (_none: object, request: FastifyRequest, values: Values) => newPersonView(request, values),
  } as const;

  formPage(router, {
    ...form,
    url: paths.people.newCheck,
    postOnly: true,
    pageName: 'people-new-check',
    load: async () => ({}),
    submit: async ({ person, address }, _none, request) => ({
      page: 'people-check.njk',
      data: { values: readValues(request.body, NEW_PERSON_KEYS), rows: checkAnswerRows(person, address), name: `${person.givenName} ${person.familyName}` },
    }),
  });

  formPage(router, {
    ...form,
    url: paths.people.new,
    pageName: 'people-new',
    load: async (request, reply) => {
      if (request.method !== 'POST' || (request.body as Record<string, unknown> | undefined)?.action === 'save') return {};
      // A Change button of the check-answers page: the form again, filled in with the answers.
      const values = readValues(request.body, NEW_PERSON_KEYS);
      return new Answered(reply.view('people-new.njk', { ...newPersonView(request, values), values, ...formContext() }));
    },
    submit: async ({ person, address }, _none, request) => {
      const { id } = await people.create(callerOf(request), newPersonInput(person, address), request.id);
      return { to: paths.people.person(id), done: 'created' };
    },
  });
}
