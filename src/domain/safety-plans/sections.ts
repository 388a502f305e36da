/**
 * What a safety plan holds, section by section (seed 004 section 10; issue 16 points 2 and 3). The
 * victim's plan is made with her by the IDVA or the social worker; a child's own plan is made with a
 * child who understands enough to use it. Each section is free text in the family's own words.
 */

export const PLAN_KINDS = ['victim', 'child'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

export interface PlanSection {
  key: string;
  /** The heading on the page and in the professional network's copy. */
  label: string;
  /** What to write, shown under the label. */
  hint: string;
}

export const VICTIM_SECTIONS = [
  { key: 'triggers', label: 'Triggers and warning signs', hint: 'What tends to come before the abuse, and the signs that things are getting worse.' },
  { key: 'safePlaces', label: 'Safe places in and outside the home', hint: 'A room with a way out and no weapons in it; where she could go at any hour.' },
  { key: 'emergencyPeople', label: 'People to call in an emergency', hint: 'Who they are, and that a code word is agreed with them. Do not write the code word itself.' },
  { key: 'numbers', label: 'Numbers to keep to hand', hint: 'For example 999, the IDVA service, the national helpline, the school.' },
  { key: 'bag', label: 'A bag ready to go', hint: 'Documents, medication, keys, money, and where the bag is kept.' },
  { key: 'routes', label: 'Safe routes and places to avoid', hint: 'Journeys that are safer, and places he is likely to be.' },
  { key: 'technology', label: 'Phone, location sharing and shared accounts', hint: 'Location sharing turned off, passwords changed, accounts he can see.' },
  { key: 'childContact', label: 'Handovers and contact with the children', hint: 'Where and how handovers happen, and who is there.' },
  { key: 'workSchool', label: 'Work and school', hint: 'Who at work and at the children’s school knows, and what they will do.' },
  { key: 'ourActions', label: 'What children’s services will do to protect the children, and when', hint: 'Say plainly what we will do and in what circumstances, so nothing comes as a surprise.' },
] as const satisfies readonly PlanSection[];

export const CHILD_SECTIONS = [
  { key: 'safePlaceInside', label: 'A safe place in the house', hint: 'Where the child can go when there is shouting or fighting.' },
  { key: 'safePlaceOutside', label: 'A safe place outside the house', hint: 'A neighbour, a relative, a shop: somewhere near they can get to.' },
  { key: 'safeAdult', label: 'A safe adult to call', hint: 'Who the child will call, and how.' },
  { key: 'call999', label: 'How to call 999 and what to say', hint: 'Practise it with the child: police, their name, where they are, what is happening.' },
  { key: 'talkAfter', label: 'Someone to talk to afterwards', hint: 'A person the child trusts: a teacher, a relative, a youth worker.' },
  { key: 'helpYounger', label: 'How to help younger brothers and sisters', hint: 'For example, take them to the safe place. Leave it empty when there are none.' },
] as const satisfies readonly PlanSection[];

export type VictimSectionKey = (typeof VICTIM_SECTIONS)[number]['key'];
export type ChildSectionKey = (typeof CHILD_SECTIONS)[number]['key'];

/** The sections of a plan of this kind, in order. */
export function sectionsOf(kind: PlanKind): readonly PlanSection[] {
  return kind === 'victim' ? VICTIM_SECTIONS : CHILD_SECTIONS;
}

/** A child's plan always says these two things; the worker does not write them, the plan does. */
export const CHILD_PLAN_ALWAYS = ['Do not step in to stop the fighting. Get to your safe place.', 'It is not your fault. It is never your fault.'] as const;

/** How many characters a section may hold. */
export const SECTION_MAX = 3000;

export type Sections = Readonly<Record<string, string>>;

export interface SectionProblem {
  field: string;
  message: string;
}

/**
 * Checks a plan's sections: only the kind's own sections, each at most SECTION_MAX characters, and
 * enough written to be a plan. A victim's plan needs at least one section; a child's plan needs a
 * safe place (inside or out) and a safe adult, the least a child can act on. Answers the trimmed
 * sections (empty ones left out) or the problems, each naming its field.
 */
export function checkSections(kind: PlanKind, given: Readonly<Record<string, string | undefined>>): { sections: Record<string, string> } | { problems: SectionProblem[] } {
  const known = sectionsOf(kind);
  const problems: SectionProblem[] = [];
  const sections: Record<string, string> = {};
  for (const key of Object.keys(given)) {
    if (!known.some((s) => s.key === key)) problems.push({ field: key, message: `A ${kind === 'victim' ? 'victim’s' : 'child’s'} plan has no section called ${key}` });
  }
  for (const s of known) {
    const text = (given[s.key] ?? '').trim();
    if (text.length > SECTION_MAX) problems.push({ field: s.key, message: `${s.label}: write ${SECTION_MAX.toLocaleString('en-GB')} characters or fewer` });
    else if (text) sections[s.key] = text;
  }
  if (problems.length) return { problems };
  if (kind === 'victim' && Object.keys(sections).length === 0) return { problems: [{ field: known[0]!.key, message: 'Write at least one part of the safety plan' }] };
  if (kind === 'child') {
    if (!sections.safePlaceInside && !sections.safePlaceOutside) problems.push({ field: 'safePlaceInside', message: 'Write a safe place the child can go, in the house or outside it' });
    if (!sections.safeAdult) problems.push({ field: 'safeAdult', message: 'Write a safe adult the child can call' });
    if (problems.length) return { problems };
  }
  return { sections };
}

/** The sections whose text differs between two versions, in the plan's order. */
export function changedSections(kind: PlanKind, before: Sections, after: Sections): string[] {
  return sectionsOf(kind)
    .map((s) => s.key)
    .filter((key) => (before[key] ?? '') !== (after[key] ?? ''));
}

/** A section's label, for history and conflict messages. */
export function sectionLabel(kind: PlanKind, key: string): string {
  return sectionsOf(kind).find((s) => s.key === key)?.label ?? key;
}
