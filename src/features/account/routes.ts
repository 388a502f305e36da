import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../platform/config.js';
import { Answered, formPage } from '../../platform/http/form-page.js';
import { formErrors } from '../../platform/http/forms.js';
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

/** `?lifetime=N` on the sign-in page: the hours after which the last session ended, when it is a lifetime we allow. */
function sessionHours(value: unknown): number | null {
  const hours = typeof value === 'string' && /^\d{1,2}$/.test(value) ? Number(value) : NaN;
  return hours >= 1 && hours <= 24 ? hours : null;
}

function linkTokenOf(request: FastifyRequest): string {
  return (request.params as { token?: string }).token ?? '';
}

/** After several failed sign-ins, a try before its time is refused unchecked, saying how long to wait. */
function tooManyTries(seconds: number): string {
  return `There have been too many attempts to sign in. Wait ${seconds} ${seconds === 1 ? 'second' : 'seconds'} and try again.`;
}

const SIGN_IN_FAILED =
  'The email address or password is not right, or the account cannot be used just now. After 5 wrong attempts, each try has to wait a little longer, up to a minute.';

/**
 * Signing in and choosing a password through a link are public forms (nobody is signed in yet), rate
 * limited, answering a failed sign-in with 401 and a used link with its own 410 page; changing one's
 * password is a signed-in one. All three are `formPage`s.
 */
/** A council that signs in through its own provider, as the sign-in page offers it. */
export interface SingleSignOnCouncil {
  slug: string;
  name: string;
}

export function accountRoutes(router: Router, accounts: AccountService, config: Config, councils: () => Promise<SingleSignOnCouncil[]> = async () => []): void {
  /** With AUTH_MODE=oidc the page first offers each council's own sign-in, keeping where to go after it. */
  async function singleSignOn(returnTo: string) {
    if (config.authMode !== 'oidc') return [];
    const query = returnTo === paths.home ? '' : `?${new URLSearchParams({ returnTo }).toString()}`;
    return (await councils()).map((c) => ({ name: c.name, href: `${paths.sso.start(c.slug)}${query}` }));
  }

  // A signed-in user who opens the sign-in page goes home; a post still signs in (as whoever is named).
  formPage(router, {
    url: paths.signIn,
    permission: 'public',
    rateLimitPerMinute: config.signInRateLimitPerMinute,
    pageName: 'sign-in',
    template: 'sign-in.njk',
    schema: signInForm,
    load: async (request, reply) => (request.method === 'GET' && request.user ? new Answered(reply.redirect(paths.home, 303)) : {}),
    view: async (_loaded, request) => {
      const query = request.query as Record<string, string | undefined>;
      const returnTo = safeReturnPath(request.method === 'GET' ? query.returnTo : (request.body as Record<string, unknown> | undefined)?.returnTo);
      const lifetime = request.method === 'GET' ? (request.sessionLifetimeHours ?? sessionHours(query.lifetime)) : null;
      return {
        returnTo,
        lifetimeHours: lifetime,
        timedOut: !lifetime && request.method === 'GET' && (query.timedOut === '1' || request.sessionExpired),
        councils: await singleSignOn(returnTo),
      };
    },
    submit: async (form, _loaded, request, reply) => {
      const session = await accounts.signIn(form.email, form.password, request.id, request.ip);
      if ('waitSeconds' in session) {
        const waiting = session.waitSeconds > 0;
        const errors = formErrors({ email: waiting ? tooManyTries(session.waitSeconds) : SIGN_IN_FAILED });
        const returnTo = safeReturnPath(form.returnTo);
        return { page: 'sign-in.njk', status: waiting ? 429 : 401, data: { errors, errorSummary: errors.summary, values: { email: form.email }, returnTo, councils: await singleSignOn(returnTo) } };
      }
      setSessionCookie(reply, session.id, config.cookieSecure);
      return { to: safeReturnPath(form.returnTo) };
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
      // Signed in through the council's provider: end that session too, which comes back to /signed-out.
      return reply.redirect(request.session?.providerSignOutUrl ?? paths.signedOut, 303);
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
    // Signed in through the council's provider: the password that counts is the council account's.
    load: async (request, reply) => (request.session?.signedInWith === 'single-sign-on' ? new Answered(reply.view('password-at-council.njk')) : request.user),
    submit: async (form, user, request, reply) => {
      const outcome = await accounts.changePassword(user, form.currentPassword, form.newPassword, request.id, request.session?.idHash);
      if (!outcome.ok && 'locked' in outcome) {
        clearSessionCookie(reply, config.cookieSecure);
        return { page: 'password-guesses-locked.njk', status: 403 };
      }
      if (!outcome.ok) throw new AccountError(400, outcome.message, outcome.field);
      return { page: 'change-password.njk', data: { success: 'Your password has been changed', changed: true } };
    },
  });

  // The link a user is sent to choose their password. Opening it uses nothing up (mail scanners open
  // links); sending a good password uses it up. Nobody is signed in by it.
  formPage(router, {
    url: paths.account.setPassword(),
    permission: 'public',
    rateLimitPerMinute: config.signInRateLimitPerMinute,
    pageName: 'set-password',
    template: 'set-password.njk',
    schema: setPasswordForm,
    load: async (request, reply) => {
      const token = linkTokenOf(request);
      if (!(await accounts.passwordLinkUsable(token))) return new Answered(reply.code(410).view('set-password-unusable.njk'));
      return { token };
    },
    view: ({ token }) => ({ action: paths.account.setPassword(token) }),
    submit: async (form, { token }, request) => {
      const outcome = await accounts.setPasswordWithLink(token, form.newPassword, request.id);
      if (!outcome.ok && 'unusable' in outcome) return { page: 'set-password-unusable.njk', status: 410 };
      if (!outcome.ok) throw new AccountError(400, outcome.message, outcome.field);
      return { page: 'set-password.njk', data: { done: true } };
    },
  });
}
