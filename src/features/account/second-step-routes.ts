import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../platform/config.js';
import type { ActiveSession } from '../../platform/auth/sessions.js';
import { Answered, formPage } from '../../platform/http/form-page.js';
import type { Router } from '../../platform/http/router.js';
import { ServiceError } from '../../platform/http/service-error.js';
import { paths, safeReturnPath } from '../../platform/http/paths.js';
import { setSessionCookie } from '../../platform/http/plugins/sessions.js';
import type { SecondStepService } from './second-step.js';

const codeForm = z.object({
  code: z.string({ error: 'Enter the code' }).trim().min(1, 'Enter the code').max(40, 'Enter a code of 6 numbers, or a recovery code of 12 letters and numbers'),
  returnTo: z.string().optional(),
});

/** A wrong code, on the code field. */
class CodeError extends ServiceError {}

function sessionOf(request: FastifyRequest): ActiveSession {
  if (!request.session) throw new ServiceError(403, 'Sign in first');
  return request.session;
}

function returnToOf(request: FastifyRequest): string {
  const query = request.query as Record<string, unknown>;
  const body = request.body as Record<string, unknown> | undefined;
  return safeReturnPath(request.method === 'GET' ? query.returnTo : body?.returnTo);
}

/**
 * The second step at sign-in (issue 11, build 2): entering a code after the password, setting up an
 * authenticator app (when the council requires it, before anything else; otherwise whenever the user
 * chooses), the account's sign-in page, and new recovery codes. Each is a `formPage`.
 */
export function secondStepRoutes(router: Router, secondStep: SecondStepService, config: Config): void {
  formPage(router, {
    url: paths.signInCode,
    permission: 'account:manage-own',
    pageName: 'sign-in-code',
    template: 'sign-in-code.njk',
    schema: codeForm,
    load: async (request, reply) => (request.session?.secondStep === 'enter-code' ? {} : new Answered(reply.redirect(paths.home, 303))),
    view: (_loaded, request) => ({ returnTo: returnToOf(request) }),
    submit: async (form, _loaded, request, reply) => {
      const outcome = await secondStep.enterCode(sessionOf(request), form.code, request.id, request.ip);
      if (!outcome.ok) throw new CodeError(400, outcome.message, 'code');
      setSessionCookie(reply, outcome.session.id, config.cookieSecure);
      const next = safeReturnPath(form.returnTo);
      // The page is drawn in the same response as the new session: its forms carry the new session's token.
      if (outcome.usedRecoveryCode) return { page: 'recovery-code-used.njk', data: { left: outcome.recoveryCodesLeft, next, csrfToken: outcome.session.csrfToken } };
      return { to: next };
    },
  });

  formPage(router, {
    url: paths.account.setUpAuthenticatorApp,
    permission: 'account:manage-own',
    pageName: 'set-up-authenticator-app',
    template: 'set-up-authenticator-app.njk',
    schema: codeForm,
    load: async (request, reply) => {
      const user = request.user;
      const details = user ? await secondStep.setUpDetails(user) : null;
      return details ?? new Answered(reply.redirect(paths.account.signInDetails, 303));
    },
    view: (details, request) => ({ ...details, returnTo: returnToOf(request), required: request.session?.secondStep === 'set-up' }),
    submit: async (form, _details, request, reply) => {
      const outcome = await secondStep.finishSetUp(sessionOf(request), form.code, request.id);
      if (!outcome.ok) throw new CodeError(400, outcome.message, 'code');
      setSessionCookie(reply, outcome.session.id, config.cookieSecure);
      return { page: 'recovery-codes.njk', data: { codes: outcome.recoveryCodes, justSetUp: true, next: safeReturnPath(form.returnTo), csrfToken: outcome.session.csrfToken } };
    },
  });

  router.page({
    method: 'GET',
    url: paths.account.signInDetails,
    permission: 'account:manage-own',
    pageName: 'sign-in-details',
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const session = sessionOf(request);
      const status = await secondStep.status(session.user);
      return reply.view('sign-in-details.njk', { ...status, singleSignOn: session.signedInWith === 'single-sign-on' });
    },
  });

  formPage(router, {
    url: paths.account.newRecoveryCodes,
    permission: 'account:manage-own',
    pageName: 'new-recovery-codes',
    template: 'new-recovery-codes.njk',
    schema: codeForm,
    load: async (request, reply) => (request.user?.hasAuthenticatorApp ? {} : new Answered(reply.redirect(paths.account.signInDetails, 303))),
    submit: async (form, _loaded, request) => {
      const outcome = await secondStep.renewRecoveryCodes(sessionOf(request).user, form.code, request.id);
      if (!outcome.ok) throw new CodeError(400, outcome.message, 'code');
      return { page: 'recovery-codes.njk', data: { codes: outcome.recoveryCodes, justSetUp: false, next: paths.account.signInDetails } };
    },
  });
}

