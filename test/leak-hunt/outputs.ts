import type { Audience } from '../../src/domain/redaction/confidential.js';
import { paths } from '../../src/platform/http/paths.js';
import { londonDate } from '../../src/domain/calendar/plain-date.js';
import { censusYearOf } from '../../src/domain/census/year.js';

/**
 * Everything the system can output that could carry a person's whereabouts. EVERY new page,
 * document, export and API response that shows personal data must be added here, so the leak hunt
 * looks at it. `urls` gets the generated family and returns the addresses to fetch. The responses
 * to the hunt's own POSTs (notifications, risk assessments, Marac referrals) are checked in the
 * hunt as it makes them.
 */
export interface HuntedFamily {
  caseId: string;
  personIds: string[];
  names: string[];
  /** Each address and contact detail, with the person it belongs to. */
  addresses: { personId: string; id: string }[];
  contactDetails: { personId: string; id: string }[];
  /**
   * Police notifications about the family, each person linked to their record: one giving the
   * victim's address and postcode, one giving only a postcode and the place (sent linked), and one
   * the same but sent unlinked and linked by a MASH worker.
   */
  contactIds: string[];
  /** A CSV import of notifications about the family (one row taken, one refused), giving the withheld postcode. */
  importJobId: string;
  /** The adult victim: the person the risk checklists and Marac referrals are about. */
  victimId: string;
  /** A completed Dash about the victim, on the family's case. */
  checklistId: string;
  /** An unfinished Dash about the victim (every section and the details saved), started by the MASH worker, who may never see withheld whereabouts. */
  draft: { id: string; sections: string[] };
  /** Marac referrals about the victim, oldest first: the second is a repeat of the first. */
  referralIds: string[];
  /** The DA service in the directory for the victim's level of risk. */
  daServiceId: string;
  /** A second record of the victim, with a withheld address of its own, merged into hers (and for some families the merge undone). */
  duplicateId: string;
  mergeId: string;
  /** The case's assessment's children, a request for information waiting for the police, and one the worker recorded an answer to. */
  assessment: { childIds: string[]; requestId: string; answeredId: string };
  /** A note on the family's case, and the person causing harm's entry on its must-not-receive list. */
  noteId: string;
  mnrEntryId: string;
  /** The Marac meeting the family's repeat referral is on (its agenda circulated), and the case on it. */
  marac: { meetingId: string; panelId: string; policeId: string; housingId: string; meetingCaseId: string; actionId: string };
  /** The initial conference on the family's case, held in two parts (the person causing harm attends part 2), and the plan it made. */
  casework: { conferenceId: string; planId: string };
  /** Every document made for the family's case: each shipped template, in each language, for each audience. */
  documentIds: string[];
  /** The victim's safety plan, the first child's own plan, and the person causing harm (whose safety rules are agreed). */
  safetyPlans: { victimPlanId: string; childPlanId: string; harmId: string };
  /** Protective orders on the case (a varied and breached order whose exclusion zone is her withheld address, and a notice), and the contact its breach made. */
  orders: { orderIds: string[]; breachContactId: string };
  /** Notices to the first child's school: a no-contact notice with his photograph, and an Encompass notice when a notification names a child (their printed copies are in documentIds). */
  notices: { noticeIds: string[]; photoId: string };
}

export interface HuntedOutput {
  name: string;
  /** How the output is fetched: as a signed-in person, or as a partner system with every read scope. */
  via: 'page' | 'api';
  /** Where the output goes; only `screen` may ever show a withheld value, and only to the permitted. */
  audience: Audience;
  urls(family: HuntedFamily): string[];
  /** Read with the police's Marac API client rather than the hunter's (the Marac API answers only an agency's client). */
  asAgency?: boolean;
  /**
   * Records kept exactly as they were made (documents): no later change can alter what they hold, and
   * they never hold a withheld value for anyone, so the adversarial hunt reads them once, not again after
   * every change it tries.
   */
  unchanging?: boolean;
  /** An API output read by POST (a search whose terms travel in the body): each body is posted to each url. */
  bodies?(family: HuntedFamily): unknown[];
}

/** The API requests that read an output: a GET of each url, or for a POST output each body posted to it. */
export function apiRequests(output: HuntedOutput, family: HuntedFamily): { method: 'GET' | 'POST'; url: string; body?: unknown }[] {
  const urls = output.urls(family);
  if (!output.bodies) return urls.map((url) => ({ method: 'GET', url }));
  const bodies = output.bodies(family);
  return urls.flatMap((url) => bodies.map((body) => ({ method: 'POST' as const, url, body })));
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
  {
    name: 'merging duplicate records',
    via: 'page',
    audience: 'screen',
    urls: (f) => [paths.people.merge(f.victimId), paths.people.mergeWith(f.victimId, f.duplicateId), paths.people.mergeWith(f.duplicateId, f.victimId), paths.people.undoMerge(f.victimId, f.mergeId)],
  },
  { name: 'open a case with these people', via: 'page', audience: 'screen', urls: (f) => [`${paths.cases.new}?${f.personIds.map((id) => `m=${id}.child`).join('&')}`, `${paths.cases.new}?name=${q(f.names[1] ?? '')}`] },
  { name: 'find a person', via: 'page', audience: 'screen', urls: (f) => f.names.map((n) => `${paths.people.search}?name=${q(n)}`) },
  { name: 'cases list', via: 'page', audience: 'screen', urls: () => [`${paths.cases.list}?scope=mine`, `${paths.cases.list}?scope=team`] },
  {
    name: 'case pages',
    via: 'page',
    audience: 'screen',
    urls: (f) => [paths.cases.overview, paths.cases.people, paths.cases.chronology, paths.cases.risk, paths.cases.plans, paths.cases.documents, paths.cases.status, paths.cases.notes].map((p) => p(f.caseId)),
  },
  {
    name: 'case note correction and must-not-receive pages',
    via: 'page',
    audience: 'screen',
    urls: (f) => [paths.cases.amendNote(f.caseId, f.noteId), paths.cases.mustNotReceive(f.caseId), paths.cases.removeMustNotReceive(f.caseId, f.mnrEntryId)],
  },
  {
    name: 'MASH queue',
    via: 'page',
    audience: 'screen',
    urls: (f) => [paths.contacts.queue, `${paths.contacts.queue}?status=all`, `${paths.contacts.queue}?status=sent-to-allocated-worker`, `${paths.contacts.queue}?status=all&search=${q(f.names[0] ?? '')}`, `${paths.contacts.queue}?assigned=me`],
  },
  { name: 'assigning a contact', via: 'page', audience: 'screen', urls: (f) => f.contactIds.map((id) => paths.contacts.assign(id)) },
  {
    name: 'contact pages',
    via: 'page',
    audience: 'screen',
    urls: (f) => f.contactIds.flatMap((id) => [paths.contacts.contact, paths.contacts.people, paths.contacts.history, paths.contacts.triage, paths.contacts.decision].map((p) => p(id))),
  },
  {
    name: 'matching: a record in brief, a record search, the check before a new record',
    via: 'page',
    audience: 'screen',
    urls: (f) => [
      ...f.personIds.map((id) => paths.contacts.candidate(f.contactIds[0]!, 'v', id)),
      ...f.contactIds.map((id) => `${paths.contacts.people(id)}?ref=v&name=${q(f.names[0] ?? '')}`),
      ...f.contactIds.map((id) => paths.contacts.addPerson(id, 'v')),
    ],
  },
  { name: 'notification import pages', via: 'page', audience: 'screen', urls: (f) => [paths.contacts.import, paths.contacts.importJob(f.importJobId)] },
  {
    name: 'the child protection process and plan forms',
    via: 'page',
    audience: 'screen',
    urls: (f) => [
      paths.cases.newStrategyDiscussion(f.caseId),
      paths.cases.enquiryOutcome(f.caseId),
      `${paths.cases.newConference(f.caseId)}?kind=initial`,
      `${paths.cases.newConference(f.caseId)}?kind=review`,
      paths.cases.newChildInNeedPlan(f.caseId),
      paths.cases.planOutcomes(f.caseId, f.casework.planId),
      paths.cases.newPlanAction(f.caseId, f.casework.planId),
      paths.cases.planReview(f.caseId, f.casework.planId),
      paths.cases.bringReviewForward(f.caseId, f.casework.planId),
      paths.cases.newVisit(f.caseId),
    ],
  },
  {
    name: 'conference papers, one for each part (the person causing harm’s part too)',
    via: 'page',
    audience: 'document',
    urls: (f) => [1, 2].map((part) => paths.cases.conferencePaper(f.caseId, f.casework.conferenceId, part)),
  },
  {
    name: 'case chronology filtered and printed',
    via: 'page',
    audience: 'screen',
    urls: (f) => [`${paths.cases.chronology(f.caseId)}?print=1`, `${paths.cases.chronology(f.caseId)}?kind=conference`, `${paths.cases.chronology(f.caseId)}?person=${f.victimId}`],
  },
  { name: 'visit frequency settings', via: 'page', audience: 'screen', urls: () => [paths.admin.visitFrequency] },
  { name: 'API case plans and chronology', via: 'api', audience: 'external', urls: (f) => [paths.api.casePlans(f.caseId), paths.api.caseChronology(f.caseId)] },
  { name: 'MASH timeliness', via: 'page', audience: 'screen', urls: () => [paths.contacts.dashboard] },
  // The census year that holds today, so that the family's open case is in it; the file is an export.
  { name: 'CIN census problems page', via: 'page', audience: 'screen', urls: () => [paths.reports.cinCensus, `${paths.reports.cinCensus}?year=${censusYearOf(londonDate(new Date()))}`] },
  { name: 'CIN census file', via: 'page', audience: 'export', urls: () => [`${paths.reports.cinCensusDownload}?year=${censusYearOf(londonDate(new Date()))}&confirm=yes`] },
  { name: 'repeat child protection plans', via: 'page', audience: 'screen', urls: () => [paths.reports.repeatPlans] },
  { name: 'audit log', via: 'page', audience: 'screen', urls: () => [paths.audit.events] },
  { name: 'break-glass log', via: 'page', audience: 'screen', urls: () => [paths.audit.breakGlass] },
  { name: 'person Risk pages', via: 'page', audience: 'screen', urls: (f) => f.personIds.map((id) => paths.people.risk(id)) },
  { name: 'start a risk checklist', via: 'page', audience: 'screen', urls: (f) => [paths.risk.start(f.victimId), `${paths.risk.start(f.victimId)}?caseId=${f.caseId}`] },
  {
    name: 'unfinished checklist pages',
    via: 'page',
    audience: 'screen',
    urls: (f) => [paths.risk.draft(f.draft.id), ...f.draft.sections.map((s) => paths.risk.section(f.draft.id, s)), paths.risk.details(f.draft.id), paths.risk.check(f.draft.id)],
  },
  { name: 'completed checklist', via: 'page', audience: 'screen', urls: (f) => [paths.risk.checklist(f.checklistId), `${paths.risk.checklist(f.checklistId)}?done=completed`] },
  { name: 'risk checklist reviews', via: 'page', audience: 'screen', urls: () => [paths.risk.reviews] },
  {
    name: 'child and family assessment',
    via: 'page',
    audience: 'screen',
    urls: (f) => [
      paths.cases.assessment(f.caseId),
      ...['domestic-abuse', 'parenting', 'analysis'].map((s) => paths.cases.assessmentSection(f.caseId, s, 'family')),
      ...f.assessment.childIds.flatMap((id) => ['childs-voice', 'impact'].map((s) => paths.cases.assessmentSection(f.caseId, s, id))),
      paths.cases.submitAssessment(f.caseId),
      paths.cases.assessmentDecision(f.caseId),
    ],
  },
  {
    name: 'requests for information',
    via: 'page',
    audience: 'screen',
    urls: (f) => [paths.cases.informationRequests(f.caseId), paths.cases.newInformationRequest(f.caseId), paths.cases.informationReturn(f.caseId, f.assessment.answeredId)],
  },
  // The police's representative answers the request sent to the police: the question and the children's names and dates of birth only.
  { name: 'a partner agency’s requests for information', via: 'page', audience: 'external', urls: (f) => [paths.agencyRequests.list, paths.agencyRequests.answer(f.assessment.requestId)] },
  { name: 'Marac referral form', via: 'page', audience: 'screen', urls: (f) => [paths.marac.refer(f.victimId), `${paths.marac.refer(f.victimId)}?checklistId=${f.checklistId}`] },
  { name: 'Marac referral pages', via: 'page', audience: 'screen', urls: (f) => f.referralIds.map((id) => paths.marac.referral(id)) },
  { name: 'Marac coordinator’s queue', via: 'page', audience: 'screen', urls: () => [paths.marac.queue] },
  {
    name: 'Marac meetings and set-up',
    via: 'page',
    audience: 'screen',
    urls: (f) => [
      paths.marac.meetings,
      `${paths.marac.meetings}?when=past`,
      paths.marac.meetingsCalendar,
      paths.marac.meeting(f.marac.meetingId),
      paths.marac.moveMeeting(f.marac.meetingId),
      paths.marac.cancelMeeting(f.marac.meetingId),
      paths.marac.setup,
      paths.marac.newAgency,
      paths.marac.newPanel,
      paths.marac.newMeetings,
      paths.marac.agency(f.marac.policeId),
      paths.marac.agency(f.marac.housingId),
      paths.marac.panel(f.marac.panelId),
    ],
  },
  {
    name: 'Marac run sheet, minutes, research grid and overdue actions',
    via: 'page',
    audience: 'screen',
    urls: (f) => [paths.marac.runSheet(f.marac.meetingId), paths.marac.caseRunSheet(f.marac.meetingCaseId), paths.marac.minutes(f.marac.meetingId), paths.marac.researchGrid(f.marac.meetingId), paths.marac.overdueActions],
  },
  // The representative of the police sees the family's case, returns research and updates the police's
  // action; the address was released to housing alone.
  {
    name: 'Marac pages for agencies',
    via: 'page',
    audience: 'external',
    urls: (f) => [paths.marac.sharedCase(f.marac.meetingCaseId), paths.marac.myMeetings, paths.marac.research(f.marac.meetingCaseId), paths.marac.actions, paths.marac.action(f.marac.actionId)],
  },
  // The papers, as print pages and as PDF copies (their extracted text hunted), and who had them.
  {
    name: 'Marac papers',
    via: 'page',
    audience: 'document',
    urls: (f) => [paths.marac.paper(f.marac.meetingId, 'agenda'), paths.marac.paperPdf(f.marac.meetingId, 'agenda'), paths.marac.researchPack(f.marac.meetingCaseId)],
  },
  // A case's documents: every template, language and audience, as the record page, the print page and the PDF (its text hunted).
  {
    name: 'case documents',
    via: 'page',
    audience: 'document',
    unchanging: true,
    // The record page shows the same blocks as the print page (one template, documents/paper-body.njk): the first document's print page stands for them.
    urls: (f) => [paths.cases.documents(f.caseId), ...f.documentIds.slice(0, 1).map((id) => `${paths.documents.show(f.caseId, id)}?print=1`), ...f.documentIds.flatMap((id) => [paths.documents.show(f.caseId, id), paths.documents.pdf(f.caseId, id)])],
  },
  {
    name: 'document forms',
    via: 'page',
    audience: 'screen',
    urls: (f) => [
      paths.documents.newLetter(f.caseId),
      ...['threshold-decision-letter', 'letter-to-person-causing-harm'].map((t) => paths.documents.writeLetter(f.caseId, t)),
      ...f.documentIds.slice(0, 1).map((id) => paths.documents.sent(f.caseId, id)),
    ],
  },
  // Safety plans: the case's list (with the safety network, whose withheld details are secrets), each plan and its forms.
  {
    name: 'safety plans',
    via: 'page',
    audience: 'screen',
    urls: (f) => [
      paths.safetyPlans.list(f.caseId),
      paths.safetyPlans.newVictimPlan(f.caseId),
      paths.safetyPlans.newChildPlan(f.caseId),
      paths.safetyPlans.newNetworkMember(f.caseId),
      paths.safetyPlans.rules(f.caseId, f.safetyPlans.harmId),
      ...[f.safetyPlans.victimPlanId, f.safetyPlans.childPlanId].flatMap((id) => [paths.safetyPlans.plan(f.caseId, id), paths.safetyPlans.edit(f.caseId, id), paths.safetyPlans.review(f.caseId, id)]),
      paths.risk.reviews,
    ],
  },
  // Notices to schools: the list, each notice and its forms, and the photograph itself (served only through the access decision).
  {
    name: 'notices to schools',
    via: 'page',
    audience: 'screen',
    urls: (f) => [
      paths.notices.list(f.caseId),
      paths.notices.newNoContact(f.caseId),
      paths.notices.newEncompass(f.caseId),
      ...f.notices.noticeIds.flatMap((id) => [paths.notices.notice(f.caseId, id), paths.notices.photo(f.caseId, id), paths.notices.sent(f.caseId, id), paths.notices.withdraw(f.caseId, id)]),
      paths.notices.image(f.caseId, f.notices.photoId),
      paths.home,
    ],
  },
  // Protective orders: the list, each order and its forms, the breach's contact, the chronology of orders, the setting and the home page.
  {
    name: 'protective orders',
    via: 'page',
    audience: 'screen',
    urls: (f) => [
      paths.orders.list(f.caseId),
      paths.orders.new(f.caseId),
      ...f.orders.orderIds.flatMap((id) => [paths.orders.order(f.caseId, id), paths.orders.vary(f.caseId, id), paths.orders.end(f.caseId, id), paths.orders.breach(f.caseId, id)]),
      paths.contacts.contact(f.orders.breachContactId),
      `${paths.cases.chronology(f.caseId)}?kind=order`,
      paths.orders.settings,
      paths.home,
    ],
  },
  {
    name: 'escalations, red flags and interpreters',
    via: 'page',
    audience: 'screen',
    urls: (f) => [
      paths.escalations.list(f.caseId),
      paths.escalations.newRedFlag(f.caseId),
      paths.interpreters.list(f.caseId),
      paths.interpreters.book(f.caseId),
      `${paths.interpreters.book(f.caseId)}?person=${f.victimId}`,
      paths.admin.escalations,
    ],
  },
  { name: 'Marac distribution record', via: 'page', audience: 'screen', urls: (f) => [paths.marac.distribution(f.marac.meetingId)] },
  { name: 'Marac case sharing history', via: 'page', audience: 'screen', urls: (f) => [paths.marac.sharing(f.marac.meetingCaseId)] },
  { name: 'DA services', via: 'page', audience: 'screen', urls: (f) => [paths.admin.daServices, paths.admin.newDaService, paths.admin.daService(f.daServiceId)] },
  { name: 'risk settings', via: 'page', audience: 'screen', urls: () => [paths.admin.riskSettings] },
  { name: 'the outbox', via: 'page', audience: 'screen', urls: () => [paths.admin.outbox] },
  { name: 'API person', via: 'api', audience: 'external', urls: (f) => f.personIds.map((id) => paths.api.person(id)) },
  { name: 'API people search', via: 'api', audience: 'external', urls: (f) => f.names.map((n) => `${paths.api.people}?name=${q(n)}`) },
  {
    name: 'API people search by POST',
    via: 'api',
    audience: 'external',
    urls: () => [paths.api.peopleSearch],
    bodies: (f) => f.names.map((name) => ({ name })),
  },
  { name: 'API case', via: 'api', audience: 'external', urls: (f) => [paths.api.case(f.caseId)] },
  { name: 'API contact', via: 'api', audience: 'external', urls: (f) => f.contactIds.map((id) => paths.api.contact(id)) },
  { name: 'API notification outcome', via: 'api', audience: 'external', urls: (f) => f.contactIds.map((id) => paths.api.notification(id)) },
  { name: 'API Marac eligibility', via: 'api', audience: 'external', urls: (f) => [paths.api.maracEligibility(f.victimId)] },
  { name: 'API Marac meetings, agenda and action', via: 'api', audience: 'external', asAgency: true, urls: (f) => [paths.api.maracMeetings, paths.api.maracMeeting(f.marac.meetingId), paths.api.maracAction(f.marac.actionId)] },
];
