/**
 * Marac referrals for victims whose checklist scored high (visible high risk), and repeats: a further
 * incident within the repeat period after a referral, referred again. Each repeat is made only where
 * the rule in src/domain/marac/criteria.ts finds it (an incident after the previous referral, within
 * the months set, on or before the new one), so the stored flag and the rule agree. About a third of
 * referrals are repeats, as in SafeLives' national figures.
 */
import { CONTACT_SOURCE_LABELS } from '../domain/contacts/contact.js';
import { addMonths, type PlainDate } from '../domain/calendar/plain-date.js';
import type { Checklist } from './checklists.js';
import { dateOf, dayOf } from './days.js';
import type { Incident } from './incidents.js';
import { chance, pick, type Rng } from './random.js';

export interface Referral {
  index: number;
  referredOn: number;
  latestIncidentOn: number | null;
  checklist: number | null;
  repeat: boolean;
  previous: number | null;
  /** The incident that makes it a repeat. */
  repeatIncident: number | null;
  agency: string;
  consent: 'given' | 'not-given';
  lawfulBasis: string | null;
  risks: string;
  contactSafety: string;
}

/** Chance that a referred victim with a further incident in the repeat period is referred again. */
export const REPEAT_CHANCE = 0.55;

const RISKS = [
  'Strangulation at the latest incident; threats to kill, which the victim believes.',
  'Escalating frequency since separation; stalking and a breach of bail conditions.',
  'Weapon used; the children were present and one was hurt.',
  'Threats to take the children; financial control; the victim is isolated from family.',
];
const SAFETY = ['Call the safe number only, on weekdays between 10am and 2pm.', 'Contact through the IDVA only.', 'Do not leave messages; ask first whether they can talk.'];
const LAWFUL_BASIS = 'UK GDPR Art 6(1)(e) and Art 9(2)(g) with DPA 2018 Sch 1 para 18: shared without consent to protect the victim and the children from serious harm.';

function latestIncidentBy(incidents: readonly Incident[], day: number): number | null {
  let latest: number | null = null;
  for (const i of incidents) if (i.occurredOn <= day) latest = Math.max(latest ?? i.occurredOn, i.occurredOn);
  return latest;
}

export function composeReferrals(rng: Rng, incidents: readonly Incident[], checklists: readonly Checklist[], repeatMonths: number, today: number): Referral[] {
  const first = checklists.find((c) => c.band === 'high');
  if (!first) return [];
  const nextChecklist = checklists.find((c) => c.completedOn > first.completedOn);
  const until = Math.min(today - 1, (nextChecklist?.completedOn ?? Infinity) - 1);
  const referredOn = Math.min(until, first.completedOn + Math.floor(rng() * 8));
  if (referredOn < first.completedOn) return [];
  const common = () => {
    const consent = chance(rng, 0.75) ? ('given' as const) : ('not-given' as const);
    return { consent, lawfulBasis: consent === 'given' ? null : LAWFUL_BASIS, risks: pick(rng, RISKS), contactSafety: pick(rng, SAFETY) };
  };
  const referrals: Referral[] = [
    { index: 0, referredOn, latestIncidentOn: latestIncidentBy(incidents, referredOn), checklist: first.index, repeat: false, previous: null, repeatIncident: null, agency: first.agency, ...common() },
  ];
  for (;;) {
    const previous = referrals.at(-1)!;
    const windowEnd = dayOf(addMonths(dateOf(previous.referredOn) as PlainDate, repeatMonths));
    const further = incidents.find((i) => i.occurredOn > previous.referredOn && i.occurredOn <= windowEnd && i.receivedOn < today - 1);
    if (!further || !chance(rng, REPEAT_CHANCE)) break;
    const day = Math.min(today - 1, Math.max(further.receivedOn, further.occurredOn) + 1 + Math.floor(rng() * 14));
    if (day <= previous.referredOn) break;
    referrals.push({
      index: referrals.length,
      referredOn: day,
      latestIncidentOn: latestIncidentBy(incidents, day),
      checklist: null,
      repeat: true,
      previous: previous.index,
      repeatIncident: further.index,
      agency: CONTACT_SOURCE_LABELS[further.source],
      ...common(),
    });
  }
  return referrals;
}
