import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AUDIENCES, Confidential } from '../../domain/redaction/confidential.js';
import { presentGivenAddress, presentIncidentPlace } from './present.js';

const withholding = { reason: 'Given for a person whose whereabouts are withheld', by: '', at: new Date(0) };
const permitted = { id: 'tm', mayViewWithheld: true };
const others = { id: 'mash', mayViewWithheld: false };

describe('what a contact gives (presentGivenAddress, presentIncidentPlace)', () => {
  it('shows what was given about someone with nothing withheld, to everyone, everywhere', () => {
    for (const audience of AUDIENCES) {
      const view = presentGivenAddress({ address: Confidential.of('8 Open Lane'), postcode: Confidential.of('ZZ1 1AA') }, others, audience);
      expect(view).toEqual({ text: '8 Open Lane, ZZ1 1AA', withheld: false, shown: true, withheldLabel: null });
    }
    expect(presentGivenAddress({ address: null, postcode: null }, others, 'screen')).toBeNull();
    expect(presentIncidentPlace(null, others, 'screen')).toBeNull();
  });

  it('says only "Withheld" on screen to a viewer without the permission, and nothing at all off screen', () => {
    const postcodeOnly = { address: null, postcode: Confidential.of('ZZ9 7WQ', withholding) };
    expect(presentGivenAddress(postcodeOnly, others, 'screen')).toEqual({ text: 'Withheld', withheld: true, shown: false, withheldLabel: null });
    for (const audience of AUDIENCES.filter((a) => a !== 'screen')) {
      for (const viewer of [permitted, others]) {
        expect(presentGivenAddress(postcodeOnly, viewer, audience)).toEqual({ text: null, withheld: true, shown: false, withheldLabel: null });
      }
    }
  });

  it('shows a withheld value on screen to a permitted viewer, with the withheld tag', () => {
    const view = presentIncidentPlace(Confidential.of('Outside the refuge', withholding), permitted, 'screen');
    expect(view).toEqual({ text: 'Outside the refuge', withheld: true, shown: true, withheldLabel: 'Withheld' });
  });

  it('never gives the text of a withheld part to anyone it may not reach (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => s.trim() !== '' && !'Withheld'.includes(s)),
        fc.option(fc.string({ minLength: 1 })),
        fc.constantFrom(...AUDIENCES),
        fc.boolean(),
        (secret, other, audience, may) => {
          const view = presentGivenAddress({ address: other === null ? null : Confidential.of(other, withholding), postcode: Confidential.of(secret, withholding) }, { id: 'v', mayViewWithheld: may }, audience);
          const mayShow = audience === 'screen' && may;
          if (!mayShow) expect(view?.text === null || view?.text === 'Withheld').toBe(true);
          else expect(view?.text).toContain(secret);
        },
      ),
    );
  });
});

/** Every source file and template under src/, except tests. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.(ts|njk)$/.test(e.name) && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the text for a withheld value', () => {
  it('comes only from the presenter: no "Withheld" anywhere else in the code or the templates', () => {
    const root = join(import.meta.dirname, '..', '..');
    const allowed = new Set(['features/people/present.ts', 'domain/redaction/confidential.ts']);
    const found = sources(root)
      .filter((file) => !allowed.has(relative(root, file).split('\\').join('/')))
      .flatMap((file) => {
        const text = readFileSync(file, 'utf8');
        // In code: the word as a string. In a template: the word anywhere, since it would be shown.
        const pattern = file.endsWith('.njk') ? /\bWithheld\b/g : /(['"`])Withheld\1/g;
        return [...text.matchAll(pattern)].map(() => relative(root, file));
      });
    expect(found).toEqual([]);
  });
});
