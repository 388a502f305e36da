import { describe, expect, it } from 'vitest';
import { InstrumentCatalogue } from './catalogue.js';
import type { Instrument } from './instrument.js';

const instrument = (id: string, version: number, language = 'en', title = `${id} ${version} ${language}`): Instrument => ({
  id,
  version,
  language,
  title,
  description: 'Test double.',
  answerLabels: { yes: 'Yes', no: 'No', 'dont-know': "Don't know" },
  sections: [{ id: 'all', title: 'All' }],
  questions: [{ number: 1, section: 'all', text: 'Question?', options: ['yes', 'no'], counts: ['yes'] }],
});

const catalogue = new InstrumentCatalogue([
  instrument('stalking-screen', 1),
  instrument('dash-ric', 2),
  instrument('dash-ric', 1),
  instrument('dash-ric', 1, 'cy'),
  instrument('dash-ric', 3, 'cy'),
  instrument('scottish-dash', 1, 'gd'),
]);

describe('InstrumentCatalogue', () => {
  it('finds one version in one language, English unless asked', () => {
    expect(catalogue.find('dash-ric', 1)?.title).toBe('dash-ric 1 en');
    expect(catalogue.find('dash-ric', 1, 'cy')?.title).toBe('dash-ric 1 cy');
    expect(catalogue.find('dash-ric', 4)).toBeNull();
    expect(catalogue.find('dara', 1)).toBeNull();
  });

  it('finds the highest version in the language when no version is given', () => {
    expect(catalogue.find('dash-ric')?.version).toBe(2);
    expect(catalogue.find('dash-ric', undefined, 'cy')?.version).toBe(3);
    expect(catalogue.find('dara')).toBeNull();
  });

  it('never falls back to another language', () => {
    expect(catalogue.find('dash-ric', 3)).toBeNull();
    expect(catalogue.find('dash-ric', 2, 'cy')).toBeNull();
    expect(catalogue.find('scottish-dash')).toBeNull();
    expect(catalogue.find('scottish-dash', undefined, 'gd')?.language).toBe('gd');
  });

  it('lists versions lowest first across languages, ids, and the languages of a version', () => {
    expect(catalogue.versions('dash-ric')).toEqual([1, 2, 3]);
    expect(catalogue.versions('dara')).toEqual([]);
    expect(catalogue.ids()).toEqual(['dash-ric', 'scottish-dash', 'stalking-screen']);
    expect(catalogue.languages('dash-ric', 1)).toEqual(['cy', 'en']);
    expect(catalogue.languages('dash-ric', 2)).toEqual(['en']);
    expect(catalogue.languages('dash-ric', 9)).toEqual([]);
  });

  it('lists every instrument by id, version and language', () => {
    expect(catalogue.all().map((i) => `${i.id}/${i.version}/${i.language}`)).toEqual([
      'dash-ric/1/cy',
      'dash-ric/1/en',
      'dash-ric/2/en',
      'dash-ric/3/cy',
      'scottish-dash/1/gd',
      'stalking-screen/1/en',
    ]);
    expect(new InstrumentCatalogue().all()).toEqual([]);
  });

  it('makes a new catalogue with more instruments, the later replacing one with the same id, version and language', () => {
    const more = catalogue.with([instrument('dash-ric', 1, 'en', 'Licensed wording'), instrument('dara', 1)]);
    expect(more.find('dash-ric', 1)?.title).toBe('Licensed wording');
    expect(more.find('dash-ric', 1, 'cy')?.title).toBe('dash-ric 1 cy');
    expect(more.find('dara')?.version).toBe(1);
    expect(more.all()).toHaveLength(7);
    expect(catalogue.find('dash-ric', 1)?.title).toBe('dash-ric 1 en');
    expect(catalogue.find('dara')).toBeNull();
  });

  it('keeps the last of duplicates given to the constructor', () => {
    const twice = new InstrumentCatalogue([instrument('dash-ric', 1, 'en', 'First'), instrument('dash-ric', 1, 'en', 'Second')]);
    expect(twice.all().map((i) => i.title)).toEqual(['Second']);
  });
});
