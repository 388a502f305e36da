import { addMonths, londonDate, type PlainDate } from '../../domain/calendar/plain-date.js';
import { accessFacts, openToUser, RESTRICTED_RECORD } from '../../platform/access/decide.js';
import { can, type Actor } from '../../platform/access/policy.js';
import { latestChecklistOf, type LatestChecklist } from '../risk/service.js';
import type { Trx } from '../../platform/db/database.js';
import { hasWithheldWhereabouts } from './queries.js';
import * as q from './queries/history.js';

/**
 * What is already known about the people on a contact, across the whole local authority, before
 * anyone decides: their earlier contacts and what came of them, their cases, the domestic abuse
 * incidents of the last 12 months, Marac referrals, and, for a person causing harm, the other
 * victims they are known to have harmed. A repeat nobody recognised is the failure this prevents.
 */
export interface PersonHistory {
  personId: string;
  name: string;
  role: string;
  /** A restricted record the viewer holds no access to: nothing else is shown. */
  hidden: boolean;
  restricted: boolean;
  whereaboutsWithheld: boolean;
  contacts: { id: string; receivedOn: string; source: string; role: string; status: string; decidedPathway: string | null; occurredAt: Date | null }[];
  incidentsLast12Months: { id: string; occurredAt: Date; source: string }[];
  /** A restricted case the viewer holds no access to shows as "a restricted case" and nothing more (reference, stage and worker are null). */
  cases: { id: string | null; reference: string | null; status: string | null; stage: string | null; role: string; workerName: string | null; restricted: boolean }[];
  maracReferrals: { referredOn: string; agency: string | null }[];
  otherVictims: { contactId: string; receivedOn: string; name: string; restricted: boolean }[];
  connectedPeople: { name: string; kind: string; restricted: boolean }[];
  /**
   * An adult's latest banded risk checklist (score, band, date, review), for the viewer who may read
   * domestic abuse content about them; null when there is none; 'not-shown' when they may not.
   */
  latestChecklist: LatestChecklist | null | 'not-shown';
}

export interface LinkedPerson {
  personId: string;
  role: string;
  /** The viewer may open the record (it is not restricted, or they hold a grant). */
  open: boolean;
}

const name = (r: { given_name: string; family_name: string; restricted: boolean }) => (r.restricted ? RESTRICTED_RECORD : `${r.given_name} ${r.family_name}`);

export async function historyFor(trx: Trx, contactId: string, receivedAt: Date, linked: readonly LinkedPerson[], viewer: Actor | null): Promise<PersonHistory[]> {
  const since = addMonths(londonDate(receivedAt), -12);
  const out: PersonHistory[] = [];
  for (const person of linked) out.push(await historyOfOne(trx, contactId, receivedAt, since, person, viewer));
  return out;
}

async function historyOfOne(trx: Trx, contactId: string, receivedAt: Date, since: PlainDate, person: LinkedPerson, viewer: Actor | null): Promise<PersonHistory> {
  const record = await q.nameAndRestriction(trx, person.personId);
  const base: PersonHistory = {
    personId: person.personId,
    name: person.open ? `${record.given_name} ${record.family_name}` : RESTRICTED_RECORD,
    role: person.role,
    hidden: !person.open,
    restricted: record.restricted,
    whereaboutsWithheld: await hasWithheldWhereabouts(trx, person.personId),
    contacts: [],
    incidentsLast12Months: [],
    cases: [],
    maracReferrals: [],
    otherVictims: [],
    connectedPeople: [],
    latestChecklist: 'not-shown',
  };
  if (!person.open) return base;

  const [contacts, cases, marac, otherVictims, connected, latestChecklist] = await Promise.all([
    q.earlierContacts(trx, person.personId, contactId, receivedAt),
    q.casesOf(trx, person.personId),
    q.maracReferralsOf(trx, person.personId),
    person.role === 'person-causing-harm' ? q.otherVictimsOf(trx, person.personId, contactId) : Promise.resolve([]),
    connectedTo(trx, person.personId),
    checklistFor(trx, person, viewer),
  ]);
  const caseRows: PersonHistory['cases'] = [];
  for (const c of cases) {
    const open = await openToUser(trx, viewer, { kind: 'case', id: c.id }, c.restricted);
    caseRows.push(
      open
        ? { id: c.id, reference: c.reference, status: c.status, stage: c.stage, role: c.role, workerName: c.worker_name, restricted: c.restricted }
        : { id: null, reference: null, status: null, stage: null, role: c.role, workerName: null, restricted: true },
    );
  }
  return {
    ...base,
    contacts: contacts.map((c) => ({ id: c.id, receivedOn: c.received_on, source: c.source, role: c.role, status: c.status, decidedPathway: c.decided_pathway, occurredAt: c.occurred_at })),
    incidentsLast12Months: contacts
      .filter((c) => c.occurred_at !== null && londonDate(c.occurred_at) >= since)
      .map((c) => ({ id: c.id, occurredAt: c.occurred_at!, source: c.source })),
    cases: caseRows,
    maracReferrals: marac.map((m) => ({ referredOn: m.referred_on, agency: m.referring_agency })),
    otherVictims: otherVictims.map((v) => ({
      contactId: v.id,
      receivedOn: v.received_on,
      restricted: Boolean(v.restricted),
      name: name({ given_name: v.given_name, family_name: v.family_name, restricted: Boolean(v.restricted) }),
    })),
    connectedPeople: connected.map((c) => ({ name: name(c), kind: c.kind, restricted: c.restricted })),
    latestChecklist,
  };
}

/** An adult's latest checklist, when the viewer may read domestic abuse content about them (the access decision, `risk:view`). */
async function checklistFor(trx: Trx, person: LinkedPerson, viewer: Actor | null): Promise<LatestChecklist | null | 'not-shown'> {
  if (person.role === 'child' || !viewer) return 'not-shown';
  const facts = await accessFacts(trx, viewer, { kind: 'person', id: person.personId });
  if (!facts || !can(viewer, 'risk:view', facts)) return 'not-shown';
  return latestChecklistOf(trx, person.personId, londonDate(new Date()));
}

/** People the person is personally connected to (partners, former partners, relatives): who else may be at risk. */
async function connectedTo(trx: Trx, personId: string) {
  const links = await q.personalLinksOf(trx, personId);
  const otherIds = [...new Set(links.map((l) => (l.from_person === personId ? l.to_person : l.from_person)))];
  if (!otherIds.length) return [];
  const people = new Map((await q.namesOf(trx, otherIds)).map((p) => [p.id, p]));
  return links.flatMap((l) => {
    const other = people.get(l.from_person === personId ? l.to_person : l.from_person);
    return other ? [{ ...other, kind: l.kind }] : [];
  });
}
