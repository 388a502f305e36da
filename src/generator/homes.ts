/**
 * Where each member of a synthetic family has lived: the family home, often an earlier one, and on
 * separation a new home for the victim and the children. A few victims who fled at high risk have
 * that new address withheld (their children's too, since they live there), with the reason.
 */
import { YEAR_DAYS } from './days.js';
import type { Household } from './family-members.js';
import { districtNear, homeIn, type Home } from './places.js';
import { chance, pick, type Rng } from './random.js';

export interface AddressSpell {
  member: number;
  home: Home;
  /** Day numbers; null when not known. */
  from: number | null;
  to: number | null;
  withheld: boolean;
  withheldReason: string | null;
  /** When it was withheld (ms since 1970). */
  withheldAt: number | null;
}

export interface Homes {
  /** The family's home district (postcode ZZn). */
  district: number;
  spells: AddressSpell[];
  /** The day the victim moved away from the person causing harm, when they separated; null otherwise. */
  separatedOn: number | null;
  /** The victim's current address is withheld. */
  withheld: boolean;
}

/**
 * Share of separated victims whose new address is withheld: about one in eleven, which with 45% of
 * families separated makes about 4% of victims (refuge and other moves after a high-risk incident).
 */
const WITHHELD_SHARE_OF_SEPARATED = 0.09;

const WITHHELD_REASONS = [
  'Moved to a refuge after a high-risk incident; the person causing harm must not learn where',
  'Fled with the children after threats to kill; address known to police and children’s services only',
  'Rehoused under the sanctuary scheme; the ex-partner is looking for the family',
  'Moved area after stalking; Marac agreed the new address is shared with named workers only',
] as const;

export function composeHomes(rng: Rng, household: Household, today: number): Homes {
  const { members, connection, apart } = household;
  const victim = members[0]!;
  const district = 1 + Math.floor(rng() * 99);
  const spells: AddressSpell[] = [];
  const live = (member: number, home: Home, from: number | null, to: number | null, withheldAt: number | null = null, reason: string | null = null) => {
    const born = members[member]!.dateOfBirth;
    if (to !== null && to < born) return;
    spells.push({ member, home, from: from === null ? null : Math.max(from, born), to, withheld: withheldAt !== null, withheldReason: reason, withheldAt });
  };
  const children = members.filter((m) => m.role === 'child').map((m) => m.index);
  const adulthood = victim.dateOfBirth + Math.ceil(18 * YEAR_DAYS);
  const together = connection !== 'relatives';

  // The family home, and for a third of families the one before it.
  // Not before the victim was 18, and at least 200 days ago (so that any separation can come after it).
  const movedIn = Math.min(today - 200, Math.max(adulthood, today - Math.floor((0.5 + rng() * 11.5) * YEAR_DAYS)));
  const home = homeIn(rng, district);
  if (chance(rng, 0.35) && movedIn - adulthood > 400) {
    const earlier = Math.max(adulthood, movedIn - Math.floor((1 + rng() * 5) * YEAR_DAYS));
    const before = homeIn(rng, districtNear(rng, district));
    for (const m of [0, ...(together ? [1] : []), ...children]) live(m, before, earlier, movedIn - 1);
  }

  let separatedOn: number | null = null;
  let withheld = false;
  const stepParent = members.find((m) => m.role === 'step-parent');
  if (apart && together) {
    separatedOn = Math.max(movedIn + 60, today - 30 - Math.floor(rng() * 5 * YEAR_DAYS));
    if (separatedOn >= today - 7) separatedOn = today - 7 - Math.floor(rng() * 20);
    for (const m of [0, 1, ...children]) live(m, home, movedIn, separatedOn - 1);
    withheld = chance(rng, WITHHELD_SHARE_OF_SEPARATED);
    const away = homeIn(rng, withheld ? districtNear(rng, districtNear(rng, district)) : districtNear(rng, district));
    const withheldAt = withheld ? (separatedOn + 1 + Math.floor(rng() * 10)) * 86_400_000 + 36_000_000 : null;
    const reason = withheld ? pick(rng, WITHHELD_REASONS) : null;
    for (const m of [0, ...children]) live(m, away, separatedOn, null, withheldAt, reason);
    if (stepParent) {
      const movedTogether = separatedOn + 60 + Math.floor(rng() * 700);
      if (movedTogether < today) live(stepParent.index, away, movedTogether, null, withheldAt === null ? null : Math.max(withheldAt, movedTogether * 86_400_000), reason);
      live(stepParent.index, homeIn(rng, districtNear(rng, district)), null, movedTogether < today ? movedTogether - 1 : null);
    }
    // He stays in the family home, or moves on.
    if (chance(rng, 0.55)) live(1, home, separatedOn, null);
    else live(1, homeIn(rng, districtNear(rng, district)), separatedOn, null);
  } else {
    for (const m of [0, ...(together || !apart ? [1] : []), ...children]) live(m, home, movedIn, null);
    if (!together && apart) live(1, homeIn(rng, districtNear(rng, district)), rng() < 0.2 ? null : movedIn - Math.floor(rng() * 2000), null);
  }

  const grandparent = members.find((m) => m.role === 'grandparent');
  if (grandparent) live(grandparent.index, homeIn(rng, districtNear(rng, district)), chance(rng, 0.3) ? null : today - Math.floor((3 + rng() * 30) * YEAR_DAYS), null);
  return { district, spells, separatedOn, withheld };
}

/** Where the member lived on the day, and whether it is withheld; null when not known. */
export function addressOn(homes: Homes, member: number, day: number): AddressSpell | null {
  let found: AddressSpell | null = null;
  for (const s of homes.spells) {
    if (s.member !== member || (s.from !== null && s.from > day) || (s.to !== null && s.to < day)) continue;
    if (!found || (s.from ?? -Infinity) > (found.from ?? -Infinity)) found = s;
  }
  return found;
}
