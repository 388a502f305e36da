import { ABUSE_CATEGORY_LABELS, CONFERENCE_DECISION_LABELS } from '../../domain/casework/child-protection.js';
import type { Block, Paper } from '../../platform/documents/paper.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database } from '../../platform/db/database.js';
import { formatDate } from '../../platform/http/format.js';
import { mayReceive } from '../safety/service.js';
import { caseContext, CaseworkError, fullName } from './case-context.js';
import * as q from './queries.js';

export const CONFERENCE_HANDLING = 'Confidential. For those attending this part of the conference only; do not pass on.';

/**
 * The paper for one part of a child protection conference. A paper never holds an address or a contact
 * detail of anyone. The part the person causing harm attends holds only what he may know: the children,
 * the decision, and the actions asked of him (and none of those when he must not receive what the plans
 * say); never the reasons as written, the victim's actions, or who attends the other parts.
 */
export function conferencePaperService(db: Database) {
  return {
    async paper(user: CurrentUser, caseId: string, conferenceId: string, part: number): Promise<Paper> {
      return db.tenant(user.tenantId, async (trx) => {
        const c = await caseContext(trx, user, caseId, 'case:view');
        const conference = (await q.conferences(trx, caseId)).find((x) => x.id === conferenceId);
        const thisPart = conference ? (await q.conferenceParts(trx, [conferenceId])).find((p) => p.part === part) : undefined;
        if (!conference || !thisPart) throw new CaseworkError(404, 'There is no such conference');
        const plan = conference.plan_id ? (await q.plans(trx, caseId)).find((p) => p.id === conference.plan_id) : undefined;
        const actions = plan ? await q.actions(trx, [plan.id]) : [];
        const harmers = c.members.filter((m) => m.role === 'person-causing-harm');
        const forHarmer = thisPart.with_person_causing_harm;
        let planContent = true;
        if (forHarmer) for (const h of harmers) if (!(await mayReceive(trx, caseId, h.id, ['plan-content'])).allowed) planContent = false;
        const memberName = new Map(c.members.map((m) => [m.id, fullName(m)]));
        const shown = forHarmer ? actions.filter((a) => a.owner_person_id && harmers.some((h) => h.id === a.owner_person_id)) : actions;

        const blocks: Block[] = [
          { kind: 'heading', level: 2, text: 'Who attends this part' },
          { kind: 'paragraph', text: thisPart.attendees },
          { kind: 'heading', level: 2, text: 'The children' },
          { kind: 'list', items: c.children.map((ch) => (ch.restricted ? 'A child whose record is restricted' : fullName(ch))) },
          { kind: 'heading', level: 2, text: 'What the conference decided' },
          { kind: 'paragraph', text: `${CONFERENCE_DECISION_LABELS[conference.decision]}${conference.category ? `, under the category: ${ABUSE_CATEGORY_LABELS[conference.category].toLowerCase()}` : ''}.` },
        ];
        if (!forHarmer) blocks.push({ kind: 'heading', level: 2, text: 'Why' }, { kind: 'paragraph', text: conference.reasons });
        if (planContent && plan && (plan.outcomes.length || shown.length)) {
          if (!forHarmer && plan.outcomes.length) blocks.push({ kind: 'heading', level: 2, text: 'What the plan is for' }, { kind: 'list', items: plan.outcomes });
          if (shown.length) {
            blocks.push({
              kind: 'table',
              caption: forHarmer ? 'What is expected of you' : 'Actions',
              headers: ['Action', 'Who', 'Due by'],
              rows: shown.map((a) => [a.action, a.owner_person_id ? (memberName.get(a.owner_person_id) ?? 'Someone no longer on the case') : a.owner_agency!, formatDate(a.due_on)]),
            });
          }
        }
        return {
          kind: 'conference-part',
          title: conference.kind === 'initial' ? 'Initial child protection conference' : 'Review child protection conference',
          subtitle: `${conference.split ? `Part ${part}, held` : 'Held'} on ${formatDate(conference.held_on)}`,
          audience: forHarmer ? 'person-causing-harm' : 'professional-network',
          recipient: { name: forHarmer ? 'Those attending this part' : 'The professional network and family attending this part', agency: null },
          handling: CONFERENCE_HANDLING,
          blocks,
        };
      });
    },
  };
}

export type ConferencePaperService = ReturnType<typeof conferencePaperService>;
