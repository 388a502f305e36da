/** The roles of SPEC.md section 1, as stored and as typed on the command line. */
export const ROLES = [
  'mash-worker',
  'mash-manager',
  'social-worker',
  'team-manager',
  'iro',
  'marac-coordinator',
  'agency-rep',
  'idva',
  'admin',
  'auditor',
  'analyst',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  'mash-worker': 'MASH worker',
  'mash-manager': 'MASH manager',
  'social-worker': 'Social worker',
  'team-manager': 'Team manager',
  iro: 'IRO or conference chair',
  'marac-coordinator': 'Marac coordinator',
  'agency-rep': 'Agency representative',
  idva: 'IDVA or IDSVA',
  admin: 'Administrator',
  auditor: 'Auditor or DPO',
  analyst: 'Analyst',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Roles that hold or read case content: the people who work with families. */
export const CASE_HOLDING_ROLES: readonly Role[] = ['mash-worker', 'mash-manager', 'social-worker', 'team-manager', 'iro', 'marac-coordinator', 'agency-rep', 'idva'];

/**
 * Why these roles may not be held together, or null. An administrator gives accounts and roles and sees
 * no case content; someone who also held a case-holding role could give themselves access to families.
 */
export function roleConflict(roles: readonly Role[]): string | null {
  if (!roles.includes('admin')) return null;
  const held = roles.filter((r) => CASE_HOLDING_ROLES.includes(r));
  if (!held.length) return null;
  const named = held.map((r) => (/^(MASH|IRO|IDVA)/.test(ROLE_LABELS[r]) ? ROLE_LABELS[r] : ROLE_LABELS[r].toLowerCase()));
  return `An administrator cannot also hold a role that works with families (${named.join('; ')}). Give the administrator role to a separate account`;
}
