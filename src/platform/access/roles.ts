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
