import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scoreChecklist, type ChecklistAnswers } from '../../domain/risk/checklist.js';
import type { Answer, Instrument } from '../../domain/risk/instrument.js';
import { projectRoot } from '../../platform/config.js';
import { InstrumentFileError, loadInstrumentFolder, SHIPPED_INSTRUMENTS_DIR, shippedCatalogue } from './instrument-files.js';

const FIXTURES = join(projectRoot, 'test', 'fixtures', 'instruments');

const answered = (entries: Record<number, Answer>): ChecklistAnswers => Object.fromEntries(Object.entries(entries).map(([n, answer]) => [n, { answer }]));

const structure = (i: Instrument) => ({
  id: i.id,
  version: i.version,
  bands: i.bands,
  sections: i.sections.map((s) => s.id),
  questions: i.questions.map(({ number, section, options, counts, offers }) => ({ number, section, options, counts, offers })),
});

describe('the shipped instruments', () => {
  const catalogue = shippedCatalogue();

  it('load, and are read once', () => {
    expect(SHIPPED_INSTRUMENTS_DIR).toBe(join(projectRoot, 'instruments'));
    expect(catalogue.ids()).toEqual(['dash-ric', 'stalking-screen', 'young-people']);
    expect(shippedCatalogue()).toBe(catalogue);
  });

  it('include the Dash: 24 questions numbered 1 to 24, banded 14 and 10, with 8 offering the stalking screen on yes', () => {
    const dash = catalogue.find('dash-ric', 1);
    expect(dash?.title).toBe('Domestic abuse risk checklist (Dash)');
    expect(dash?.questions.map((q) => q.number)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(dash?.bands).toEqual({ high: 14, medium: 10 });
    expect(dash?.answerLabels).toEqual({ yes: 'Yes', no: 'No', 'dont-know': "Don't know" });
    expect(dash?.questions.filter((q) => q.offers).map((q) => [q.number, q.offers])).toEqual([[8, { instrument: 'stalking-screen', when: ['yes'] }]]);
    expect(dash?.questions.every((q) => q.options.join() === 'yes,no,dont-know' && q.counts.join() === 'yes')).toBe(true);
    expect(dash?.source).toMatch(/own paraphrase/);
  });

  it('include the stalking screen: 11 questions, not banded', () => {
    const screen = catalogue.find('stalking-screen');
    expect(screen?.questions).toHaveLength(11);
    expect(screen?.bands).toBeUndefined();
    expect(screen && scoreChecklist(screen, answered({ 1: 'yes', 2: 'yes' }))).toMatchObject({ score: 2, band: null });
  });

  it('include the young people’s checklist for ages 13 to 17', () => {
    const young = catalogue.find('young-people');
    expect(young?.ages).toEqual({ from: 13, to: 17 });
    expect(young?.bands).toEqual({ high: 14, medium: 10 });
    expect(young?.questions.length).toBeGreaterThanOrEqual(20);
    expect(young?.description).toMatch(/professional judgement matters most/);
  });

  it('offer only instruments that ship', () => {
    const offered = catalogue.all().flatMap((i) => i.questions.flatMap((q) => (q.offers ? [q.offers.instrument] : [])));
    for (const id of offered) expect(catalogue.find(id), id).not.toBeNull();
  });
});

describe('a new instrument and a translation need no code', () => {
  const loaded = loadInstrumentFolder(FIXTURES);
  const english = loaded.find((i) => i.id === 'safety-check' && i.language === 'en');
  const welsh = loaded.find((i) => i.id === 'safety-check' && i.language === 'cy');

  it('loads the fixture folder, leaving files that are not in an instrument’s folder alone', () => {
    expect(loaded.map((i) => `${i.id}/${i.version}/${i.language}`)).toEqual(['safety-check/1/en', 'safety-check/1/cy']);
    expect(english?.questions).toHaveLength(5);
    expect(english?.questions[0]?.options).toEqual(['yes', 'no']);
  });

  it('gives a Welsh instrument with the same structure and Welsh words', () => {
    expect(welsh && english && structure(welsh)).toEqual(english && structure(english));
    expect(welsh?.title).toBe('Gwiriad diogelwch');
    expect(welsh?.sections.map((s) => s.title)).toEqual(['Heddiw', 'Gartref']);
    expect(welsh?.questions[0]?.text).toBe("Ydych chi'n ddiogel ar hyn o bryd?");
    expect(welsh?.answerLabels.yes).toBe('Ie');
  });

  it('scores with the instrument’s own bands: 4 high, 2 medium, 1 standard', () => {
    if (!english || !welsh) throw new Error('the fixture did not load');
    expect(scoreChecklist(english, answered({ 2: 'yes', 3: 'yes', 4: 'yes', 5: 'yes' }))).toEqual({ score: 4, band: 'high', gaps: [1], offered: ['stalking-screen'] });
    expect(scoreChecklist(english, answered({ 1: 'yes', 2: 'yes', 3: 'yes', 4: 'no', 5: 'no' }))).toEqual({ score: 2, band: 'medium', gaps: [], offered: [] });
    expect(scoreChecklist(welsh, answered({ 1: 'yes', 2: 'yes', 3: 'no', 4: 'dont-know', 5: 'no' }))).toEqual({ score: 1, band: 'standard', gaps: [4], offered: [] });
    expect(scoreChecklist(english, answered({ 1: 'no' })).band).toBe('standard');
    expect(scoreChecklist(english, answered({ 1: 'no', 2: 'yes', 3: 'yes' })).band).toBe('medium');
  });
});

describe('files that are wrong', () => {
  const made: string[] = [];
  const folder = (files: Record<string, string> = {}): string => {
    const dir = mkdtempSync(join(tmpdir(), 'instruments-'));
    made.push(dir);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    return dir;
  };
  const errorOf = (load: () => unknown): InstrumentFileError => {
    try {
      load();
    } catch (error) {
      if (error instanceof InstrumentFileError) return error;
      throw error;
    }
    throw new Error('expected the folder to be refused');
  };
  const readFixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
  const fixture = (name: string) => JSON.parse(readFixture(name)) as Record<string, unknown>;

  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('names the broken file and every problem in it', () => {
    const root = folder();
    mkdirSync(join(root, 'broken'));
    copyFileSync(join(FIXTURES, 'broken.json'), join(root, 'broken', '1.json'));
    const error = errorOf(() => loadInstrumentFolder(root));
    expect(error.file).toBe(join(root, 'broken', '1.json'));
    expect(error.message).toContain(join(root, 'broken', '1.json'));
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^titel: is not a field here/),
        expect.stringMatching(/^id: "Broken Checklist" is not an id/),
        'version: 0 is not a whole number from 1',
        'answerLabels.dont-know: write some text',
        'questions[0].options: "maybe" is not an answer (use yes, no or dont-know)',
        'questions[1].number: is 3; questions are numbered 1 to 2 in order, so this one is 2',
        'questions[1].section: "elsewhere" is not a section (the sections are only)',
        'questions[1].text: write some text',
        'questions[1].counts: "dont-know" is not one of the question\'s options (yes or no)',
        'bands: the medium band (from 6) must start below the high band (from 5)',
        'bands.high: is 5, but the most an instrument of 2 questions can score is 2',
      ]),
    );
    expect(error.message).toContain('questions[0].options: "maybe" is not an answer');
  });

  it('refuses an instrument whose id or version is not its folder and file name', () => {
    const safety = fixture('safety-check/1.json');
    const root = folder({ 'other/2.json': JSON.stringify(safety) });
    expect(errorOf(() => loadInstrumentFolder(root)).problems).toEqual([
      'id: "safety-check" is not the folder\'s name, "other"',
      'version: 1 is not the version in the file\'s name, 2',
    ]);
  });

  it('refuses a translation that does not match its file name or has nothing to translate', () => {
    const safety = readFixture('safety-check/1.json');
    const welsh = fixture('safety-check/1.cy.json');
    const mismatched = folder({ 'safety-check/1.json': safety, 'safety-check/1.gd.json': JSON.stringify(welsh) });
    expect(errorOf(() => loadInstrumentFolder(mismatched)).problems).toEqual(['language: "cy" is not the language in the file\'s name, "gd"']);
    const orphan = folder({ 'safety-check/2.cy.json': JSON.stringify({ ...welsh, version: 2 }) });
    expect(errorOf(() => loadInstrumentFolder(orphan))).toMatchObject({ file: join(orphan, 'safety-check', '2.cy.json'), problems: ['there is no safety-check version 2 to translate'] });
  });

  it('refuses a translation that does not fit its instrument', () => {
    const welsh = fixture('safety-check/1.cy.json');
    const root = folder({ 'safety-check/1.json': readFixture('safety-check/1.json'), 'safety-check/1.cy.json': JSON.stringify({ ...welsh, sections: { today: 'Heddiw' } }) });
    expect(errorOf(() => loadInstrumentFolder(root))).toMatchObject({ file: join(root, 'safety-check', '1.cy.json'), problems: ['sections.home: is missing; translate every section'] });
  });

  it('refuses JSON that does not parse, a file with the wrong name, and a translation named as an instrument', () => {
    const welsh = readFixture('safety-check/1.cy.json');
    expect(errorOf(() => loadInstrumentFolder(folder({ 'safety-check/1.json': '{ "id": ' }))).problems).toEqual([expect.stringMatching(/^is not valid JSON \(/)]);
    expect(errorOf(() => loadInstrumentFolder(folder({ 'safety-check/v1.json': welsh }))).problems).toEqual(['name an instrument <version>.json, and a translation <version>.<language>.json']);
    expect(errorOf(() => loadInstrumentFolder(folder({ 'safety-check/1.json': welsh }))).problems).toEqual(['is a translation: name it 1.<language>.json']);
  });

  it('loads an empty folder as no instruments and ignores files that are not JSON', () => {
    expect(loadInstrumentFolder(folder({ 'README.md': '# Instruments', 'dash-ric/notes.txt': 'notes' }))).toEqual([]);
  });
});
