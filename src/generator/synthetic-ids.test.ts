import { describe, expect, it } from 'vitest';
import { ID_KINDS, idKeyFor, MAX_INDEX, syntheticId, type IdKind } from './synthetic-ids.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TENANT = '5b8f0a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';

describe('synthetic ids', () => {
  it('are version 4 uuids, the same for the same tenant, seed, kind, family and number', () => {
    const key = idKeyFor(TENANT, 7);
    const id = syntheticId(key, 'person', 12, 3);
    expect(id).toMatch(UUID_V4);
    expect(syntheticId(idKeyFor(TENANT, 7), 'person', 12, 3)).toBe(id);
  });

  it('never repeat within a tenant and seed, across kinds, families and numbers', () => {
    const key = idKeyFor(TENANT, 1);
    const seen = new Set<string>();
    const kinds = Object.keys(ID_KINDS) as IdKind[];
    for (const kind of kinds) for (let serial = 0; serial < 2_000; serial++) for (const index of [0, 1, 2, 15, 16, 640, MAX_INDEX]) seen.add(syntheticId(key, kind, serial, index));
    expect(seen.size).toBe(kinds.length * 2_000 * 7);
    // Families far apart, where a serial's low bits repeat.
    for (const serial of [0, 2 ** 16, 2 ** 20, 2 ** 24, 2 ** 31]) seen.add(syntheticId(key, 'contact', serial + 5, 9));
    expect(seen.size).toBe(kinds.length * 2_000 * 7 + 5);
  });

  it('differ between seeds and between tenants for the same family', () => {
    const ids = new Set<string>();
    for (let seed = 0; seed < 200; seed++) ids.add(syntheticId(idKeyFor(TENANT, seed), 'person', 0, 0));
    ids.add(syntheticId(idKeyFor('0b8f0a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', 0), 'person', 0, 0));
    expect(ids.size).toBe(201);
  });

  it('refuse a record number that would not fit', () => {
    expect(() => syntheticId(idKeyFor(TENANT, 1), 'person', 0, MAX_INDEX + 1)).toThrow(RangeError);
    expect(() => syntheticId(idKeyFor(TENANT, 1), 'person', 0, -1)).toThrow(RangeError);
  });
});
