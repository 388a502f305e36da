import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database } from '../../platform/db/database.js';
import { riskSettingsFor } from '../risk-settings/service.js';
import { RiskError } from './errors.js';
import { saveInstrumentVersions } from './queries/instruments.js';
import { tenantCatalogue } from './tenant-instruments.js';

export interface InstrumentVersions {
  id: string;
  title: string;
  versions: number[];
  /** The version chosen by the local authority, or null for "always the latest". */
  chosen: number | null;
}

/** Which version of each instrument new checklists use: the latest unless the local authority chooses one. */
export function instrumentVersionsService(db: Database) {
  const mayManage = (user: CurrentUser) => {
    if (!can(user, 'settings:manage')) throw new RiskError(403, 'You do not have permission to do this');
  };
  return {
    list: (user: CurrentUser): Promise<InstrumentVersions[]> => {
      mayManage(user);
      return db.tenant(user.tenantId, async (trx) => {
        const catalogue = await tenantCatalogue(trx);
        const settings = await riskSettingsFor(trx);
        return catalogue.ids().map((id) => {
          const versions = catalogue.versions(id);
          const latest = catalogue.find(id, undefined, 'en') ?? catalogue.all().find((i) => i.id === id);
          return { id, title: latest?.title ?? id, versions, chosen: settings.instrumentVersions[id] ?? null };
        });
      });
    },

    choose: (user: CurrentUser, id: string, version: number | null, requestId: string): Promise<void> => {
      mayManage(user);
      return db.tenant(user.tenantId, async (trx) => {
        const catalogue = await tenantCatalogue(trx);
        if (!catalogue.ids().includes(id)) throw new RiskError(404, 'There is no such checklist');
        if (version !== null && !catalogue.versions(id).includes(version)) throw new RiskError(400, 'Choose one of the versions held', id);
        const current = (await riskSettingsFor(trx)).instrumentVersions;
        const next = { ...current };
        if (version === null) delete next[id];
        else next[id] = version;
        await saveInstrumentVersions(trx, user.tenantId, next);
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'risk-instrument.choose-version', subjectType: 'risk-instrument', subjectId: null, requestId, details: { instrument: id, version } });
      });
    },
  };
}

export type InstrumentVersionsService = ReturnType<typeof instrumentVersionsService>;
