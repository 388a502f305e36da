/**
 * Invented places for synthetic families: towns that do not exist, streets in them, postcodes in the
 * ZZ area (never issued), schools, services and phone numbers from Ofcom's range for drama
 * (07700 900000 to 07700 900999), so that nothing generated is anybody's real address or number.
 */
import { syntheticPostcode } from './identities.js';
import { pick, type Rng } from './random.js';

const TOWN_STEMS = ['Quill', 'Yarrow', 'Tansy', 'Sorrel', 'Teasel', 'Burdock', 'Fennel', 'Mallow', 'Nettle', 'Marrow', 'Larkspur', 'Campion', 'Vetch', 'Comfrey', 'Betony', 'Madder', 'Woad', 'Sedgely'];
const TOWN_ENDINGS = ['combe', 'wick', 'thorpe', 'stow', 'mouth', 'bridge', 'minster', 'field', 'ham', 'ton'];

/** The invented town of a postcode district (1 to 99): the same district is always the same town. */
export function townOf(district: number): string {
  return `${TOWN_STEMS[district % TOWN_STEMS.length]}${TOWN_ENDINGS[Math.floor(district / TOWN_STEMS.length) % TOWN_ENDINGS.length]}`;
}

const STREET_NAMES = ['Kestrel', 'Linnet', 'Wren', 'Plover', 'Heron', 'Curlew', 'Siskin', 'Warbler', 'Alder', 'Rowan', 'Juniper', 'Hornbeam', 'Sycamore', 'Whitebeam', 'Medlar', 'Quince', 'Foxglove', 'Celandine', 'Bluebell', 'Primrose', 'Harebell', 'Lapwing', 'Dunnock', 'Fieldfare'];
const STREET_KINDS = ['Road', 'Close', 'Street', 'Avenue', 'Way', 'Court', 'Gardens', 'Crescent', 'Lane', 'Drive', 'Walk', 'Mews'];

export interface Home {
  line1: string;
  line2: string | null;
  town: string;
  postcode: string;
}

/** A home in the district: a house or a flat on an invented street of its invented town. */
export function homeIn(rng: Rng, district: number): Home {
  const street = `${pick(rng, STREET_NAMES)} ${pick(rng, STREET_KINDS)}`;
  const number = 1 + Math.floor(rng() ** 2 * 180);
  const flat = rng() < 0.25;
  return {
    line1: flat ? `Flat ${1 + Math.floor(rng() * 24)}, ${number} ${street}` : `${number} ${street}`,
    line2: null,
    town: townOf(district),
    postcode: syntheticPostcode(rng, district),
  };
}

/** A district near this one (a move across town or to the next town) or, sometimes, far away. */
export function districtNear(rng: Rng, district: number): number {
  if (rng() < 0.15) return 1 + Math.floor(rng() * 99);
  return Math.min(99, Math.max(1, district + Math.floor(rng() * 7) - 3));
}

/** A mobile number from Ofcom's drama range. */
export function dramaMobile(rng: Rng): string {
  return `07700 900${String(Math.floor(rng() * 1000)).padStart(3, '0')}`;
}

/** The police force of every synthetic notification: there is no Zedshire. */
export const POLICE_FORCE = 'Zedshire Police';

export function schoolIn(rng: Rng, district: number, age: number): string {
  const town = townOf(district);
  if (age < 4) return `${town} Nursery`;
  if (age < 11) return rng() < 0.5 ? `${town} Primary School` : `${pick(rng, STREET_NAMES)} Primary School`;
  return rng() < 0.5 ? `${town} Academy` : `${town} High School`;
}

/** Who made the contact, by source: a role and an invented service, never a person's name. */
export function referrerFor(rng: Rng, source: string, district: number): string | null {
  const town = townOf(district);
  switch (source) {
    case 'police':
      return `${POLICE_FORCE}, ${pick(rng, ['Public Protection Unit', 'response team', 'neighbourhood team', 'domestic abuse team'])}`;
    case 'school':
      return `Designated safeguarding lead, ${schoolIn(rng, district, 5 + Math.floor(rng() * 11))}`;
    case 'health':
      return pick(rng, [`Health visitor, ${town} community health team`, `Emergency department, ${town} General Hospital`, `GP, ${town} Medical Centre`, `Midwife, ${town} maternity unit`]);
    case 'housing':
      return `Housing officer, ${town} Homes`;
    case 'other-agency':
      return pick(rng, [`Probation, ${town} office`, `${town} drug and alcohol service`, `${town} adult mental health team`, `${town} women's aid outreach`]);
    case 'family':
      return pick(rng, ['A grandparent', 'An aunt', 'A family friend', 'An older sibling']);
    default:
      return null;
  }
}
