import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionsFor, type Action } from '../../platform/access/policy.js';
import { ROLES, type Role } from '../../platform/access/roles.js';
import { needsApproval, planRoleChange, withApprovedRoles } from './role-approval.js';

/** The actions that show case content or withheld whereabouts (issue 10). */
const CONTENT: readonly Action[] = ['person:view', 'case:view', 'risk:view', 'whereabouts:view-withheld'];

describe('needsApproval', () => {
  it('holds for every role that sees case content or withheld whereabouts', () => {
    for (const role of ROLES) {
      if (actionsFor(role).some((a) => CONTENT.includes(a))) expect(needsApproval(role), role).toBe(true);
    }
  });

  it('holds for the auditor and administrator roles, and not for the analyst', () => {
    expect(needsApproval('auditor')).toBe(true);
    expect(needsApproval('admin')).toBe(true);
    expect(needsApproval('analyst')).toBe(false);
  });
});

const roleSet = fc.subarray([...ROLES]);

describe('planRoleChange', () => {
  it('never gives at once a new role that needs approval, and gives or takes away everything else', () => {
    fc.assert(
      fc.property(roleSet, roleSet, roleSet, (current, proposed, pending) => {
        const plan = planRoleChange(current, proposed, pending);
        for (const role of plan.roles) expect(proposed).toContain(role);
        for (const role of plan.roles.filter((r) => !current.includes(r))) expect(needsApproval(role)).toBe(false);
        for (const role of current.filter((r) => proposed.includes(r))) expect(plan.roles).toContain(role);
        for (const role of plan.removed) expect(plan.roles).not.toContain(role);
        expect(new Set([...plan.roles, ...plan.toRequest, ...plan.alreadyRequested])).toEqual(new Set(proposed));
        for (const role of plan.toRequest) expect(pending).not.toContain(role);
      }),
    );
  });

  it('takes away roles and gives the analyst role at once, and asks for IDVA', () => {
    const plan = planRoleChange(['social-worker', 'admin'], ['admin', 'analyst', 'idva']);
    expect(plan).toEqual({ roles: ['admin', 'analyst'], removed: ['social-worker'], givenNow: ['analyst'], toRequest: ['idva'], alreadyRequested: [] });
  });

  it('does not ask twice for a role already waiting for approval', () => {
    expect(planRoleChange([], ['idva', 'auditor'], ['idva'])).toMatchObject({ roles: [], toRequest: ['auditor'], alreadyRequested: ['idva'] });
  });
});

describe('withApprovedRoles', () => {
  it('adds the approved roles once, in the order of the role list', () => {
    const roles: Role[] = ['idva', 'social-worker'];
    expect(withApprovedRoles(['social-worker'], roles)).toEqual(['social-worker', 'idva']);
  });
});
