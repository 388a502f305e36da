import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isRole, ROLE_LABELS, ROLES, type Role } from '../../platform/access/roles.js';
import { asList } from '../../platform/http/forms.js';
import { formatDateTime } from '../../platform/http/format.js';
import { AdminError, type AdminActor } from './service.js';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What each role is for, shown under its checkbox so the administrator picks the right one. */
const ROLE_HINTS: Record<Role, string> = {
  'mash-worker': 'Screens contacts and police notifications in the MASH.',
  'mash-manager': 'Decides thresholds and pathways in the MASH, and signs off.',
  'social-worker': 'Works on cases allocated to them or their team.',
  'team-manager': 'Supervises and allocates their teams’ cases, and approves assessments and plans.',
  iro: 'Chairs child protection conferences and represents children’s services at Marac.',
  'marac-coordinator': 'Runs Marac referrals, meetings, actions and the data return for the area.',
  'agency-rep': 'Works for a partner agency: sees only the Marac cases they are invited to, for a limited time.',
  idva: 'Supports high-risk victims who are their clients.',
  admin: 'Manages users and teams. Sees no case content.',
  auditor: 'Reviews the audit log. Sees no case content.',
  analyst: 'Sees reports and returns without names.',
};

const nameField = z
  .string({ error: 'Enter the full name' })
  .trim()
  .min(1, 'Enter the full name')
  .max(200, 'Enter a name of 200 characters or fewer');

const rolesField = z.preprocess(
  asList,
  z
    .array(z.string())
    .min(1, 'Choose at least one role')
    .refine((roles) => roles.every(isRole), 'Choose roles from the list')
    .transform((roles): Role[] => [...new Set(roles.filter(isRole))]),
);

const teamsField = z.preprocess(asList, z.array(z.string().regex(UUID, 'Choose teams from the list')).max(200, 'Choose fewer teams'));

export const newUserForm = z.object({
  name: nameField,
  email: z
    .string({ error: 'Enter the email address' })
    .trim()
    .toLowerCase()
    .min(1, 'Enter the email address')
    .max(320, 'Enter an email address of 320 characters or fewer')
    .regex(EMAIL, 'Enter an email address in the right format, like name@example.gov.uk'),
  roles: rolesField,
  teams: teamsField,
});

export const editUserForm = z.object({ name: nameField, roles: rolesField, teams: teamsField });

export interface UserFormValues {
  name: string;
  email?: string;
  roles: string[];
  teams: string[];
}

/** What was typed, to put back in the form when it has errors. */
export function submittedValues(body: unknown): UserFormValues {
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return { name: text(fields.name), email: text(fields.email), roles: asList(fields.roles), teams: asList(fields.teams) };
}

export function roleItems(checked: readonly string[]) {
  return ROLES.map((role) => ({ value: role, text: ROLE_LABELS[role], hint: { text: ROLE_HINTS[role] }, checked: checked.includes(role) }));
}

export function teamItems(teams: readonly { id: string; name: string }[], checked: readonly string[]) {
  return teams.map((team) => ({ value: team.id, text: team.name, checked: checked.includes(team.id) }));
}

/** The account's state as a GOV.UK tag. */
export function statusTag(user: { active: boolean; lockedUntil: Date | null }, now = new Date()): { text: string; classes: string } {
  if (!user.active) return { text: 'Deactivated', classes: 'govuk-tag--grey' };
  if (user.lockedUntil && user.lockedUntil > now) return { text: `Locked until ${formatDateTime(user.lockedUntil)}`, classes: 'govuk-tag--orange' };
  return { text: 'Active', classes: 'govuk-tag--green' };
}

/** The signed-in administrator as the admin service wants them. The router has already checked sign-in. */
export function actorOf(request: FastifyRequest): AdminActor {
  const user = request.user;
  if (!user) throw new AdminError('form', 'Sign in first', 403);
  return { kind: 'user', user };
}

