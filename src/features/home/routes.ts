import type { FastifyRequest } from 'fastify';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import type { HomeService } from './service.js';

/** Reviews of risk checklists due or overdue on the user's cases. */
export type ReviewsDue = (user: NonNullable<FastifyRequest['user']>) => Promise<{ review: { state: 'not-due' | 'due' | 'overdue' } }[]>;

/** An IDVA's clients and Marac referrals (null for anyone else). */
export type IdvaCaseload = (user: NonNullable<FastifyRequest['user']>) => Promise<{
  clients: { person: { id: string; name: string } | null; latest: { band: string; completedOn: string; review: { dueOn: string; state: string } } | null }[];
  referrals: { id: string; referredOn: string; repeat: boolean; person: { id: string; name: string } | null }[];
} | null>;

/** Open child and family assessments on the user's and their teams' cases, soonest due first (the assessment service's `dueForUser`). */
export type AssessmentsDue = (user: NonNullable<FastifyRequest['user']>) => Promise<{ caseId: string; reference: string; dueOn: string; due: { state: string; text: string } }[]>;

/** Operation Encompass notices waiting on the user's cases (the notices service's `encompassDueForUser`). */
export type EncompassDue = (user: NonNullable<FastifyRequest['user']>) => Promise<{ caseId: string; reference: string; dueAt: Date; state: 'due' | 'overdue' }[]>;

/** Open escalations on the worker's cases and, for a team manager, the team's (the escalations service's `forHome`). */
export type EscalationsDue = (user: NonNullable<FastifyRequest['user']>) => Promise<{ caseId: string; reference: string; title: string; raisedAt: Date; mine: boolean }[]>;

/** Protective orders on the worker's cases ending soon, and notices whose hearing is near (the orders service's `endingSoon`). */
export type OrdersEndingSoon = (user: NonNullable<FastifyRequest['user']>) => Promise<{ caseId: string; orderId: string; reference: string; label: string; expiresOn: string | null; hearingDeadline: Date | null }[]>;

export function homeRoutes(router: Router, home: HomeService, reviewsDue: ReviewsDue, idvaCaseload: IdvaCaseload, assessmentsDue: AssessmentsDue = async () => [], encompassDue: EncompassDue = async () => [], escalationsDue: EscalationsDue = async () => [], ordersEndingSoon: OrdersEndingSoon = async () => []): void {
  router.page({
    method: 'GET',
    url: paths.home,
    permission: 'home:view',
    pageName: 'home',
    handler: async (request, reply) => {
      const user = request.user!;
      const [reviews, caseload, assessments, encompass, escalations, orders] = await Promise.all([reviewsDue(user), idvaCaseload(user), assessmentsDue(user), encompassDue(user), escalationsDue(user), ordersEndingSoon(user)]);
      const overdue = reviews.filter((r) => r.review.state === 'overdue').length;
      return reply.view('home.njk', { pageTitle: 'Home', ...(await home.home(user, { ownPassword: request.session?.signedInWith !== 'single-sign-on' })), reviews: { due: reviews.length - overdue, overdue, href: paths.risk.reviews }, caseload, assessmentsDue: assessments.map((a) => ({ ...a, href: paths.cases.assessment(a.caseId) })), encompassDue: encompass.map((e) => ({ ...e, href: paths.notices.list(e.caseId) })), escalations: escalations.map((e) => ({ ...e, href: paths.escalations.list(e.caseId) })), ordersEndingSoon: orders.map((o) => ({ ...o, href: paths.orders.order(o.caseId, o.orderId) })) });
    },
  });
}
