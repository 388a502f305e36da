import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillTemplate, type FieldValues } from '../../domain/documents/fill.js';
import { fleschKincaidGrade } from '../../domain/documents/readability.js';
import { loadTemplateFolder, shippedTemplates } from './templates.js';

const LETTERS = ['threshold-decision-letter', 'assessment-outcome-letter', 'conference-decision-letter', 'plan-letter', 'letter-to-person-causing-harm'];

/** Words that would tell someone opening the letter what it is about, in each language. */
const GIVE_AWAY: Record<string, RegExp> = {
  en: /abuse|violence|harm|children’s services|children's services|social (work|care)|safeguard|protection|police|refuge|safety plan/i,
  cy: /cam-drin|trais|niwed|gwasanaethau plant|gofal cymdeithasol|gweithiwr cymdeithasol|diogelu|amddiffyn|heddlu|lloches/i,
  pl: /przemoc|krzywd|opieka społeczna|pracownik socjalny|ochron|policj|schronisk/i,
};

const sample = (fields: Record<string, string>): FieldValues =>
  Object.fromEntries(Object.keys(fields).map((f) => [f, f === 'expectations' || f === 'services' ? ['Go to the group each week.', 'Keep to the times for seeing the children.'] : f === 'childNames' ? 'Amy and Ben' : 'Rachel']));

describe('the shipped templates', () => {
  const templates = shippedTemplates();

  it('all load, and the letters are in English, Welsh and Polish', () => {
    for (const name of LETTERS) expect(Object.keys(templates.get(name)?.languages ?? {}).sort(), name).toEqual(['cy', 'en', 'pl']);
  });

  it('the English letters read at grade 8 or below (Flesch–Kincaid)', () => {
    for (const name of LETTERS) {
      const t = templates.get(name)!;
      const filled = fillTemplate(t, 'en', t.audiences[0]!, sample(t.fields));
      const text = [filled.title, ...filled.blocks.flatMap((b) => (b.kind === 'list' ? b.items : [b.text]))].join('\n');
      expect(fleschKincaidGrade(text), name).toBeLessThanOrEqual(8);
    }
  });

  it('in neutral form, a letter’s title and opening lines say nothing about abuse or children’s services, in every language', () => {
    for (const t of templates.values()) {
      for (const [language, wording] of Object.entries(t.languages)) {
        if (!wording.neutralTitle) continue;
        const filled = fillTemplate(t, language, t.audiences[0]!, sample(t.fields), true);
        const opening = [filled.title, filled.subtitle, ...filled.blocks.slice(0, 2).map((b) => (b.kind === 'list' ? b.items.join(' ') : b.text))].join('\n');
        expect(opening, `${t.name} ${language}`).not.toMatch(GIVE_AWAY[language] ?? GIVE_AWAY.en!);
      }
    }
  });

  it('a folder holding a template that would give the person causing harm a victim-only field does not load at all', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wa-templates-'));
    const planted = { name: 'planted', kind: 'letter', audiences: ['person-causing-harm'], fields: { whereSheLives: 'victim-only' }, languages: { en: { title: 'Letter', subtitle: 'Today', blocks: [{ kind: 'paragraph', text: 'She lives at {whereSheLives}.' }] } } };
    writeFileSync(join(dir, 'planted.json'), JSON.stringify(planted));
    expect(() => loadTemplateFolder(dir)).toThrow(/who must never receive whereSheLives/);
    writeFileSync(join(dir, 'planted.json'), JSON.stringify({ ...planted, name: 'other', fields: { whereSheLives: 'general' } }));
    expect(() => loadTemplateFolder(dir)).toThrow(/name the file other.json/);
  });
});
