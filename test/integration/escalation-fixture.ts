import { adminService } from '../../src/features/admin/service.js';
import { tenantService } from '../../src/features/admin/tenants.js';
import { casesService } from '../../src/features/cases/service.js';
import { peopleService } from '../../src/features/people/service.js';
import { addDays, londonDate } from '../../src/domain/calendar/plain-date.js';
import type { Role } from '../../src/platform/access/roles.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { createTestTenant, TEST_PASSWORD, type TestApp, type TestTenant } from '../helpers/app.js';

/** A family on a case allocated to a worker in a team with a manager; an outsider in another team; a partner system's token. */
export interface EscalationWorld {
  tenant: TestTenant;
  manager: { email: string; user: CurrentUser };
  worker: { email: string; user: CurrentUser };
  outsider: { email: string; user: CurrentUser };
  caseId: string;
  mother: string;
  child: string;
  token: string;
}

/** A date `n` days before today, as YYYY-MM-DD. */
export const daysAgo = (n: number) => addDays(londonDate(new Date()), -n);

/** The date boxes of a GOV.UK date input. */
export const dateFields = (prefix: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${prefix}-day`]: String(Number(d)), [`${prefix}-month`]: String(Number(m)), [`${prefix}-year`]: y! };
};

export async function escalationWorld(t: TestApp, family: string, mother: Record<string, unknown> = {}): Promise<EscalationWorld> {
  const tenant = await createTestTenant(t.db);
  const system = { kind: 'system', tenantId: tenant.id } as const;
  const admin = adminService(t.db);
  const team = await admin.createTeam(system, 'Family safeguarding North', null);
  const other = await admin.createTeam(system, 'Family safeguarding South', null);
  const make = async (roles: Role[], teamIds: string[], n: string) => {
    const email = `${n}@${tenant.slug}.test.invalid`;
    const { user } = await admin.createUser(system, { email, name: `${n[0]!.toUpperCase()}${n.slice(1)} Example`, roles, teamIds, password: TEST_PASSWORD }, null);
    return { email, user: (await t.db.tenant(tenant.id, (trx) => loadUser(trx, user.id)))! };
  };
  const manager = await make(['team-manager'], [team.id], 'manager');
  const worker = await make(['social-worker'], [team.id], 'worker');
  const outsider = await make(['social-worker'], [other.id], 'outsider');
  const people = peopleService(t.db);
  const by = { kind: 'user', user: manager.user } as const;
  const child = (await people.create(by, { givenName: 'Mia', familyName: family, dateOfBirth: '2018-04-09' }, 'req')).id;
  const mum = (await people.create(by, { givenName: 'Shapla', familyName: family, dateOfBirth: '1990-01-15', ...mother }, 'req')).id;
  const opened = await casesService(t.db).open(
    manager.user,
    { stage: 'child-in-need', members: [{ personId: child, role: 'child' }, { personId: mum, role: 'adult-victim' }], workerId: worker.user.id, teamId: team.id },
    'req',
  );
  const token = (await tenantService(t.db).createApiClient(tenant.id, 'Community health system', ['cases:read', 'cases:write'])).token;
  return { tenant, manager, worker, outsider, caseId: opened.id, mother: mum, child, token };
}
