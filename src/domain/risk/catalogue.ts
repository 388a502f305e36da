import type { Instrument } from './instrument.js';

/**
 * The instruments on offer, each version in each language. Finding one never falls back to another
 * language: a Welsh-speaking victim asked the English questions by surprise is worse than being told
 * there is no Welsh version.
 */
export class InstrumentCatalogue {
  readonly #entries = new Map<string, Instrument>();

  constructor(instruments: readonly Instrument[] = []) {
    for (const instrument of instruments) this.#entries.set(keyOf(instrument.id, instrument.version, instrument.language), instrument);
  }

  /** One version in one language; without a version, the highest there is in that language. */
  find(id: string, version?: number, language = 'en'): Instrument | null {
    if (version !== undefined) return this.#entries.get(keyOf(id, version, language)) ?? null;
    let latest: Instrument | null = null;
    for (const instrument of this.#entries.values()) {
      if (instrument.id === id && instrument.language === language && (!latest || instrument.version > latest.version)) latest = instrument;
    }
    return latest;
  }

  /** The versions of an instrument in any language, lowest first. */
  versions(id: string): number[] {
    return [...new Set(this.#list().filter((i) => i.id === id).map((i) => i.version))];
  }

  ids(): string[] {
    return [...new Set(this.#list().map((i) => i.id))];
  }

  languages(id: string, version: number): string[] {
    return this.#list()
      .filter((i) => i.id === id && i.version === version)
      .map((i) => i.language);
  }

  /** Every instrument, by id, then version, then language. */
  all(): Instrument[] {
    return this.#list();
  }

  /** A new catalogue with these added; one with the same id, version and language replaces the earlier. */
  with(more: readonly Instrument[]): InstrumentCatalogue {
    return new InstrumentCatalogue([...this.#entries.values(), ...more]);
  }

  #list(): Instrument[] {
    return [...this.#entries.values()].sort((a, b) => compareText(a.id, b.id) || a.version - b.version || compareText(a.language, b.language));
  }
}

const keyOf = (id: string, version: number, language: string) => JSON.stringify([id, version, language]);
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
