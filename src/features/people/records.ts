import type { Confidential, Withholding } from '../../domain/redaction/confidential.js';

/** An address as held in memory: every part that could place the person is Confidential. */
export interface AddressRecord {
  id: string;
  line1: Confidential;
  line2: Confidential | null;
  town: Confidential | null;
  postcode: Confidential | null;
  from: string | null;
  to: string | null;
  withholding: Withholding | null;
}

export interface ContactDetailRecord {
  id: string;
  kind: 'phone' | 'email' | 'other';
  value: Confidential;
  label: string | null;
  withholding: Withholding | null;
}

export interface SafeContactRecord {
  safeNumber: Confidential | null;
  safeTimes: string | null;
  mayLeaveMessage: boolean;
  askIfAloneFirst: boolean;
  codeWord: Confidential | null;
  neutralLetters: boolean;
}

export interface PersonRecord {
  id: string;
  tenantId: string;
  version: number;
  givenName: string;
  familyName: string;
  otherNames: string[];
  dateOfBirth: string | null;
  dateOfBirthEstimated: boolean;
  sex: string | null;
  gender: string | null;
  ethnicity: string | null;
  firstLanguage: string | null;
  dialect: string | null;
  interpreterNeeded: boolean;
  interpreterSex: string | null;
  disability: string | null;
  send: boolean;
  immigrationStatus: string | null;
  noRecourseToPublicFunds: boolean;
  nhsNumber: string | null;
  restricted: boolean;
  restrictedReason: string | null;
  /** The record this one was merged into: it holds nothing of its own any more. */
  mergedInto: string | null;
  identifiers: { agency: string; identifier: string }[];
  addresses: AddressRecord[];
  contactDetails: ContactDetailRecord[];
  safeContact: SafeContactRecord | null;
}

/** The fields a version records as changed, in API names. */
export const PERSON_FIELD_COLUMNS = {
  givenName: 'given_name',
  familyName: 'family_name',
  otherNames: 'other_names',
  dateOfBirth: 'date_of_birth',
  dateOfBirthEstimated: 'date_of_birth_estimated',
  sex: 'sex',
  gender: 'gender',
  ethnicity: 'ethnicity',
  firstLanguage: 'first_language',
  dialect: 'dialect',
  interpreterNeeded: 'interpreter_needed',
  interpreterSex: 'interpreter_sex',
  disability: 'disability',
  send: 'send',
  immigrationStatus: 'immigration_status',
  noRecourseToPublicFunds: 'no_recourse_to_public_funds',
  nhsNumber: 'nhs_number',
} as const;

export type PersonField = keyof typeof PERSON_FIELD_COLUMNS;
