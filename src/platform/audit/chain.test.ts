import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, GENESIS_HASH, type ChainedEventContent } from './chain.js';

/** Every object key anywhere in a value. */
function allKeys(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) allKeys(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      into.add(key);
      allKeys(item, into);
    }
  }
  return into;
}

/**
 * An independent oracle: JSON.stringify with an array replacer writes every object's keys in the
 * array's order, at every depth, so a globally sorted key list gives sorted JSON. The replacer reads
 * each listed key with an ordinary property get, which for "__proto__" finds the prototype of an
 * object that has no such key of its own; so each object is first given every listed key it lacks
 * as an own property set to undefined, which JSON.stringify then leaves out.
 */
function sortedJson(value: unknown): string {
  const keys = [...allKeys(value)].sort();
  const own = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(own);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries([...keys.map((k) => [k, undefined] as const), ...Object.entries(v).map(([k, item]) => [k, own(item)] as const)]);
  };
  return JSON.stringify(own(value), keys);
}

/** The same content with object keys inserted in a different order at every depth. */
function reorder(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((item, i) => reorder(item, seed + i + 1));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  // Deterministic shuffle from the seed (a small LCG).
  let state = seed >>> 0;
  for (let i = entries.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    const j = state % (i + 1);
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    Object.defineProperty(out, key, { value: reorder(item, seed * 31 + key.length), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

type Path = (string | number)[];

/** Paths to every primitive inside a value. */
function leafPaths(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leafPaths(item, [...prefix, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => leafPaths(item, [...prefix, key]));
  return [prefix];
}

/** A deep copy with the primitive at `path` replaced by a different primitive. */
function withLeafChanged(value: unknown, path: Path): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return JSON.stringify(value) === '"changed"' ? 'changed!' : 'changed';
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? withLeafChanged(item, rest) : item));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    Object.defineProperty(out, key, { value: key === head ? withLeafChanged(item, rest) : item, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** JSON values with at least one primitive somewhere in them. */
const withLeaves = fc.jsonValue().filter((value) => leafPaths(value).length > 0);

describe('canonicalJson', () => {
  it('sorts keys at every depth, inside arrays too, and keeps array order', () => {
    const value = { b: 1, a: { d: [{ z: 1, y: 2 }, 3], c: 'x' } };
    expect(canonicalJson(value)).toBe('{"a":{"c":"x","d":[{"y":2,"z":1},3]},"b":1}');
  });

  it('sorts by code unit, the same on every platform', () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3, '10': 4, '9': 5 })).toBe('{"10":4,"9":5,"B":2,"a":3,"b":1}');
  });

  it('drops undefined properties at every depth, but keeps null', () => {
    expect(canonicalJson({ a: undefined, b: null, c: { d: undefined, e: 1 } })).toBe('{"b":null,"c":{"e":1}}');
    expect(canonicalJson({ a: undefined })).toBe(canonicalJson({}));
  });

  it('writes primitives as JSON, and undefined alone as null', () => {
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson('a"b')).toBe('"a\\"b"');
    expect(canonicalJson(12.5)).toBe('12.5');
    expect(canonicalJson(true)).toBe('true');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
  });

  it('tells apart values JSON tells apart', () => {
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
    expect(canonicalJson({ a: null })).not.toBe(canonicalJson({}));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    expect(canonicalJson({ a: [] })).not.toBe(canonicalJson({ a: {} }));
  });

  it('treats a "__proto__" key as an ordinary key, and an object without one as having none', () => {
    const value = JSON.parse('{"":[{}],"__proto__":[]}') as unknown;
    expect(canonicalJson(value)).toBe('{"":[{}],"__proto__":[]}');
    expect(sortedJson(value)).toBe('{"":[{}],"__proto__":[]}');
  });

  it('property: is JSON with sorted keys at every depth', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(sortedJson(value));
      }),
      { numRuns: 300 },
    );
  });

  it('property: parses back to the same content', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });

  it('property: is the same for the same content in any key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), (value, seed) => {
        expect(canonicalJson(reorder(value, seed))).toBe(canonicalJson(value));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.object(), fc.nat(), (value, seed) => {
        expect(canonicalJson(reorder(value, seed))).toBe(canonicalJson(value));
      }),
      { numRuns: 300 },
    );
  });

  it('property: differs when any value differs', () => {
    fc.assert(
      fc.property(
        withLeaves.chain((value) => fc.tuple(fc.constant(value), fc.constantFrom(...leafPaths(value)))),
        ([value, path]) => {
          expect(canonicalJson(withLeafChanged(value, path))).not.toBe(canonicalJson(value));
        },
      ),
      { numRuns: 300 },
    );
  });
});

const CONTENT: ChainedEventContent = {
  tenantId: '5b4c2f3e-0000-4000-8000-000000000001',
  seq: '7',
  occurredAt: '2026-11-23T14:05:00.000Z',
  actorType: 'user',
  actorId: '5b4c2f3e-0000-4000-8000-000000000002',
  action: 'page.view',
  subjectType: 'case',
  subjectId: '5b4c2f3e-0000-4000-8000-000000000003',
  requestId: 'req-1',
  details: { route: '/cases/:id', nested: { b: 2, a: [1, 2] } },
};

const PREV = createHash('sha256').update('previous').digest('hex');

describe('chainHash', () => {
  it('is 64 lower-case hex characters', () => {
    expect(chainHash(GENESIS_HASH, CONTENT)).toMatch(/^[0-9a-f]{64}$/);
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });

  it('is sha256(prevHash, newline, canonical content), so stored chains keep verifying', () => {
    const want = createHash('sha256').update(`${PREV}\n${canonicalJson(CONTENT)}`).digest('hex');
    expect(chainHash(PREV, CONTENT)).toBe(want);
  });

  it('is deterministic and ignores key order', () => {
    const reordered = reorder(CONTENT, 42) as ChainedEventContent;
    expect(chainHash(PREV, reordered)).toBe(chainHash(PREV, CONTENT));
    expect(chainHash(PREV, { ...CONTENT })).toBe(chainHash(PREV, CONTENT));
  });

  it('property: changes when the previous hash changes', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{64}$/), fc.stringMatching(/^[0-9a-f]{64}$/), (a, b) => {
        fc.pre(a !== b);
        expect(chainHash(a, CONTENT)).not.toBe(chainHash(b, CONTENT));
      }),
      { numRuns: 200 },
    );
  });

  const STRING_FIELDS = ['tenantId', 'seq', 'occurredAt', 'actorType', 'action', 'subjectType'] as const;
  const NULLABLE_FIELDS = ['actorId', 'subjectId', 'requestId'] as const;

  it('property: changes when any content field changes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STRING_FIELDS, ...NULLABLE_FIELDS), fc.string(), (field, replacement) => {
        fc.pre(replacement !== CONTENT[field]);
        const changed: ChainedEventContent = { ...CONTENT, [field]: replacement };
        expect(chainHash(PREV, changed)).not.toBe(chainHash(PREV, CONTENT));
      }),
      { numRuns: 300 },
    );
  });

  it('changes when a nullable field becomes null', () => {
    for (const field of NULLABLE_FIELDS) {
      expect(chainHash(PREV, { ...CONTENT, [field]: null })).not.toBe(chainHash(PREV, CONTENT));
    }
  });

  it('property: changes when anything in the details changes', () => {
    fc.assert(
      fc.property(
        withLeaves.chain((details) => fc.tuple(fc.constant(details), fc.constantFrom(...leafPaths(details)))),
        ([details, path]) => {
          const before = chainHash(PREV, { ...CONTENT, details });
          const after = chainHash(PREV, { ...CONTENT, details: withLeafChanged(details, path) });
          expect(after).not.toBe(before);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('changes when an event moves to a different place in the chain', () => {
    const first = chainHash(GENESIS_HASH, CONTENT);
    const second = chainHash(first, { ...CONTENT, seq: '8' });
    expect(chainHash(GENESIS_HASH, { ...CONTENT, seq: '8' })).not.toBe(second);
  });
});
