import { can } from '../../platform/access/policy.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database } from '../../platform/db/database.js';
import { paths } from '../../platform/http/paths.js';
import { CASE_STAGE_LABELS, CASE_STAGES, type CaseStage } from '../../domain/cases/case-events.js';
import { londonDate } from '../../domain/calendar/plain-date.js';
import { TASK_LABELS } from '../../domain/cases/tasks.js';
import { changesWaitingForTeams, incidentsToReview, openTasksOfTeams } from '../cases/service.js';
import * as q from './queries.js';
import { contactsAssignedTo } from '../contacts/assignment-service.js';
import { CONTACT_SOURCE_LABELS, type ContactSource } from '../../domain/contacts/contact.js';

export interface HomeTask {
  text: string;
  href: string;
  hint: string;
}

/** What the home page shows: the council, the user's teams, and the work their roles allow. */
export function homeService(db: Database) {
  return {
    /** `ownPassword`: false for someone signed in through their council's provider, whose password is the council's. */
    async home(user: CurrentUser, options: { ownPassword: boolean } = { ownPassword: true }) {
      const { teams, tenant, incidents, teamTasks, waiting, myContacts, figures } = await db.tenant(user.tenantId, async (trx) => ({
        teams: await q.teamNamesOf(trx, user.id),
        tenant: await q.tenantName(trx),
        // New incidents sent to the worker's (or their team's) open cases: review the plan and the safety plan.
        incidents: can(user, 'case:edit') ? await incidentsToReview(trx, user.id, user.teamIds) : [],
        // What threshold decisions asked of the managers of the user's teams: allocate, hold a strategy discussion.
        teamTasks: can(user, 'case:allocate') ? await openTasksOfTeams(trx, user.teamIds) : [],
        // Step-downs and closures the team's workers asked for, waiting for a team manager.
        waiting: can(user, 'case:approve-change') ? await changesWaitingForTeams(trx, user.teamIds) : [],
        // Contacts the MASH worker picked up, or was given: theirs until decided.
        myContacts: can(user, 'contact:record') ? await contactsAssignedTo(trx, user.id) : [],
        // Figures without names, for the analyst.
        figures: can(user, 'reports:view') ? { cases: await q.openCasesByStage(trx), contacts: await q.contactsWaiting(trx, londonDate(new Date())) } : null,
      }));
      const candidates: (HomeTask | false)[] = [
        can(user, 'contact:view') && { text: 'MASH queue', href: paths.contacts.queue, hint: 'Contacts and police notifications waiting for a threshold decision, due one working day after they arrive.' },
        can(user, 'mash:timeliness') && { text: 'Timeliness of decisions', href: paths.contacts.dashboard, hint: 'How many threshold decisions were made on time, late, or are overdue.' },
        can(user, 'census:export') && { text: 'Children in need census', href: paths.reports.cinCensus, hint: 'Check the year’s records against the census rules, fix what is wrong, and download the return.' },
        can(user, 'census:repeat-plans') && { text: 'Repeat child protection plans', href: paths.reports.repeatPlans, hint: 'How many plans were repeats, and how many of those followed domestic abuse, by quarter or year.' },
        can(user, 'case:view') && { text: 'Cases', href: paths.cases.list, hint: 'Cases allocated to you and your team.' },
        can(user, 'marac:coordinate') && { text: 'Marac referrals', href: paths.marac.queue, hint: 'Referrals to the Marac, newest first, with repeat referrals marked: put each on a meeting, or decline it.' },
        can(user, 'marac:coordinate') && { text: 'Marac meetings', href: paths.marac.meetings, hint: 'Schedule meetings, build and circulate their agendas, and share cases with the member agencies.' },
        can(user, 'marac:coordinate') && { text: 'Marac set-up', href: paths.marac.setup, hint: 'The partner agencies, what each can offer, their representatives, and the panels they sit on.' },
        can(user, 'marac:attend') && { text: 'My Marac meetings', href: paths.marac.myMeetings, hint: 'The meetings your agency sits on whose agenda has gone out: the shared summary of each case, and your agency’s research.' },
        can(user, 'marac:attend') && { text: 'My agency’s Marac actions', href: paths.marac.actions, hint: 'The actions meetings gave your agency: record where each has got to.' },
        can(user, 'risk:view') && can(user, 'case:edit') && { text: 'Risk checklist reviews', href: paths.risk.reviews, hint: 'Checklists due for review on your cases: every few weeks, after a new incident, and at closure.' },
        can(user, 'person:view') && { text: 'Find a person', href: paths.people.search, hint: 'Search by name, date of birth or NHS number before you record anything new.' },
        can(user, 'users:manage') && { text: 'Manage users', href: paths.admin.users, hint: 'Add people, set their roles and teams, reset passwords, and deactivate accounts.' },
        can(user, 'teams:manage') && { text: 'Manage teams', href: paths.admin.teams, hint: 'Add the teams that cases are allocated to.' },
        can(user, 'settings:manage') && { text: 'Domestic abuse services', href: paths.admin.daServices, hint: 'The services victims are referred to at each level of risk.' },
        can(user, 'settings:manage') && { text: 'Risk settings', href: paths.admin.riskSettings, hint: 'Risk bands, when checklists are reviewed, and the Marac numbers.' },
        can(user, 'settings:manage') && { text: 'Bank holidays', href: paths.admin.bankHolidays, hint: 'Import later years so working-day deadlines stay right.' },
        !can(user, 'users:manage') && can(user, 'users:view') && { text: 'Users', href: paths.admin.users, hint: 'Who has an account and what they can do.' },
        can(user, 'audit:view') && { text: 'Audit log', href: paths.audit.events, hint: 'Who viewed and changed what, and when.' },
        can(user, 'break-glass:review') && { text: 'Break-glass use', href: paths.audit.breakGlass, hint: 'Every time someone opened a restricted record on their own say-so.' },
        options.ownPassword && { text: 'Change your password', href: paths.account.password, hint: '' },
      ];
      return {
        figures: figures && {
          cases: CASE_STAGES.map((stage) => {
            const row = figures.cases.find((c) => c.stage === stage);
            return { stage: CASE_STAGE_LABELS[stage], open: Number(row?.open ?? 0), unallocated: Number(row?.open ?? 0) - Number(row?.allocated ?? 0) };
          }),
          contactsWaiting: Number(figures.contacts.waiting),
          contactsOverdue: Number(figures.contacts.overdue ?? 0),
        },
        // An agency representative not yet named to an agency is told who can add them.
        agencyRepWithoutAgency: user.roles.includes('agency-rep') && !user.agencyId,
        myContacts: myContacts.map((c) => ({
          title: `${CONTACT_SOURCE_LABELS[c.source as ContactSource] ?? c.source} contact${c.reference ? ` ${c.reference}` : ''}`,
          families: c.families,
          dueBy: c.decision_due_by,
          href: paths.contacts.contact(c.id),
        })),
        changesWaiting: waiting.map((w) => ({ reference: w.reference, families: w.families, stage: CASE_STAGE_LABELS[w.stage as CaseStage] ?? w.stage, at: w.change_requested_at, href: paths.cases.overview(w.id) })),
        teamTasks: teamTasks.map((t) => ({
          kind: t.kind,
          text: TASK_LABELS[t.kind],
          reference: t.reference,
          families: t.families,
          stage: CASE_STAGE_LABELS[t.stage as CaseStage] ?? t.stage,
          team: t.team_name,
          at: t.created_at,
          href: paths.cases.overview(t.case_id),
        })),
        incidents: incidents.map((i) => ({ caseId: i.case_id, reference: i.reference, families: i.families, at: i.at, contactId: i.contact_id, href: paths.cases.overview(i.case_id) })),
        teams: teams.map((t) => t.name),
        tenantName: tenant?.name ?? '',
        tasks: candidates.filter((t): t is HomeTask => t !== false) };
    },
  };
}

export type HomeService = ReturnType<typeof homeService>;
