import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arePersonallyConnected,
  checkRelationship,
  isChildRelatedTo,
  isChildVictimInOwnRight,
  personalConnection,
  PERSONALLY_CONNECTED_KINDS,
  RELATIONSHIP_KINDS,
  RelationshipError,
  type Relationship,
  type RelationshipKind,
} from './relationships.js';

const rel = (from: string, kind: RelationshipKind, to: string): Relationship => ({ from, to, kind });

describe('personally connected (DA Act 2021 s2)', () => {
  it('connects each s2 kind, in either direction', () => {
    for (const kind of PERSONALLY_CONNECTED_KINDS) {
      const rels = [rel('a', kind, 'b')];
      expect(arePersonallyConnected('a', 'b', rels)).toBe(true);
      expect(arePersonallyConnected('b', 'a', rels)).toBe(true);
      expect(arePersonallyConnected('a', 'c', rels)).toBe(false);
    }
  });

  it('does not connect people who only share a household', () => {
    expect(arePersonallyConnected('a', 'b', [rel('a', 'household-member', 'b')])).toBe(false);
  });

  it('connects two parents of the same child without a recorded relationship', () => {
    const rels = [rel('mum', 'parent-of', 'child'), rel('stepdad', 'parental-responsibility-for', 'child')];
    expect(personalConnection('mum', 'stepdad', rels)).toEqual([{ kind: 'co-parents', child: 'child' }]);
    expect(arePersonallyConnected('mum', 'other', rels)).toBe(false);
  });

  it('treats a parent and child as relatives', () => {
    expect(personalConnection('teen', 'mum', [rel('mum', 'parent-of', 'teen')])).toEqual([{ kind: 'relatives' }]);
  });

  it('never connects a person to themselves', () => {
    expect(arePersonallyConnected('a', 'a', [rel('a', 'married', 'b')])).toBe(false);
    expect(() => checkRelationship(rel('a', 'married', 'a'))).toThrow(RelationshipError);
  });

  it('is symmetric for any set of relationships', () => {
    const people = ['a', 'b', 'c', 'd'];
    const relationship = fc.record({ from: fc.constantFrom(...people), to: fc.constantFrom(...people), kind: fc.constantFrom(...RELATIONSHIP_KINDS) });
    fc.assert(
      fc.property(fc.array(relationship, { maxLength: 8 }), fc.constantFrom(...people), fc.constantFrom(...people), (rels, x, y) => {
        expect(arePersonallyConnected(x, y, rels)).toBe(arePersonallyConnected(y, x, rels));
      }),
    );
  });
});

describe('child victim in their own right (DA Act 2021 s3)', () => {
  const family = [
    rel('victim', 'parent-of', 'child'),
    rel('harm', 'intimate-partners', 'victim'),
    rel('grandad', 'relatives', 'child2'),
    rel('harm', 'parental-responsibility-for', 'child3'),
  ];

  it('is related through a parent, parental responsibility or being relatives', () => {
    expect(isChildRelatedTo('child', 'victim', family)).toBe(true);
    expect(isChildRelatedTo('child3', 'harm', family)).toBe(true);
    expect(isChildRelatedTo('child2', 'grandad', family)).toBe(true);
    expect(isChildRelatedTo('child', 'harm', family)).toBe(false);
  });

  it('is a victim in their own right when related to either adult', () => {
    expect(isChildVictimInOwnRight('child', 'victim', 'harm', family)).toBe(true);
    expect(isChildVictimInOwnRight('child3', 'victim', 'harm', family)).toBe(true);
    expect(isChildVictimInOwnRight('neighbour-child', 'victim', 'harm', family)).toBe(false);
  });

  it('does not count a household member alone', () => {
    expect(isChildRelatedTo('child', 'lodger', [rel('lodger', 'household-member', 'child')])).toBe(false);
  });
});
