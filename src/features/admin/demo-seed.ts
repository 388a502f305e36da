import { ROLE_LABELS, ROLES, type Role } from '../../platform/access/roles.js';
import type { Database } from '../../platform/db/database.js';
import { adminService } from './service.js';
import { tenantService } from './tenants.js';

export const DEMO_TENANT_SLUG = 'demo';
export const DEMO_PASSWORD = 'demo-password-not-for-real-use';

export interface DemoSignIn {
  role: Role;
  label: string;
  email: string;
}

/** One made-up person per role. These names belong to no real person. */
const DEMO_PEOPLE: Record<Role, string> = {
  'mash-worker': 'Priya Demo-Mash',
  'mash-manager': 'Tomasz Demo-Manager',
  'social-worker': 'Grace Demo-Social',
  'team-manager': 'Oluwaseun Demo-Team',
  iro: 'Fiona Demo-Chair',
  'marac-coordinator': 'Hamza Demo-Marac',
  'agency-rep': 'Bethan Demo-Agency',
  idva: 'Niamh Demo-Idva',
  admin: 'Ade Demo-Admin',
  auditor: 'Morag Demo-Audit',
  analyst: 'Li Demo-Analyst',
};

export function demoEmail(role: Role): string {
  return `${role}@demo.wraparound.invalid`;
}

export function demoSignIns(): DemoSignIn[] {
  return ROLES.map((role) => ({ role, label: ROLE_LABELS[role], email: demoEmail(role) }));
}

const TEAM_OF: Partial<Record<Role, string>> = {
  'mash-worker': 'MASH',
  'mash-manager': 'MASH',
  'social-worker': 'Children in need North',
  'team-manager': 'Children in need North',
  'marac-coordinator': 'Marac',
  idva: 'Marac',
};

/**
 * Makes the demo tenant with a user for every role. Refuses to run twice. The families are added by
 * src/features/demo.
 */
export async function seedDemoUsers(db: Database): Promise<{ created: boolean; signIns: DemoSignIn[] }> {
  const tenants = tenantService(db);
  if (await tenants.findTenant(DEMO_TENANT_SLUG)) return { created: false, signIns: demoSignIns() };
  const tenant = await tenants.createTenant(DEMO_TENANT_SLUG, 'Demo Borough Council');
  const admin = adminService(db);
  const actor = { kind: 'system', tenantId: tenant.id } as const;
  const teams = new Map<string, string>();
  for (const name of new Set(Object.values(TEAM_OF))) teams.set(name, (await admin.createTeam(actor, name, null)).id);
  for (const role of ROLES) {
    const team = TEAM_OF[role];
    await admin.createUser(
      actor,
      { email: demoEmail(role), name: DEMO_PEOPLE[role], roles: [role], teamIds: team ? [teams.get(team)!] : [], password: DEMO_PASSWORD },
      null,
    );
  }
  return { created: true, signIns: demoSignIns() };
}
