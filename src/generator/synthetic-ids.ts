import { createHash } from 'node:crypto';

/**
 * Ids for generated records, derived from the tenant, the seed, the kind of record, the family's
 * serial and the record's number within the family: the same family always gets the same ids, and a
 * second tenant or seed gets different ones. Within one tenant and seed no two ids can be equal: the
 * family serial and the (kind, number) pair pass through a keyed Feistel permutation, whose 64 bits
 * all stay in the uuid. Across tenants and seeds they differ in the keys, so a clash needs 122 bits to
 * agree by chance, as likely as between two random uuids.
 */
export interface IdKey {
  readonly keys: Uint32Array;
}

export const ID_KINDS = {
  person: 1,
  address: 2,
  contactDetail: 3,
  relationship: 4,
  case: 5,
  contact: 6,
  contactPerson: 7,
  riskAssessment: 8,
  maracReferral: 9,
  mustNotReceive: 10,
} as const;
export type IdKind = keyof typeof ID_KINDS;

/** The largest number a record can have within its family (16 bits). */
export const MAX_INDEX = 0xffff;

export function idKeyFor(tenantId: string, seed: number): IdKey {
  const digest = createHash('sha256').update(`wraparound synthetic ids\0${tenantId.toLowerCase()}\0${seed}`).digest();
  const keys = new Uint32Array(8);
  for (let i = 0; i < 8; i++) keys[i] = digest.readUInt32BE(i * 4);
  return { keys };
}

/** murmur3's finaliser: a bijection on 32-bit numbers that spreads every input bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex32 = (n: number) => HEX[n >>> 24]! + HEX[(n >>> 16) & 0xff]! + HEX[(n >>> 8) & 0xff]! + HEX[n & 0xff]!;
const hex16 = (n: number) => HEX[(n >>> 8) & 0xff]! + HEX[n & 0xff]!;

/** The id of record `index` of a kind in family `serial` (serials below 2^32, indexes up to MAX_INDEX). */
export function syntheticId(key: IdKey, kind: IdKind, serial: number, index: number): string {
  if (!Number.isInteger(index) || index < 0 || index > MAX_INDEX) throw new RangeError(`record number ${index} is out of range`);
  const k = key.keys;
  let a = serial >>> 0;
  let b = ((ID_KINDS[kind] << 16) | index) >>> 0;
  // Four Feistel rounds: invertible whatever the round function, so distinct inputs stay distinct.
  a = (a ^ fmix32((b ^ k[0]!) >>> 0)) >>> 0;
  b = (b ^ fmix32((a ^ k[1]!) >>> 0)) >>> 0;
  a = (a ^ fmix32((b ^ k[2]!) >>> 0)) >>> 0;
  b = (b ^ fmix32((a ^ k[3]!) >>> 0)) >>> 0;
  const c = fmix32((a ^ k[4]! ^ fmix32((b ^ k[5]!) >>> 0)) >>> 0);
  const d = fmix32((b ^ k[6]! ^ fmix32((a ^ k[7]!) >>> 0)) >>> 0);
  // Version 4 and the RFC 4122 variant; a and b are kept whole (b's low 4 bits beside the variant).
  return `${hex32(a)}-${hex16(b >>> 16)}-4${hex16((b >>> 4) & 0xfff).slice(1)}-${hex16(0x8000 | ((b & 0xf) << 10) | (c & 0x3ff))}-${hex16(c >>> 16)}${hex32(d)}`;
}
