import { checkOffers, isAgencySector, STARTING_OFFERS, type AgencySector } from '../../domain/marac/agencies.js';
import type { PanelTimings } from '../../domain/marac/meetings.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { ServiceError } from '../../platform/http/service-error.js';
import * as q from './panel-queries.js';

export type { Agency, Panel } from './panel-queries.js';

export class MaracSetupError extends ServiceError {}

/** A name as typed: trimmed, 1 to 120 characters. */
function nameOf(value: string, missing: string, field = 'name'): string {
  const name = value.trim();
  if (!name) throw new MaracSetupError(400, missing, field);
  if (name.length > 120) throw new MaracSetupError(400, 'Enter a name of 120 characters or fewer', field);
  return name;
}

const TIMING_RANGES: Record<keyof PanelTimings, { min: number; max: number; label: string }> = {
  meetingCap: { min: 1, max: 60, label: 'The number of cases a meeting takes' },
  circulateDays: { min: 1, max: 20, label: 'The working days before the meeting the agenda goes out' },
  researchDays: { min: 0, max: 20, label: 'The working days before the meeting research is due' },
  windowDays: { min: 1, max: 365, label: 'The days after the meeting representatives keep sight of its cases' },
};

function checkTimings(t: PanelTimings): PanelTimings {
  for (const [field, range] of Object.entries(TIMING_RANGES) as [keyof PanelTimings, (typeof TIMING_RANGES)[keyof PanelTimings]][]) {
    const v = t[field];
    if (!Number.isInteger(v) || v < range.min || v > range.max) throw new MaracSetupError(400, `${range.label} must be a whole number from ${range.min} to ${range.max}`, field);
  }
  if (t.researchDays > t.circulateDays) throw new MaracSetupError(400, 'Research must be due after the agenda goes out: no more working days before the meeting than the agenda', 'researchDays');
  return t;
}

/**
 * The Marac's set-up, kept by the coordinator: the partner agencies (each with its offer list and its
 * named representatives) and the panels (each with its member agencies and its timings).
 */
export function maracSetupService(db: Database) {
  const mayCoordinate = (user: CurrentUser) => {
    if (!can(user, 'marac:coordinate')) throw new MaracSetupError(403, 'You do not have permission to do this');
  };
  const audit = (trx: Trx, user: CurrentUser, action: string, subjectType: string, subjectId: string, requestId: string, details: Record<string, unknown> = {}) =>
    recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action, subjectType, subjectId, requestId, details });

  async function uniqueAgencyName(trx: Trx, name: string, exceptId: string | null): Promise<void> {
    if (await q.agencyNamed(trx, name, exceptId)) throw new MaracSetupError(400, 'There is already an agency with this name', 'name');
  }

  async function knownAgencies(trx: Trx, ids: readonly string[]): Promise<string[]> {
    const all = (await q.agencies(trx)).map((a) => a.id);
    const unique = [...new Set(ids)];
    if (unique.some((id) => !all.includes(id))) throw new MaracSetupError(400, 'Choose agencies from the list', 'agencyIds');
    return unique;
  }

  return {
    async overview(user: CurrentUser) {
      mayCoordinate(user);
      return db.tenant(user.tenantId, async (trx) => {
        const [agencies, panels, accounts] = await Promise.all([q.agencies(trx), q.panels(trx), q.representativeAccounts(trx)]);
        return { agencies, panels, accounts };
      });
    },

    async addAgency(user: CurrentUser, input: { name: string; sector: string }, requestId: string): Promise<string> {
      mayCoordinate(user);
      const name = nameOf(input.name, 'Enter the agency’s name');
      if (!isAgencySector(input.sector)) throw new MaracSetupError(400, 'Choose what kind of agency it is', 'sector');
      const sector: AgencySector = input.sector;
      return db.tenant(user.tenantId, async (trx) => {
        await uniqueAgencyName(trx, name, null);
        const id = await q.insertAgency(trx, user.tenantId, { name, sector, offers: STARTING_OFFERS[sector] });
        await audit(trx, user, 'marac-agency.add', 'partner-agency', id, requestId, { sector });
        return id;
      });
    },

    async updateAgency(user: CurrentUser, id: string, input: { name: string; offers: readonly string[] }, requestId: string): Promise<void> {
      mayCoordinate(user);
      const name = nameOf(input.name, 'Enter the agency’s name');
      const offers = checkOffers(input.offers);
      if (!offers.ok) throw new MaracSetupError(400, offers.message, 'offers');
      await db.tenant(user.tenantId, async (trx) => {
        await uniqueAgencyName(trx, name, id);
        if (!(await q.updateAgency(trx, id, { name, offers: offers.offers }))) throw new MaracSetupError(404, 'There is no such agency');
        await audit(trx, user, 'marac-agency.update', 'partner-agency', id, requestId, { offers: offers.offers.length });
      });
    },

    /**
     * Names the agency's representatives: exactly these accounts (each must hold the agency
     * representative role). Someone named moves from any other agency; someone left out belongs to none.
     */
    async setRepresentatives(user: CurrentUser, agencyId: string, userIds: readonly string[], requestId: string): Promise<void> {
      mayCoordinate(user);
      await db.tenant(user.tenantId, async (trx) => {
        if (!(await q.agencies(trx)).some((a) => a.id === agencyId)) throw new MaracSetupError(404, 'There is no such agency');
        const accounts = await q.representativeAccounts(trx);
        const chosen = [...new Set(userIds)];
        if (chosen.some((id) => !accounts.some((a) => a.id === id))) throw new MaracSetupError(400, 'Choose representatives from the list of accounts with the agency representative role', 'userIds');
        const changes: { userId: string; from: string | null; to: string | null }[] = [];
        for (const a of accounts) {
          const to = chosen.includes(a.id) ? agencyId : a.agency_id === agencyId ? null : a.agency_id;
          if (to !== a.agency_id) {
            await q.setAgencyOf(trx, a.id, to);
            changes.push({ userId: a.id, from: a.agency_id, to });
          }
        }
        await audit(trx, user, 'marac-agency.representatives', 'partner-agency', agencyId, requestId, { changes });
      });
    },

    async addPanel(user: CurrentUser, input: { name: string; agencyIds: readonly string[] } & PanelTimings, requestId: string): Promise<string> {
      mayCoordinate(user);
      const name = nameOf(input.name, 'Enter the panel’s name');
      const timings = checkTimings(input);
      return db.tenant(user.tenantId, async (trx) => {
        if (await q.panelNamed(trx, name, null)) throw new MaracSetupError(400, 'There is already a panel with this name', 'name');
        const agencyIds = await knownAgencies(trx, input.agencyIds);
        const id = await q.insertPanel(trx, user.tenantId, { name, ...timings });
        await q.setPanelAgencies(trx, user.tenantId, id, agencyIds);
        await audit(trx, user, 'marac-panel.add', 'marac-panel', id, requestId, { agencies: agencyIds.length, ...timings });
        return id;
      });
    },

    async updatePanel(user: CurrentUser, id: string, input: { name: string; agencyIds: readonly string[] } & PanelTimings, requestId: string): Promise<void> {
      mayCoordinate(user);
      const name = nameOf(input.name, 'Enter the panel’s name');
      const timings = checkTimings(input);
      await db.tenant(user.tenantId, async (trx) => {
        if (await q.panelNamed(trx, name, id)) throw new MaracSetupError(400, 'There is already a panel with this name', 'name');
        const agencyIds = await knownAgencies(trx, input.agencyIds);
        if (!(await q.updatePanel(trx, id, { name, ...timings }))) throw new MaracSetupError(404, 'There is no such panel');
        await q.setPanelAgencies(trx, user.tenantId, id, agencyIds);
        await audit(trx, user, 'marac-panel.update', 'marac-panel', id, requestId, { agencies: agencyIds.length, ...timings });
      });
    },
  };
}

export type MaracSetupService = ReturnType<typeof maracSetupService>;
