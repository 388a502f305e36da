import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InstrumentCatalogue } from '../../domain/risk/catalogue.js';
import type { Instrument, InstrumentTranslation } from '../../domain/risk/instrument.js';
import { InstrumentError, isTranslationFile, parseInstrument, parseTranslation, translate } from '../../domain/risk/instrument-parse.js';
import { projectRoot } from '../../platform/config.js';

/**
 * Instruments ship as files: <dir>/<id>/<version>.json, and translations beside them as
 * <dir>/<id>/<version>.<language>.json. Files directly in <dir> are not instruments and are left alone.
 */

export const SHIPPED_INSTRUMENTS_DIR = join(projectRoot, 'instruments');

export class InstrumentFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.length === 1 ? '1 problem' : `${problems.length} problems`}: ${problems.join('; ')}`);
    this.name = 'InstrumentFileError';
  }
}

const INSTRUMENT_FILE = /^([1-9][0-9]*)\.json$/;
const TRANSLATION_FILE = /^([1-9][0-9]*)\.([A-Za-z0-9-]+)\.json$/;

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new InstrumentFileError(file, [`is not valid JSON (${error instanceof Error ? error.message : String(error)})`]);
  }
}

function parsed<T>(file: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InstrumentError) throw new InstrumentFileError(file, error.problems);
    throw error;
  }
}

function refuseIfAny(file: string, problems: string[]): void {
  if (problems.length > 0) throw new InstrumentFileError(file, problems);
}

/** Every instrument in the folder, with each translation applied to the version it translates. */
export function loadInstrumentFolder(dir: string): Instrument[] {
  const instruments: Instrument[] = [];
  const translations: { file: string; translation: InstrumentTranslation }[] = [];
  const folders = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

  for (const folder of folders) {
    const names = readdirSync(join(dir, folder))
      .filter((name) => name.endsWith('.json'))
      .sort();
    for (const name of names) {
      const file = join(dir, folder, name);
      const original = INSTRUMENT_FILE.exec(name);
      const translated = TRANSLATION_FILE.exec(name);
      if (!original && !translated) refuseIfAny(file, ['name an instrument <version>.json, and a translation <version>.<language>.json']);
      const json = readJson(file);
      if (original) {
        if (isTranslationFile(json)) refuseIfAny(file, [`is a translation: name it ${original[1]}.<language>.json`]);
        const instrument = parsed(file, () => parseInstrument(json));
        refuseIfAny(file, [
          ...(instrument.id === folder ? [] : [`id: "${instrument.id}" is not the folder's name, "${folder}"`]),
          ...(instrument.version === Number(original[1]) ? [] : [`version: ${instrument.version} is not the version in the file's name, ${original[1]}`]),
        ]);
        instruments.push(instrument);
      } else if (translated) {
        const translation = parsed(file, () => parseTranslation(json));
        refuseIfAny(file, [
          ...(translation.instrument === folder ? [] : [`instrument: "${translation.instrument}" is not the folder's name, "${folder}"`]),
          ...(translation.version === Number(translated[1]) ? [] : [`version: ${translation.version} is not the version in the file's name, ${translated[1]}`]),
          ...(translation.language === translated[2] ? [] : [`language: "${translation.language}" is not the language in the file's name, "${translated[2]}"`]),
        ]);
        translations.push({ file, translation });
      }
    }
  }

  const withTranslations = [...instruments];
  for (const { file, translation } of translations) {
    const original = instruments.find((i) => i.id === translation.instrument && i.version === translation.version);
    if (!original) refuseIfAny(file, [`there is no ${translation.instrument} version ${translation.version} to translate`]);
    else withTranslations.push(parsed(file, () => translate(original, translation)));
  }
  return withTranslations;
}

let shipped: InstrumentCatalogue | undefined;

/** The instruments that ship with Wraparound, read once. */
export function shippedCatalogue(): InstrumentCatalogue {
  shipped ??= new InstrumentCatalogue(loadInstrumentFolder(SHIPPED_INSTRUMENTS_DIR));
  return shipped;
}
