import { can } from '../../platform/access/policy.js';
import { pagination, requestedPage, showing } from '../../platform/http/pagination.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import type { RelationshipsService } from '../people/relationships-service.js';
import type { PeopleService } from '../people/service.js';
import type { SafetyService } from '../safety/service.js';
import { actionRoutes } from './action-routes.js';
import { isStage, stageItems, stageLabel, statusTag, userOf } from './case-page.js';
import { newCaseRoutes } from './new-case-routes.js';
import type { CasesService } from './service.js';
import { tabRoutes, type AssessmentCard, type EscalationCard } from './tab-routes.js';

const PAGE_SIZE = 25;
const REFERENCE = /^WA-\d{6,}$/;

/**
 * The case pages: the caseload ("my cases", "team cases"), opening a case, and each case's tabs
 * (summary, people, chronology, risk, plans, documents) with the changes made from them.
 */
export function casesRoutes(router: Router, cases: CasesService, relationships: RelationshipsService, people: PeopleService, safety: SafetyService, assessmentCard?: AssessmentCard, escalationCard?: EscalationCard): void {
  router.page({
    method: 'GET',
    url: paths.cases.list,
    permission: 'case:view',
    pageName: 'case-list',
    handler: async (request, reply) => {
      const user = userOf(request);
      const query = (request.query ?? {}) as Record<string, unknown>;
      const scope = query.scope === 'team' ? 'team' : 'mine';
      const status = query.status === 'open' || query.status === 'closed' ? query.status : undefined;
      const stage = isStage(query.stage) ? query.stage : undefined;
      const filter = { scope, status, stage } as const;
      let list = await cases.list(user, filter, requestedPage(query.page));
      if (list.page > list.pageCount) list = await cases.list(user, filter, list.pageCount);
      const link = (changes: Record<string, string | number | undefined>) =>
        withQuery(paths.cases.list, { scope: scope === 'mine' ? undefined : scope, status, stage, ...changes });
      const opened = typeof query.opened === 'string' && REFERENCE.test(query.opened) ? query.opened : undefined;
      return reply.view('case-list.njk', {
        scope,
        scopeTabs: [
          { text: 'My cases', href: withQuery(paths.cases.list, { status, stage }), active: scope === 'mine' },
          { text: 'Team cases', href: withQuery(paths.cases.list, { scope: 'team', status, stage }), active: scope === 'team' },
        ],
        values: { status: status ?? '', stage: stage ?? '' },
        statusItems: [
          { value: '', text: 'Open or closed', selected: !status },
          { value: 'open', text: 'Open', selected: status === 'open' },
          { value: 'closed', text: 'Closed', selected: status === 'closed' },
        ],
        stageItems: stageItems(stage, 'Any stage'),
        filtered: Boolean(status || stage),
        clearHref: link({ status: undefined, stage: undefined }),
        noTeams: scope === 'team' && user.teamIds.length === 0,
        rows: list.rows.map((r) => ({
          id: r.id,
          reference: r.reference,
          restricted: r.restricted,
          children: r.children ?? '',
          stage: stageLabel(r.stage),
          status: statusTag(r.status),
          workerName: r.worker_name,
          teamName: r.team_name,
          lastActivityAt: r.last_activity_at,
        })),
        page: list.page,
        pageCount: list.pageCount,
        showing: showing(list.page, PAGE_SIZE, list.total),
        pagination: pagination(list.page, list.pageCount, (n) => link({ page: n > 1 ? n : undefined })),
        mayOpen: can(user, 'case:create'),
        success: opened ? `Case ${opened} has been opened. It is not allocated to you or your team, so it is not in your lists.` : undefined,
      });
    },
  });

  newCaseRoutes(router, cases, people);
  tabRoutes(router, cases, relationships, people, assessmentCard, escalationCard);
  actionRoutes(router, cases, relationships, people, safety);
}

