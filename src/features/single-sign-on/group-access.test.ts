import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../platform/access/roles.js';
import { accessFromGroups, readGroupsClaim, sameMembers, teamsAfterSignIn, type GroupMapping } from './group-access.js';

const MAPPINGS: GroupMapping[] = [
  { groupId: 'g-social-work', role: 'social-worker', teamId: 'team-north' },
  { groupId: 'g-managers', role: 'team-manager', teamId: 'team-north' },
  { groupId: 'g-managers', role: 'social-worker', teamId: null },
  { groupId: 'g-mash', role: 'mash-worker', teamId: 'team-mash' },
  { groupId: 'g-admins', role: 'admin', teamId: null },
];

describe('readGroupsClaim', () => {
  it('reads a list of group ids from the named claim, leaving out repeats, blanks and anything not text', () => {
    expect(readGroupsClaim({ groups: ['a', 'b', 'a', '', 7, null] }, 'groups')).toEqual({ kind: 'groups', groups: ['a', 'b'] });
    expect(readGroupsClaim({ roles: ['x'] }, 'roles')).toEqual({ kind: 'groups', groups: ['x'] });
    expect(readGroupsClaim({ groups: [] }, 'groups')).toEqual({ kind: 'groups', groups: [] });
  });

  it('takes a single group given as text', () => {
    expect(readGroupsClaim({ groups: 'only-one' }, 'groups')).toEqual({ kind: 'groups', groups: ['only-one'] });
  });

  it('tells a missing claim from an empty list, and Entra ID’s too-many-groups reference from both', () => {
    expect(readGroupsClaim({ email: 'x@example.org' }, 'groups')).toEqual({ kind: 'missing' });
    expect(readGroupsClaim({ groups: { nested: true } }, 'groups')).toEqual({ kind: 'missing' });
    expect(readGroupsClaim({ _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint: 'https://graph.microsoft.com/…' } } }, 'groups')).toEqual({ kind: 'overage' });
  });
});

describe('accessFromGroups', () => {
  it('gives the roles and teams of every mapped group, each once, roles in the usual order', () => {
    expect(accessFromGroups(['g-managers', 'g-social-work', 'unmapped'], MAPPINGS)).toEqual({ roles: ['social-worker', 'team-manager'], teamIds: ['team-north'] });
    expect(accessFromGroups(['g-mash', 'g-admins'], MAPPINGS)).toEqual({ roles: ['mash-worker', 'admin'], teamIds: ['team-mash'] });
  });

  it('gives nothing (null) when no group is mapped, or there are no groups', () => {
    expect(accessFromGroups(['unmapped', 'another'], MAPPINGS)).toBeNull();
    expect(accessFromGroups([], MAPPINGS)).toBeNull();
    expect(accessFromGroups(['g-mash'], [])).toBeNull();
  });

  it('property: gives exactly the roles mapped from the groups held, never a role no held group maps', () => {
    const groupIds = ['g1', 'g2', 'g3', 'g4'];
    const mapping = fc.record({ groupId: fc.constantFrom(...groupIds), role: fc.constantFrom(...ROLES), teamId: fc.option(fc.constantFrom('t1', 't2'), { nil: null }) });
    fc.assert(
      fc.property(fc.array(mapping, { maxLength: 8 }), fc.subarray(groupIds), (mappings, groups) => {
        const access = accessFromGroups(groups, mappings);
        const expected = new Set(mappings.filter((m) => groups.includes(m.groupId)).map((m) => m.role));
        if (expected.size === 0) expect(access).toBeNull();
        else expect(new Set(access?.roles)).toEqual(expected);
      }),
    );
  });
});

describe('teamsAfterSignIn', () => {
  it('keeps the teams no mapping names, and holds the mapped teams only through the groups', () => {
    // Was in the north team through a group and in an administrator's team; now only in the MASH group.
    expect(teamsAfterSignIn(['team-north', 'team-by-admin'], ['team-mash'], MAPPINGS).sort()).toEqual(['team-by-admin', 'team-mash']);
    expect(teamsAfterSignIn([], ['team-north'], MAPPINGS)).toEqual(['team-north']);
    expect(teamsAfterSignIn(['team-north'], ['team-north'], MAPPINGS)).toEqual(['team-north']);
  });
});

describe('sameMembers', () => {
  it('compares as sets', () => {
    expect(sameMembers(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameMembers(['a'], ['a', 'b'])).toBe(false);
    expect(sameMembers([], [])).toBe(true);
  });
});
