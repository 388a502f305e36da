import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import nunjucks from 'nunjucks';
import { can, type Action } from '../../access/policy.js';
import { ROLE_LABELS, type Role } from '../../access/roles.js';
import { projectRoot } from '../../config.js';
import { inSentence } from '../format.js';
import { paths } from '../paths.js';
import { formatDate, formatDateTime, formatTime } from '../format.js';
import { timedSync } from '../../request-timings.js';

const require = createRequire(import.meta.url);

interface NavItem {
  text: string;
  href: string;
  permission: Action;
}

const NAVIGATION: NavItem[] = [
  { text: 'Home', href: paths.home, permission: 'home:view' },
  { text: 'MASH queue', href: paths.contacts.queue, permission: 'contact:view' },
  { text: 'MASH timeliness', href: paths.contacts.dashboard, permission: 'mash:timeliness' },
  { text: 'People', href: paths.people.search, permission: 'person:view' },
  { text: 'Cases', href: paths.cases.list, permission: 'case:view' },
  { text: 'Marac referrals', href: paths.marac.queue, permission: 'marac:coordinate' },
  { text: 'Marac meetings', href: paths.marac.meetings, permission: 'marac:coordinate' },
  { text: 'Marac set-up', href: paths.marac.setup, permission: 'marac:coordinate' },
  { text: 'My Marac meetings', href: paths.marac.myMeetings, permission: 'marac:attend' },
  { text: 'Marac actions', href: paths.marac.actions, permission: 'marac:attend' },
  { text: 'Users', href: paths.admin.users, permission: 'users:view' },
  { text: 'Teams', href: paths.admin.teams, permission: 'teams:manage' },
  { text: 'Bank holidays', href: paths.admin.bankHolidays, permission: 'settings:manage' },
  { text: 'DA services', href: paths.admin.daServices, permission: 'settings:manage' },
  { text: 'Risk settings', href: paths.admin.riskSettings, permission: 'settings:manage' },
  { text: 'Visit frequency', href: paths.admin.visitFrequency, permission: 'settings:manage' },
  { text: 'Outbox', href: paths.admin.outbox, permission: 'settings:manage' },
  { text: 'Audit log', href: paths.audit.events, permission: 'audit:view' },
  { text: 'Break-glass use', href: paths.audit.breakGlass, permission: 'break-glass:review' },
];

/** The navigation item for a path: the one whose address is the longest match (so /audit/break-glass is not also "Audit log"). */
function activeHref(path: string, items: readonly NavItem[]): string | undefined {
  const matches = items.filter((item) => (item.href === paths.home ? path === paths.home : path === item.href || path.startsWith(`${item.href}/`)));
  return matches.sort((a, b) => b.href.length - a.href.length)[0]?.href;
}

export function createViewEnvironment(viewDirs: string[]): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader(
      [
        ...viewDirs,
        join(projectRoot, 'node_modules', 'govuk-frontend', 'dist'),
        join(projectRoot, 'node_modules', '@ministryofjustice', 'frontend'),
      ],
      { noCache: process.env.NODE_ENV === 'development' },
    ),
    { autoescape: true, throwOnUndefined: false },
  );
  const mojFilters = require('@ministryofjustice/frontend/moj/filters/all.js') as () => Record<string, (...args: unknown[]) => unknown>;
  for (const [name, filter] of Object.entries(mojFilters())) env.addFilter(name, filter);
  // MOJ's own mojDate formats in the server's time zone; dates and times are shown in UK time everywhere.
  const mojDate = mojFilters().mojDate;
  env.addFilter('mojDate', (value: Date | string, type?: string) =>
    type === 'datetime' ? formatDateTime(value) : type === 'date' ? formatDate(value) : type === 'time' ? formatTime(value) : mojDate?.(value, type),
  );
  env.addFilter('govukDate', (value: Date | string | null) => (value ? formatDate(value) : ''));
  env.addFilter('govukDateTime', (value: Date | string | null) => (value ? formatDateTime(value) : ''));
  env.addFilter('roleLabel', (role: string) => ROLE_LABELS[role as Role] ?? role);
  // A label carried on in a sentence ("Change" + " NHS number", " date of birth"): its first word in lower
  // case unless it is an abbreviation.
  env.addFilter('inSentence', (value: string) => inSentence(value));
  env.addGlobal('paths', paths);
  return env;
}

function navigationFor(user: NonNullable<FastifyRequest['user']>, path: string) {
  const items = NAVIGATION.filter((item) => can(user, item.permission));
  const active = activeHref(path, items);
  return items.map((item) => ({ text: item.text, href: item.href, active: item.href === active, current: item.href === path }));
}

function commonContext(request: FastifyRequest, reply: FastifyReply, idleTimeoutMinutes: number): Record<string, unknown> {
  const user = request.user;
  const path = request.url.split('?')[0] ?? '/';
  return {
    cspNonce: (reply as FastifyReply & { cspNonce?: { script: string } }).cspNonce?.script,
    user,
    csrfToken: request.session?.csrfToken ?? request.preSessionCsrf,
    idleTimeoutMinutes,
    sessionRemainingMs: request.session
      ? Math.max(0, request.session.lastSeenAt.getTime() + idleTimeoutMinutes * 60_000 - Date.now())
      : null,
    // Half signed in (the second step at sign-in still to do): no way anywhere but that step.
    navigation: user && (request.session?.secondStep ?? 'none') === 'none' ? navigationFor(user, path) : [],
  };
}

export default fp(
  async (app: FastifyInstance, opts: { viewDirs: string[]; idleTimeoutMinutes: number }) => {
    const env = createViewEnvironment([join(projectRoot, 'src', 'platform', 'http', 'views'), ...opts.viewDirs]);
    app.decorateReply('view', function (this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
      const html = timedSync('render', () => env.render(template, { ...commonContext(this.request, this, opts.idleTimeoutMinutes), ...context }));
      return this.type('text/html; charset=utf-8').send(html);
    });
  },
  { name: 'views' },
);
