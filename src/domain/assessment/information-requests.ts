import { compareDates, type PlainDate } from '../calendar/plain-date.js';

/** Who a social worker asks for what they know about the family (seed 004, section 8). */
export const INFORMATION_SOURCES = ['police', 'gp', 'health-visitor', 'school', 'adult-mental-health', 'substance-misuse', 'housing', 'hospital', 'probation', 'da-service', 'extended-family'] as const;
export type InformationSource = (typeof INFORMATION_SOURCES)[number];

export const SOURCE_LABELS: Record<InformationSource, string> = {
  police: 'Police',
  gp: 'GP',
  'health-visitor': 'Health visitor or school nurse',
  school: 'School or nursery',
  'adult-mental-health': 'Adult mental health service',
  'substance-misuse': 'Drug and alcohol service',
  housing: 'Housing',
  hospital: 'Hospital',
  probation: 'Probation',
  'da-service': 'Domestic abuse service',
  'extended-family': 'Extended family',
};

export const METHODS = ['in-product', 'email', 'phone', 'letter'] as const;
export type Method = (typeof METHODS)[number];

export const METHOD_LABELS: Record<Method, string> = {
  'in-product': 'In Wraparound: the agency’s representative answers here',
  email: 'By email',
  phone: 'By phone',
  letter: 'By letter',
};

/** Problems with a request's dates, named by field: due before asked, asked in the future. */
export function requestDateProblems(askedOn: PlainDate, dueOn: PlainDate, today: PlainDate): { field: 'askedOn' | 'dueOn'; message: string }[] {
  const problems: { field: 'askedOn' | 'dueOn'; message: string }[] = [];
  if (compareDates(askedOn, today) > 0) problems.push({ field: 'askedOn', message: 'The date you asked must be today or in the past' });
  if (compareDates(dueOn, askedOn) < 0) problems.push({ field: 'dueOn', message: 'The date the answer is due must be on or after the date you asked' });
  return problems;
}

/** A return's date must fall between the asking and today. */
export function returnDateProblem(askedOn: PlainDate, returnedOn: PlainDate, today: PlainDate): string | null {
  if (compareDates(returnedOn, askedOn) < 0) return 'The date of the answer must be on or after the date you asked';
  if (compareDates(returnedOn, today) > 0) return 'The date of the answer must be today or in the past';
  return null;
}

/**
 * The reminder emailed to an agency's representatives. It says only that a request is waiting and where
 * to answer it: never who it is about.
 */
export function reminderEmail(input: { council: string; dueOn: string; link: string }): { subject: string; body: string } {
  return {
    subject: 'A request for information is waiting for your agency',
    body: [
      `${input.council} children’s services asked your agency for information and are waiting for your answer.`,
      `It is due by ${input.dueOn}.`,
      `Sign in to read the request and answer it: ${input.link}`,
      'This email does not say who the request is about. Please do not reply to it.',
    ].join('\n\n'),
  };
}
