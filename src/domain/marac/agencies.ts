/**
 * The agencies that sit on a Marac, and what each kind can usually offer a case. A tenant names its own
 * agencies and keeps each one's offer list; the lists below are what a new agency starts with, so that
 * representatives are prompted with what they could do (a near-miss review found agencies that shared
 * nothing because nobody asked).
 */
export const AGENCY_SECTORS = [
  'police',
  'idva',
  'childrens-services',
  'adult-social-care',
  'health-acute',
  'health-gp',
  'health-visiting',
  'mental-health',
  'substance-misuse',
  'housing',
  'education',
  'probation',
  'voluntary-da',
  'other',
] as const;
export type AgencySector = (typeof AGENCY_SECTORS)[number];

export const AGENCY_SECTOR_LABELS: Record<AgencySector, string> = {
  police: 'Police',
  idva: 'IDVA service',
  'childrens-services': 'Children’s services',
  'adult-social-care': 'Adult social care',
  'health-acute': 'Health: hospital',
  'health-gp': 'Health: GP',
  'health-visiting': 'Health: health visiting and school nursing',
  'mental-health': 'Mental health',
  'substance-misuse': 'Substance misuse',
  housing: 'Housing',
  education: 'Education',
  probation: 'Probation',
  'voluntary-da': 'Voluntary domestic abuse service',
  other: 'Other',
};

export function isAgencySector(value: string): value is AgencySector {
  return (AGENCY_SECTORS as readonly string[]).includes(value);
}

/** What a new agency of each kind starts with on its offer list; the agency's own list is kept per agency. */
export const STARTING_OFFERS: Record<AgencySector, readonly string[]> = {
  police: ['Flag the address for an urgent response', 'Check for and share previous call-outs', 'Consider a protection notice or order', 'Review bail conditions', 'Offender management of the person causing harm'],
  idva: ['Contact the victim and offer support', 'Make or review a safety plan', 'Support through the criminal or family court', 'Advocate with housing and other agencies'],
  'childrens-services': ['Check whether the children are known', 'Share the children’s plan and who holds the case', 'Consider a strategy discussion', 'Visit the children and hear their views'],
  'adult-social-care': ['Check for care and support needs', 'Consider a safeguarding adults enquiry', 'Share the care plan and the worker’s name'],
  'health-acute': ['Flag the record for emergency department attendances', 'Share relevant attendances and injuries', 'Alert the hospital’s safeguarding team'],
  'health-gp': ['Flag the family’s records', 'Share relevant history and repeat appointments', 'Offer an appointment where she can be seen alone'],
  'health-visiting': ['Share contact with the family and the children’s development', 'Increase visits', 'See the mother alone to ask about abuse'],
  'mental-health': ['Share involvement and risks known to the service', 'Offer an assessment or a fast-tracked appointment', 'Name a worker to link with the IDVA'],
  'substance-misuse': ['Share involvement and engagement', 'Offer treatment or a fast-tracked assessment', 'Name a worker to link with the IDVA'],
  housing: ['Flag the tenancy or the address', 'Consider a management move or emergency rehousing', 'Offer target hardening (locks, alarms)', 'Consider action on the tenancy of the person causing harm'],
  education: ['Tell the designated safeguarding lead', 'Watch attendance and behaviour and report changes', 'Check who may collect the children', 'Offer support in school'],
  probation: ['Share supervision and licence conditions', 'Consider a recall or added conditions', 'Refer the person causing harm to a behaviour change programme'],
  'voluntary-da': ['Offer outreach or refuge', 'Offer a support group or counselling', 'Offer support for the children'],
  other: [],
};

/** An offer list as given: trimmed, no blanks, no repeats (ignoring case), each 300 characters or fewer, 40 at most. */
export function checkOffers(lines: readonly string[]): { ok: true; offers: string[] } | { ok: false; message: string } {
  const offers: string[] = [];
  for (const line of lines) {
    const text = line.trim();
    if (!text) continue;
    if (text.length > 300) return { ok: false, message: 'Each offer must be 300 characters or fewer' };
    if (offers.some((o) => o.toLowerCase() === text.toLowerCase())) continue;
    offers.push(text);
  }
  if (offers.length > 40) return { ok: false, message: 'An agency can list 40 offers at most' };
  return { ok: true, offers };
}
