import type { Audience } from '../../src/domain/redaction/confidential.js';
import { paths } from '../../src/platform/http/paths.js';

/**
 * Everything the system can output that could carry a person's whereabouts. EVERY new page,
 * document, export and API response that shows personal data must be added here, so the leak hunt
 * looks at it. `urls` gets the generated family and returns the addresses to fetch.
 */
export interface HuntedFamily {
  caseId: string;
  personIds: string[];
  names: string[];
  /** Each address and contact detail, with the person it belongs to. */
  addresses: { personId: string; id: string }[];
  contactDetails: { personId: string; id: string }[];
  /** A police notification about the family, its people linked to their records. */
  contactId: string;
  /** A CSV import of notifications about the family (one row taken, one refused), giving the withheld postcode. */
  importJobId: string;
}

export interface HuntedOutput {
  name: string;
  /** How the output is fetched: as a signed-in person, or as a partner system with every read scope. */
  via: 'page' | 'api';
  /** Where the output goes; only `screen` may ever show a withheld value, and only to the permitted. */
  audience: Audience;
  urls(family: HuntedFamily): string[];
}

const q = encodeURIComponent;

export const HUNTED_OUTPUTS: HuntedOutput[] = [
  { name: 'home page', via: 'page', audience: 'screen', urls: () => [paths.home] },
  { name: 'person page', via: 'page', audience: 'screen', urls: (f) => f.personIds.map((id) => paths.people.person(id)) },
  { name: 'person edit page', via: 'page', audience: 'screen', urls: (f) => f.personIds.map((id) => paths.people.edit(id)) },
  {
    name: 'person sub-pages',
    via: 'page',
    audience: 'screen',
    urls: (f) => f.personIds.flatMap((id) => [paths.people.addAddress(id), paths.people.addContactDetail(id), paths.people.safeContact(id), paths.people.relationships(id), paths.people.addIdentifier(id)]),
  },
  {
    name: 'withhold pages',
    via: 'page',
    audience: 'screen',
    urls: (f) => [
      ...f.addresses.map((a) => paths.people.withholdAddress(a.personId, a.id)),
      ...f.contactDetails.map((c) => paths.people.withholdContactDetail(c.personId, c.id)),
    ],
  },
  {
    name: 'restricted-record pages',
    via: 'page',
    audience: 'screen',
    urls: (f) => [
      ...f.personIds.flatMap((id) => [paths.restricted.restrict('person', id), paths.restricted.grant('person', id), paths.restricted.breakGlass('person', id)]),
      paths.restricted.restrict('case', f.caseId),
      paths.restricted.grant('case', f.caseId),
      paths.restricted.breakGlass('case', f.caseId),
    ],
  },
  { name: 'open a case with these people', via: 'page', audience: 'screen', urls: (f) => [`${paths.cases.new}?${f.personIds.map((id) => `m=${id}.child`).join('&')}`, `${paths.cases.new}?name=${q(f.names[1] ?? '')}`] },
  { name: 'find a person', via: 'page', audience: 'screen', urls: (f) => f.names.map((n) => `${paths.people.search}?name=${q(n)}`) },
  { name: 'cases list', via: 'page', audience: 'screen', urls: () => [`${paths.cases.list}?scope=mine`, `${paths.cases.list}?scope=team`] },
  {
    name: 'case pages',
    via: 'page',
    audience: 'screen',
    urls: (f) => [paths.cases.overview, paths.cases.people, paths.cases.chronology, paths.cases.risk, paths.cases.plans, paths.cases.documents, paths.cases.status].map((p) => p(f.caseId)),
  },
  { name: 'MASH queue', via: 'page', audience: 'screen', urls: () => [paths.contacts.queue, `${paths.contacts.queue}?status=all`, `${paths.contacts.queue}?status=sent-to-allocated-worker`] },
  {
    name: 'contact pages',
    via: 'page',
    audience: 'screen',
    urls: (f) => [paths.contacts.contact, paths.contacts.people, paths.contacts.history, paths.contacts.triage, paths.contacts.decision].map((p) => p(f.contactId)),
  },
  { name: 'notification import pages', via: 'page', audience: 'screen', urls: (f) => [paths.contacts.import, paths.contacts.importJob(f.importJobId)] },
  { name: 'MASH timeliness', via: 'page', audience: 'screen', urls: () => [paths.contacts.dashboard] },
  { name: 'audit log', via: 'page', audience: 'screen', urls: () => [paths.audit.events] },
  { name: 'break-glass log', via: 'page', audience: 'screen', urls: () => [paths.audit.breakGlass] },
  { name: 'API person', via: 'api', audience: 'external', urls: (f) => f.personIds.map((id) => paths.api.person(id)) },
  { name: 'API people search', via: 'api', audience: 'external', urls: (f) => f.names.map((n) => `${paths.api.people}?name=${q(n)}`) },
  { name: 'API case', via: 'api', audience: 'external', urls: (f) => [paths.api.case(f.caseId)] },
  { name: 'API contact', via: 'api', audience: 'external', urls: (f) => [paths.api.contact(f.contactId)] },
];
