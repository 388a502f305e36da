import { UUID } from '../../platform/http/route-params.js';
export { UUID } from '../../platform/http/route-params.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { nameField } from '../../platform/http/name-field.js';
import { isRole, ROLE_LABELS, ROLES, type Role } from '../../platform/access/roles.js';
import { asList, formErrors, type FormErrors } from '../../platform/http/forms.js';
import { formatDateTime } from '../../platform/http/format.js';
import { attempt } from '../../platform/http/service-error.js';
import { AdminError, AdminRefusal, type AdminActor } from './actor.js';
import type { NewUser, UserChange } from './service.js';
import { needsApproval } from './role-approval.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What each role is for, shown under its checkbox so the administrator picks the right one. */
const ROLE_HINTS: Record<Role, string> = {
  'mash-worker': 'Screens contacts and police notifications in the MASH: links people to their records, completes the triage and recommends.',
  'mash-manager': 'Makes threshold decisions in the MASH, assigns contacts to workers and sends recommendations back, merges duplicate records, and allocates cases.',
  'social-worker': 'Works on the cases allocated to them or their team: notes, people, risk checklists, and asks to step down or close.',
  'team-manager': 'Allocates their teams’ cases, approves step-downs and closures, merges duplicate records, and lets named workers see withheld whereabouts.',
  iro: 'Reads the cases and risk checklists of the families they work with. Conference records are not built yet.',
  'marac-coordinator': 'Runs the Marac: decides referrals, schedules meetings, circulates agendas, names partner agencies and their representatives, and refers victims.',
  'agency-rep': 'Works for a partner agency: sees the cases on the Marac meetings their agency sits on, from when the agenda goes out. The Marac coordinator adds them to their agency.',
  idva: 'Supports victims at high risk: completes risk checklists, refers to the Marac, and sees withheld whereabouts.',
  admin: 'Manages users and teams. Sees no case content, so cannot also hold a role that works with families.',
  auditor: 'Reviews the audit log and every break-glass use. Sees no case content.',
  analyst: 'Sees the timeliness of MASH decisions and caseload figures, without names.',
};

const fullName = nameField(200, 'The name', 'Enter the full name');

const rolesField = z.preprocess(
  asList,
  z
    .array(z.string())
    .min(1, 'Choose at least one role')
    .refine((roles) => roles.every(isRole), 'Choose roles from the list')
    .transform((roles): Role[] => [...new Set(roles.filter(isRole))]),
);

const teamsField = z.preprocess(asList, z.array(z.string().regex(UUID, 'Choose teams from the list')).max(200, 'Choose fewer teams'));

/** Why the user needs roles that another administrator must approve; checked by the service when such roles are asked for. */
const reasonField = z.string().trim().max(1000, 'Enter a reason of 1,000 characters or fewer').optional();

/** Adding a user: the new user as the service takes it. */
export const newUserForm = z
  .object({
    name: fullName,
    email: z
      .string({ error: 'Enter the email address' })
      .trim()
      .toLowerCase()
      .min(1, 'Enter the email address')
      .max(320, 'Enter an email address of 320 characters or fewer')
      .regex(EMAIL, 'Enter an email address in the right format, like name@example.gov.uk'),
    roles: rolesField,
    teams: teamsField,
    reason: reasonField,
  })
  .transform(({ teams, ...user }): NewUser => ({ ...user, teamIds: teams }));

/** Changing another user: name, roles, teams (none ticked is none), and why any role that needs approval is needed. */
export const editUserForm = z
  .object({ name: fullName, roles: rolesField, teams: teamsField, reason: reasonField })
  .transform(({ name, roles, teams, reason }): UserChange => ({ name, roles, teamIds: teams, reason }));

/**
 * An administrator's own account: the name only. Roles and teams, if sent anyway, are passed on so
 * that the service refuses them and says why.
 */
export const ownAccountForm = z
  .object({
    name: fullName,
    roles: z.preprocess((v) => (v === undefined ? undefined : asList(v)), z.array(z.string()).optional()),
    teams: z.preprocess((v) => (v === undefined ? undefined : asList(v)), z.array(z.string()).optional()),
  })
  .transform(({ name, roles, teams }): UserChange => ({ name, roles, teamIds: teams }));

const APPROVAL_HINT = 'Another administrator must approve this role before they have it.';

/** The role checkboxes, ticked as the form holds them (`values.roles`: one role or a list). */
export function roleItems(held: unknown) {
  const checked = asList(held);
  return ROLES.map((role) => ({
    value: role,
    text: ROLE_LABELS[role],
    hint: { text: needsApproval(role) ? `${ROLE_HINTS[role]} ${APPROVAL_HINT}` : ROLE_HINTS[role] },
    checked: checked.includes(role),
  }));
}

/** Role names as people read them, joined: "IDVA or IDSVA and Auditor or DPO". */
export function roleNames(roles: readonly string[]): string {
  const labels = roles.map((r) => (isRole(r) ? ROLE_LABELS[r] : r));
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

/** The team checkboxes, ticked as the form holds them (`values.teams`: one team or a list). */
export function teamItems(teams: readonly { id: string; name: string }[], held: unknown) {
  const checked = asList(held);
  return teams.map((team) => ({ value: team.id, text: team.name, checked: checked.includes(team.id) }));
}

/** The account's state as a GOV.UK tag. */
export function statusTag(user: { active: boolean; lockedUntil: Date | null; hasPassword?: boolean }, now = new Date()): { text: string; classes: string } {
  if (!user.active) return { text: 'Deactivated', classes: 'govuk-tag--grey' };
  if (user.lockedUntil && user.lockedUntil > now) return { text: `Locked until ${formatDateTime(user.lockedUntil)}`, classes: 'govuk-tag--orange' };
  if (user.hasPassword === false) return { text: 'Waiting to choose a password', classes: 'govuk-tag--blue' };
  return { text: 'Active', classes: 'govuk-tag--green' };
}

/** The signed-in administrator as the admin service wants them. The router has already checked sign-in. */
export function actorOf(request: FastifyRequest): AdminActor {
  const user = request.user;
  if (!user) throw new AdminError('form', 'Sign in first', 403);
  return { kind: 'user', user };
}

/** A refusal the admin pages explain on the form rather than with the access denied page. */
export const isAdminRefusal = (error: unknown): boolean => error instanceof AdminRefusal;

export type FormAttempt<T> = { ok: true; value: T } | { ok: false; errors: FormErrors; status: 400 | 403 | 409 | 422 } | { ok: false; sent: FastifyReply };

/**
 * `attempt`, except that an `AdminRefusal` (changing one's own account, deciding one's own request)
 * comes back as form errors with status 403, so the page can say why in its error summary.
 */
export async function attemptForm<T>(reply: FastifyReply, work: () => Promise<T>, fieldIds: Record<string, string> = {}): Promise<FormAttempt<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof AdminRefusal) return { ok: false, errors: formErrors({ [fieldIds[error.field] ?? error.field]: error.message }), status: 403 };
    return attempt(
      reply,
      async () => {
        throw error;
      },
      fieldIds,
    );
  }
}

/** Form errors for a problem with a part of the page that is not a field: the summary links to `anchor`. */
export function pageErrors(errors: FormErrors, anchor: string, fallback: string): FormErrors {
  return { fields: {}, summary: [{ text: errors.summary[0]?.text ?? fallback, href: `#${anchor}` }] };
}
