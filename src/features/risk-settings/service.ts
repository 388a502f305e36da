import { DEFAULT_BANDS, DEFAULT_MARAC_SETTINGS, type Bands, type MaracSettings } from '../../domain/marac/criteria.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { ServiceError } from '../../platform/http/service-error.js';
import * as q from './queries.js';

export class RiskSettingsError extends ServiceError {}

/** A local authority's risk settings: the bands, when a checklist is reviewed, and the Marac numbers. */
export interface RiskSettings {
  bands: Bands;
  /** A high-risk victim's safety plan and checklist are reviewed this many weeks after completion. */
  reviewWeeks: number;
  escalationIncidents: number;
  escalationMonths: number;
  repeatMonths: number;
  /** The version of each instrument offered for new checklists; absent: the latest. */
  instrumentVersions: Record<string, number>;
}

/** What an administrator can change on the risk settings page. */
export type EditableRiskSettings = Omit<RiskSettings, 'instrumentVersions'>;

/** The settings of a local authority that has saved none (the migration's column defaults). */
export const DEFAULT_RISK_SETTINGS: RiskSettings = {
  bands: { ...DEFAULT_BANDS },
  reviewWeeks: 6,
  escalationIncidents: DEFAULT_MARAC_SETTINGS.escalationIncidents,
  escalationMonths: DEFAULT_MARAC_SETTINGS.escalationMonths,
  repeatMonths: DEFAULT_MARAC_SETTINGS.repeatMonths,
  instrumentVersions: {},
};

function versionsOf(value: unknown): Record<string, number> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, number] => Number.isInteger(e[1])));
}

/**
 * The risk settings of the tenant of the transaction (set by db.tenant), or the defaults when it
 * has saved none. For other features to use inside their own transaction.
 */
export async function riskSettingsFor(trx: Trx): Promise<RiskSettings> {
  const row = await q.savedRiskSettings(trx);
  if (!row) return { ...DEFAULT_RISK_SETTINGS, bands: { ...DEFAULT_RISK_SETTINGS.bands }, instrumentVersions: {} };
  return {
    bands: { high: row.high_from, medium: row.medium_from },
    reviewWeeks: row.review_weeks,
    escalationIncidents: row.escalation_incidents,
    escalationMonths: row.escalation_months,
    repeatMonths: row.repeat_months,
    instrumentVersions: versionsOf(row.instrument_versions),
  };
}

/** The Marac criteria settings of a local authority; the children's-services prompts keep their defaults. */
export function maracSettingsOf(s: RiskSettings): MaracSettings {
  return {
    bands: { high: s.bands.high, medium: s.bands.medium },
    escalationIncidents: s.escalationIncidents,
    escalationMonths: s.escalationMonths,
    repeatMonths: s.repeatMonths,
    reReferralsWithoutProgress: DEFAULT_MARAC_SETTINGS.reReferralsWithoutProgress,
    longTermMonths: DEFAULT_MARAC_SETTINGS.longTermMonths,
  };
}

const flat = (s: EditableRiskSettings) => ({
  highFrom: s.bands.high,
  mediumFrom: s.bands.medium,
  reviewWeeks: s.reviewWeeks,
  escalationIncidents: s.escalationIncidents,
  escalationMonths: s.escalationMonths,
  repeatMonths: s.repeatMonths,
});

/** Showing and saving a local authority's risk settings, for its administrator. */
export function riskSettingsService(db: Database) {
  function mayManage(user: CurrentUser): void {
    if (!can(user, 'settings:manage')) throw new RiskSettingsError(403, 'You do not have permission to do this');
  }

  return {
    /** The settings in force, and whether the local authority has saved its own. */
    async show(user: CurrentUser): Promise<{ settings: RiskSettings; saved: boolean }> {
      mayManage(user);
      return db.tenant(user.tenantId, async (trx) => ({ settings: await riskSettingsFor(trx), saved: (await q.savedRiskSettings(trx)) !== undefined }));
    },

    /** Saves the settings (the instrument versions are kept as they are); audited with the numbers that changed. */
    async save(user: CurrentUser, input: EditableRiskSettings, requestId: string): Promise<RiskSettings> {
      mayManage(user);
      if (!(Number.isInteger(input.bands.medium) && Number.isInteger(input.bands.high) && input.bands.medium >= 1 && input.bands.medium < input.bands.high)) {
        throw new RiskSettingsError(400, 'The lowest score for medium risk must be less than the lowest score for high risk', 'mediumFrom');
      }
      return db.tenant(user.tenantId, async (trx) => {
        const before = flat(await riskSettingsFor(trx));
        const after = flat(input);
        const values: q.RiskSettingsValues = {
          high_from: input.bands.high,
          medium_from: input.bands.medium,
          review_weeks: input.reviewWeeks,
          escalation_incidents: input.escalationIncidents,
          escalation_months: input.escalationMonths,
          repeat_months: input.repeatMonths,
        };
        await q.saveRiskSettings(trx, user.tenantId, values);
        const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => before[k] !== after[k]);
        await recordAudit(trx, user.tenantId, {
          actorType: 'user',
          actorId: user.id,
          action: 'risk-settings.change',
          subjectType: 'risk-settings',
          subjectId: null,
          requestId,
          details: { changed, from: Object.fromEntries(changed.map((k) => [k, before[k]])), to: Object.fromEntries(changed.map((k) => [k, after[k]])) },
        });
        return riskSettingsFor(trx);
      });
    },
  };
}

export type RiskSettingsService = ReturnType<typeof riskSettingsService>;
