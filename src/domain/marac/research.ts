/**
 * What each member agency returns before a Marac meeting, per case: for the victim, the person causing
 * harm and each child whether its records know them, and if so their current involvement, the history
 * that matters and the risks it sees; and what it can offer, from its own list and in its own words.
 * Pure: the people on the case and the agency's list are given.
 */

export const RESEARCH_LIMITS = { involvement: 2000, history: 4000, risks: 4000, otherOffer: 2000 } as const;

export interface Finding {
  personId: string;
  known: boolean;
  involvement: string;
  history: string;
  risks: string;
}

export interface ResearchReturn {
  findings: Finding[];
  offers: string[];
  otherOffer: string;
}

export type ResearchProblem = { field: string; message: string };

/** A return checked against the case's people and the agency's offer list: the problems, or the return tidied. */
export function checkReturn(
  given: ResearchReturn,
  people: readonly { id: string; name: string }[],
  offerList: readonly string[],
): { ok: true; research: ResearchReturn } | { ok: false; problems: ResearchProblem[] } {
  const problems: ResearchProblem[] = [];
  const findings: Finding[] = [];
  for (const person of people) {
    const f = given.findings.find((x) => x.personId === person.id);
    if (!f) {
      problems.push({ field: `known-${person.id}`, message: `Say whether your agency knows ${person.name}` });
      continue;
    }
    const tidy = { personId: person.id, known: f.known, involvement: f.known ? f.involvement.trim() : '', history: f.known ? f.history.trim() : '', risks: f.known ? f.risks.trim() : '' };
    for (const key of ['involvement', 'history', 'risks'] as const) {
      if (tidy[key].length > RESEARCH_LIMITS[key]) problems.push({ field: `${key}-${person.id}`, message: `Write ${RESEARCH_LIMITS[key].toLocaleString('en-GB')} characters or fewer about ${person.name}` });
    }
    if (f.known && !tidy.involvement && !tidy.history && !tidy.risks) {
      problems.push({ field: `involvement-${person.id}`, message: `Say what your agency knows of ${person.name}: its involvement now, the history or the risks` });
    }
    findings.push(tidy);
  }
  if (given.findings.some((f) => !people.some((p) => p.id === f.personId))) problems.push({ field: 'findings', message: 'Return research only about the people on this case' });
  const offers = [...new Set(given.offers)];
  if (offers.some((o) => !offerList.includes(o))) problems.push({ field: 'offers', message: 'Choose offers from your agency’s list, or describe another offer in your own words' });
  const otherOffer = given.otherOffer.trim();
  if (otherOffer.length > RESEARCH_LIMITS.otherOffer) problems.push({ field: 'otherOffer', message: `Describe other offers in ${RESEARCH_LIMITS.otherOffer.toLocaleString('en-GB')} characters or fewer` });
  return problems.length ? { ok: false, problems } : { ok: true, research: { findings, offers, otherOffer } };
}

export type ResearchState = 'returned' | 'nothing-known' | 'not-returned';

/** How a return shows on the coordinator's grid: nothing known when the agency knows none of the people and offers nothing. */
export function researchState(r: { findings: readonly Pick<Finding, 'known'>[]; offers: readonly string[]; otherOffer: string | null } | null): ResearchState {
  if (!r) return 'not-returned';
  return r.findings.every((f) => !f.known) && r.offers.length === 0 && !r.otherOffer ? 'nothing-known' : 'returned';
}

/** Why a return is refused at this time, or null: research is for before the meeting. */
export function returnRefusal(heldAt: Date, status: 'scheduled' | 'cancelled', now: Date): string | null {
  if (status === 'cancelled') return 'This meeting has been cancelled';
  if (heldAt.getTime() <= now.getTime()) return 'The meeting has taken place: research can no longer be returned for it';
  return null;
}

/**
 * The emails to a member agency's representatives: which meeting, what is due and where to sign in.
 * Built from the meeting's panel, date and time, the due date and the address alone, so they cannot
 * carry anything about the people on the agenda.
 */
export interface MeetingEmailFacts {
  /** "Eastwick Marac, Tuesday 8 December 2026, 10:00am" */
  meeting: string;
  agency: string;
  /** "4 December 2026" */
  researchDue: string;
  cases: number;
  /** Where to sign in: the service's address and the page, or the page alone when the address is not set. */
  signIn: string;
}

export function circulationNotice(f: MeetingEmailFacts): { subject: string; body: string } {
  return {
    subject: `Marac agenda: ${f.meeting}`,
    body: [
      `The agenda for the Marac meeting (${f.meeting}) has gone out to ${f.agency}.`,
      '',
      `There ${f.cases === 1 ? 'is 1 case' : `are ${f.cases} cases`} on it. Please check your agency’s records for each and return your research by ${f.researchDue}.`,
      '',
      `Sign in to Wraparound to see the cases: ${f.signIn}`,
      '',
      'This email holds no details of the people on the agenda.',
    ].join('\n'),
  };
}

export function researchReminder(f: MeetingEmailFacts & { missing: number }): { subject: string; body: string } {
  return {
    subject: `Reminder: Marac research due ${f.researchDue}`,
    body: [
      `${f.agency} has not yet returned research for ${f.missing === 1 ? '1 case' : `${f.missing} cases`} on the agenda of the Marac meeting (${f.meeting}).`,
      '',
      `Research is due by ${f.researchDue}. If your agency holds nothing on a case, say so: the meeting needs to know that too.`,
      '',
      `Sign in to Wraparound to return it: ${f.signIn}`,
      '',
      'This email holds no details of the people on the agenda.',
    ].join('\n'),
  };
}
