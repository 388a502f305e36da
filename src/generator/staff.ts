/**
 * What the generator takes from the tenant before it starts: the staff who record things (cases are
 * allocated to its social workers and their teams), its threshold indicators, its risk bands and its
 * working-day calendar. A tenant with no staff gets unallocated cases and records by nobody in particular.
 */
import { sql } from 'kysely';
import type { Bands } from '../domain/marac/criteria.js';
import { DEFAULT_INDICATORS, type ThresholdIndicator } from '../domain/triage/threshold.js';
import type { Database } from '../platform/db/database.js';
import { tenantCalendar } from '../features/calendar/service.js';
import { riskSettingsFor } from '../features/risk-settings/service.js';
import { dateOf, dayOf } from './days.js';

export interface Staff {
  /** Active social workers, each with their first team: cases are allocated among them. */
  workers: readonly { id: string; teamId: string | null }[];
  teams: readonly string[];
  /** Opens, allocates, moves and closes cases (a team manager). */
  manager: string | null;
  /** Records contacts and recommends (a MASH worker). */
  mashWorker: string | null;
  /** Decides contacts (a MASH manager). */
  mashManager: string | null;
  /** Completes risk checklists and Marac referrals (an IDVA, else a social worker or manager); a checklist must name someone. */
  recorder: string | null;
}

export interface TenantSetup {
  staff: Staff;
  indicators: readonly ThresholdIndicator[];
  bands: Bands;
  /** The threshold decision's due day (day number) for a contact received on the day: one working day later. */
  decisionDueBy: (day: number) => number;
}

export const NO_STAFF: Staff = { workers: [], teams: [], manager: null, mashWorker: null, mashManager: null, recorder: null };

export async function tenantSetup(db: Database, tenantId: string): Promise<TenantSetup> {
  return db.tenant(tenantId, async (trx) => {
    const [users, memberships, teams, indicatorRows, settings, calendar] = await Promise.all([
      trx.selectFrom('users').select(['id', 'roles']).where('active', '=', true).orderBy('id').execute(),
      trx.selectFrom('user_teams').select(['user_id', 'team_id']).orderBy('team_id').execute(),
      trx.selectFrom('teams').select('id').orderBy('id').execute(),
      trx.selectFrom('threshold_indicators').select(['code', 'level', 'meaning']).where(sql<boolean>`tenant_id = current_tenant_id()`).orderBy('position').orderBy('code').execute(),
      riskSettingsFor(trx),
      tenantCalendar(trx),
    ]);
    const withRole = (role: string) => users.filter((u) => u.roles.includes(role)).map((u) => u.id);
    const teamOf = (userId: string) => memberships.find((m) => m.user_id === userId)?.team_id ?? null;
    const workers = withRole('social-worker').map((id) => ({ id, teamId: teamOf(id) }));
    const staff: Staff = {
      workers,
      teams: teams.map((t) => t.id),
      manager: withRole('team-manager')[0] ?? null,
      mashWorker: withRole('mash-worker')[0] ?? null,
      mashManager: withRole('mash-manager')[0] ?? null,
      recorder: withRole('idva')[0] ?? workers[0]?.id ?? withRole('team-manager')[0] ?? users[0]?.id ?? null,
    };
    const due = new Map<number, number>();
    return {
      staff,
      indicators: indicatorRows.length ? indicatorRows.map((r) => ({ code: r.code, level: r.level as ThresholdIndicator['level'], meaning: r.meaning })) : DEFAULT_INDICATORS,
      bands: settings.bands,
      decisionDueBy: (day: number) => {
        let found = due.get(day);
        if (found === undefined) {
          found = dayOf(calendar.addWorkingDays(dateOf(day) as Parameters<typeof calendar.addWorkingDays>[0], 1));
          due.set(day, found);
        }
        return found;
      },
    };
  });
}
