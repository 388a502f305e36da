import { londonDate, plainDate } from '../../domain/calendar/plain-date.js';
import { ageOn } from '../../domain/people/age.js';
import { ethnicityLabel } from '../../domain/people/ethnicity.js';
import { present, WITHHELD_TEXT, type Audience, type Confidential, type Viewer } from '../../domain/redaction/confidential.js';
import { isDirected, RELATIONSHIP_LABELS, type RelationshipKind } from '../../domain/people/relationships.js';
import type { AddressRecord, ContactDetailRecord, PersonRecord } from './records.js';

function part(value: Confidential | null, viewer: Viewer, audience: Audience): string {
  return value === null ? '' : present(value, viewer, audience).text;
}

/** A withheld value that this viewer sees on screen carries a tag, so nobody passes it on unawares. */
function withheldLabel(withheld: boolean, shown: boolean, audience: Audience): string | null {
  return withheld && shown && audience === 'screen' ? WITHHELD_TEXT : null;
}

export interface AddressView {
  id: string;
  from: string | null;
  to: string | null;
  withheld: boolean;
  /** True when this viewer sees the real address. */
  shown: boolean;
  lines: string[];
  withheldReason: string | null;
  /** The tag beside an address this viewer sees although it is withheld; null otherwise. */
  withheldLabel: string | null;
}

export function presentAddress(a: AddressRecord, viewer: Viewer, audience: Audience): AddressView {
  const shown = present(a.line1, viewer, audience).shown;
  const lines = shown ? [a.line1, a.line2, a.town, a.postcode].map((v) => part(v, viewer, audience)).filter(Boolean) : [];
  return {
    id: a.id,
    from: a.from,
    to: a.to,
    withheld: a.withholding !== null,
    shown,
    lines: shown ? lines : audience === 'screen' ? [WITHHELD_TEXT] : [],
    withheldReason: a.withholding && shown ? a.withholding.reason : null,
    withheldLabel: withheldLabel(a.withholding !== null, shown, audience),
  };
}

export interface ContactDetailView {
  id: string;
  kind: string;
  label: string | null;
  withheld: boolean;
  shown: boolean;
  value: string;
  /** The tag beside a contact detail this viewer sees although it is withheld; null otherwise. */
  withheldLabel: string | null;
}

export function presentContactDetail(c: ContactDetailRecord, viewer: Viewer, audience: Audience): ContactDetailView {
  const out = present(c.value, viewer, audience);
  return { id: c.id, kind: c.kind, label: c.label, withheld: c.withholding !== null, shown: out.shown, value: out.text, withheldLabel: withheldLabel(c.withholding !== null, out.shown, audience) };
}

/**
 * What a contact gives about a person or an incident (an address, a postcode, the place it
 * happened), decided for this viewer. The data layer withholds it when a person on the contact has
 * withheld whereabouts. Null when nothing was given.
 */
export interface GivenView {
  /** The text to show: the value, "Withheld" on screen to a viewer who may not see it, or null when nothing may be said. */
  text: string | null;
  withheld: boolean;
  /** True when this viewer sees what was given. */
  shown: boolean;
  /** The tag beside a value this viewer sees although it is withheld; null otherwise. */
  withheldLabel: string | null;
}

function presentGiven(parts: readonly (Confidential | null)[], viewer: Viewer, audience: Audience): GivenView | null {
  const given = parts.filter((v): v is Confidential => v !== null);
  if (!given.length) return null;
  const out = given.map((v) => present(v, viewer, audience));
  const withheld = given.some((v) => v.withheld);
  if (out.some((o) => !o.shown)) return { text: audience === 'screen' ? WITHHELD_TEXT : null, withheld, shown: false, withheldLabel: null };
  const text = out.map((o) => o.text).filter(Boolean).join(', ');
  return { text: text || null, withheld, shown: true, withheldLabel: withheldLabel(withheld, true, audience) };
}

/** The address and postcode a contact gives for a person, as one line ("12 Road, ZZ1 1ZZ"). */
export function presentGivenAddress(parts: { address: Confidential | null; postcode: Confidential | null }, viewer: Viewer, audience: Audience): GivenView | null {
  return presentGiven([parts.address, parts.postcode], viewer, audience);
}

/** Where the incident on a contact happened, as the sender described it. */
export function presentIncidentPlace(place: Confidential | null, viewer: Viewer, audience: Audience): GivenView | null {
  return presentGiven([place], viewer, audience);
}

/** The details that are the same on every audience: nothing here can place the person. */
function personalDetails(p: PersonRecord) {
  return {
    id: p.id,
    version: p.version,
    givenName: p.givenName,
    familyName: p.familyName,
    otherNames: p.otherNames,
    dateOfBirth: p.dateOfBirth,
    dateOfBirthEstimated: p.dateOfBirthEstimated,
    sex: p.sex,
    gender: p.gender,
    firstLanguage: p.firstLanguage,
    dialect: p.dialect,
    interpreterNeeded: p.interpreterNeeded,
    interpreterSex: p.interpreterSex,
    disability: p.disability,
    send: p.send,
    immigrationStatus: p.immigrationStatus,
    noRecourseToPublicFunds: p.noRecourseToPublicFunds,
    nhsNumber: p.nhsNumber,
    identifiers: p.identifiers,
  };
}

/** What the person page shows: every confidential part already decided for this viewer. */
export function presentPersonForScreen(p: PersonRecord, viewer: Viewer, today = londonDate(new Date())) {
  return {
    ...personalDetails(p),
    fullName: `${p.givenName} ${p.familyName}`,
    age: p.dateOfBirth ? ageOn(plainDate(p.dateOfBirth), today) : null,
    ethnicity: ethnicityLabel(p.ethnicity),
    restricted: p.restricted,
    whereaboutsWithheld: p.addresses.some((a) => a.withholding) || p.contactDetails.some((c) => c.withholding),
    addresses: p.addresses.map((a) => presentAddress(a, viewer, 'screen')),
    contactDetails: p.contactDetails.map((c) => presentContactDetail(c, viewer, 'screen')),
    safeContact: p.safeContact && {
      safeNumber: part(p.safeContact.safeNumber, viewer, 'screen'),
      safeTimes: p.safeContact.safeTimes,
      mayLeaveMessage: p.safeContact.mayLeaveMessage,
      askIfAloneFirst: p.safeContact.askIfAloneFirst,
      codeWord: p.safeContact.codeWord ? part(p.safeContact.codeWord, viewer, 'screen') : null,
      neutralLetters: p.safeContact.neutralLetters,
    },
  };
}

export type PersonScreenView = ReturnType<typeof presentPersonForScreen>;

/** The API shape. The API is an external audience: a withheld address or contact detail is `{ withheld: true }` for every client. */
export function presentPersonForApi(p: PersonRecord, viewer: Viewer) {
  return {
    ...personalDetails(p),
    ethnicity: p.ethnicity,
    addresses: p.addresses.map((a) => {
      if (a.withholding) return { withheld: true as const };
      return {
        id: a.id,
        line1: part(a.line1, viewer, 'external'),
        line2: part(a.line2, viewer, 'external') || null,
        town: part(a.town, viewer, 'external') || null,
        postcode: part(a.postcode, viewer, 'external') || null,
        from: a.from,
        to: a.to,
      };
    }),
    contactDetails: p.contactDetails.map((c) => (c.withholding ? { withheld: true as const } : { kind: c.kind, label: c.label, value: part(c.value, viewer, 'external') })),
  };
}

/** The wording of a relationship from the other end of a directed kind ("child of"). */
const REVERSED_LABELS: Partial<Record<RelationshipKind, string>> = {
  'parent-of': 'Child of',
  'parental-responsibility-for': 'Parental responsibility held by',
};

export function relationshipLabel(kind: RelationshipKind, fromThisPerson: boolean): string {
  return !fromThisPerson && isDirected(kind) ? (REVERSED_LABELS[kind] ?? RELATIONSHIP_LABELS[kind]) : RELATIONSHIP_LABELS[kind];
}
