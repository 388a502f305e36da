import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../platform/config.js';
import { formPage } from '../../platform/http/form-page.js';
import { formErrors, parseForm } from '../../platform/http/forms.js';
import type { Router } from '../../platform/http/router.js';
import { ServiceError } from '../../platform/http/service-error.js';
import { paths, safeReturnPath } from '../../platform/http/paths.js';
import { clearSessionCookie, setSessionCookie } from '../../platform/http/plugins/sessions.js';
import type { AccountService } from './service.js';

const signInForm = z.object({
  email: z.string({ error: 'Enter your email address' }).trim().min(1, 'Enter your email address').max(320, 'Enter an email address of 320 characters or fewer'),
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(200, 'Enter a password of 200 characters or fewer'),
  returnTo: z.string().optional(),
});

const changePasswordForm = z
  .object({
    currentPassword: z.string({ error: 'Enter your current password' }).min(1, 'Enter your current password'),
    newPassword: z.string({ error: 'Enter a new password' }).min(1, 'Enter a new password'),
    confirmPassword: z.string({ error: 'Enter the new password again' }).min(1, 'Enter the new password again'),
  })
  .refine((f) => f.newPassword === f.confirmPassword, { path: ['confirmPassword'], message: 'The new passwords do not match' });

/** Choosing a password through a one-time link: the same rules as changing one's password. */
const setPasswordForm = z
  .object({
    newPassword: z.string({ error: 'Enter a new password' }).min(1, 'Enter a new password'),
    confirmPassword: z.string({ error: 'Enter the new password again' }).min(1, 'Enter the new password again'),
  })
  .refine((f) => f.newPassword === f.confirmPassword, { path: ['confirmPassword'], message: 'The new passwords do not match' });

/** A problem with the password asked for (the current one is wrong, the new one too weak), on its field. */
class AccountError extends ServiceError {}

function linkTokenOf(request: FastifyRequest): string {
  return (request.params as { token?: string }).token ?? '';
}

const SIGN_IN_FAILED =
  'The email address or password is not right, or the account cannot be used just now. After 5 wrong attempts an account is locked for 15 minutes.';

/**
 * Signing in and choosing a password through a link are public pages (nobody is signed in yet), rate
 * limited, and answer a failed sign-in with 401 and a used link with its own 410 page: they parse their
 * forms with `parseForm` here. `formPage` is for signed-in pages, such as changing one's password.
 */
export function accountRoutes(router: Router, accounts: AccountService, config: Config): void {
  router.publicPage({
    method: 'GET',
    url: paths.signIn,
    handler: async (request, reply) => {
      if (request.user) return reply.redirect(paths.home, 303);
      const query = request.query as Record<string, string | undefined>;
      return reply.view('sign-in.njk', {
        returnTo: safeReturnPath(query.returnTo),
        timedOut: query.timedOut === '1' || request.sessionExpired,
        values: {},
      });
    },
  });

  router.publicPage({
    method: 'POST',
    url: paths.signIn,
    rateLimitPerMinute: config.signInRateLimitPerMinute,
    handler: async (request, reply) => {
      const form = parseForm(signInForm, request.body);
      const returnTo = safeReturnPath((request.body as Record<string, unknown> | undefined)?.returnTo);
      if (!form.ok) {
        return reply.code(400).view('sign-in.njk', { errors: form.errors, errorSummary: form.errors.summary, values: request.body, returnTo });
      }
      const session = await accounts.signIn(form.data.email, form.data.password, request.id);
      if (!session) {
        const errors = formErrors({ email: SIGN_IN_FAILED });
        return reply.code(401).view('sign-in.njk', { errors, errorSummary: errors.summary, values: { email: form.data.email }, returnTo });
      }
      setSessionCookie(reply, session.id, config.cookieSecure);
      return reply.redirect(returnTo, 303);
    },
  });

  router.page({
    method: 'POST',
    url: paths.signOut,
    permission: 'signed-in',
    pageName: 'sign-out',
    handler: async (request, reply) => {
      if (request.session) await accounts.signOut(request.session, request.id);
      clearSessionCookie(reply, config.cookieSecure);
      return reply.redirect(paths.signedOut, 303);
    },
  });

  router.publicPage({
    method: 'GET',
    url: paths.signedOut,
    handler: async (_request, reply) => reply.view('signed-out.njk'),
  });

  router.page({
    method: 'POST',
    url: paths.keepAlive,
    permission: 'signed-in',
    pageName: 'keep-alive',
    handler: async (request, reply) => {
      if (request.session) await accounts.keepAlive(request.session);
      return reply.code(204).send();
    },
  });

  // Success shows the confirmation at once: the form is also the page a user with a password set by an
  // administrator is held on, so there is nowhere else to send them back to.
  formPage(router, {
    url: paths.account.password,
    permission: 'account:manage-own',
    pageName: 'change-password',
    template: 'change-password.njk',
    schema: changePasswordForm,
    load: async (request) => request.user,
    submit: async (form, user, request) => {
      const outcome = await accounts.changePassword(user, form.currentPassword, form.newPassword, request.id, request.session?.idHash);
      if (!outcome.ok) throw new AccountError(400, outcome.message, outcome.field);
      return { page: 'change-password.njk', data: { success: 'Your password has been changed', changed: true } };
    },
  });

  // The link a user is sent to choose their password. Opening it uses nothing up (mail scanners open
  // links); sending a good password uses it up. Nobody is signed in by it.
  router.publicPage({
    method: 'GET',
    url: paths.account.setPassword(),
    handler: async (request, reply) => {
      const token = linkTokenOf(request);
      if (!(await accounts.passwordLinkUsable(token))) return reply.code(410).view('set-password-unusable.njk');
      return reply.view('set-password.njk', { action: paths.account.setPassword(token) });
    },
  });

  router.publicPage({
    method: 'POST',
    url: paths.account.setPassword(),
    rateLimitPerMinute: config.signInRateLimitPerMinute,
    handler: async (request, reply) => {
      const token = linkTokenOf(request);
      const action = paths.account.setPassword(token);
      const form = parseForm(setPasswordForm, request.body);
      if (!form.ok) {
        if (!(await accounts.passwordLinkUsable(token))) return reply.code(410).view('set-password-unusable.njk');
        return reply.code(400).view('set-password.njk', { action, errors: form.errors, errorSummary: form.errors.summary });
      }
      const outcome = await accounts.setPasswordWithLink(token, form.data.newPassword, request.id);
      if (!outcome.ok && 'unusable' in outcome) return reply.code(410).view('set-password-unusable.njk');
      if (!outcome.ok) {
        const errors = formErrors({ [outcome.field]: outcome.message });
        return reply.code(400).view('set-password.njk', { action, errors, errorSummary: errors.summary });
      }
      return reply.view('set-password.njk', { done: true });
    },
  });
}
