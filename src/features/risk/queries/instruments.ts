import type { Trx } from '../../../platform/db/database.js';

/** The instrument and translation files the tenant has loaded itself, oldest first. */
export function loadedInstrumentFiles(trx: Trx) {
  return trx.selectFrom('risk_instruments').select(['kind', 'definition']).orderBy('loaded_at').execute();
}

export interface InstrumentFileRow {
  tenantId: string;
  instrumentId: string;
  version: number;
  language: string;
  kind: 'instrument' | 'translation';
  /** The file as loaded, as JSON text. */
  definition: string;
  loadedBy: string;
}

/** Keeps a loaded instrument or translation file. */
export async function addInstrumentFile(trx: Trx, file: InstrumentFileRow): Promise<void> {
  await trx
    .insertInto('risk_instruments')
    .values({ tenant_id: file.tenantId, instrument_id: file.instrumentId, version: file.version, language: file.language, kind: file.kind, definition: file.definition, loaded_by: file.loadedBy })
    .execute();
}

/** Saves the version of each instrument the tenant has chosen, adding its settings row the first time. */
export async function saveInstrumentVersions(trx: Trx, tenantId: string, versions: Record<string, number>): Promise<void> {
  await trx
    .insertInto('risk_settings')
    .values({ tenant_id: tenantId, instrument_versions: JSON.stringify(versions) })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ instrument_versions: JSON.stringify(versions) }))
    .execute();
}
