import { InstrumentCatalogue } from '../../domain/risk/catalogue.js';
import type { Instrument } from '../../domain/risk/instrument.js';
import { InstrumentError, isTranslationFile, parseInstrument, parseTranslation, translate } from '../../domain/risk/instrument-parse.js';
import type { Trx } from '../../platform/db/database.js';
import { RiskError } from './errors.js';
import { shippedCatalogue } from './instrument-files.js';
import { addInstrumentFile, loadedInstrumentFiles } from './queries/instruments.js';

/**
 * The instruments a local authority can use: the shipped files, plus the versions and translations it
 * has loaded itself (the licensed official wording, a new tool, a Welsh or Gaelic translation).
 */
export async function tenantCatalogue(trx: Trx): Promise<InstrumentCatalogue> {
  const rows = await loadedInstrumentFiles(trx);
  let catalogue = shippedCatalogue().with(rows.filter((r) => r.kind === 'instrument').map((r) => parseInstrument(r.definition)));
  const translated: Instrument[] = [];
  for (const row of rows.filter((r) => r.kind === 'translation')) {
    const t = parseTranslation(row.definition);
    const original = originalOf(catalogue, t.instrument, t.version);
    if (original) translated.push(translate(original, t));
  }
  catalogue = catalogue.with(translated);
  return catalogue;
}

function originalOf(catalogue: InstrumentCatalogue, id: string, version: number): Instrument | null {
  const languages = catalogue.languages(id, version);
  const language = languages.includes('en') ? 'en' : languages[0];
  return language ? catalogue.find(id, version, language) : null;
}

export interface LoadedInstrument {
  kind: 'instrument' | 'translation';
  id: string;
  version: number;
  language: string;
  title: string;
  questions: number;
}

/**
 * Loads an instrument or translation file for this tenant. A version, once there, is never replaced:
 * completed checklists keep the words they were completed with, so changed wording is a new version.
 */
export async function loadInstrumentFile(trx: Trx, tenantId: string, json: unknown, loadedBy: string): Promise<LoadedInstrument> {
  const catalogue = await tenantCatalogue(trx);
  let instrument: Instrument;
  let kind: LoadedInstrument['kind'];
  try {
    if (isTranslationFile(json)) {
      const t = parseTranslation(json);
      const original = originalOf(catalogue, t.instrument, t.version);
      if (!original) throw new RiskError(400, `There is no instrument ${t.instrument} version ${t.version} to translate: load it first`, 'file');
      instrument = translate(original, t);
      kind = 'translation';
    } else {
      instrument = parseInstrument(json);
      kind = 'instrument';
    }
  } catch (error) {
    if (error instanceof InstrumentError) throw new RiskError(400, `The file is not a valid instrument: ${error.problems.slice(0, 5).join('; ')}`, 'file');
    throw error;
  }
  if (catalogue.find(instrument.id, instrument.version, instrument.language)) {
    throw new RiskError(409, `${instrument.id} version ${instrument.version} (${instrument.language}) is already loaded: give changed wording a new version number`, 'file');
  }
  await addInstrumentFile(trx, { tenantId, instrumentId: instrument.id, version: instrument.version, language: instrument.language, kind, definition: JSON.stringify(json), loadedBy });
  return { kind, id: instrument.id, version: instrument.version, language: instrument.language, title: instrument.title, questions: instrument.questions.length };
}
