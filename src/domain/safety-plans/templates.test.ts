import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillTemplate } from '../documents/fill.js';
import { fleschReadingEase } from '../documents/readability.js';
import { loadTemplate, type TemplateBlock } from '../documents/template.js';
import { CHILD_SECTIONS, VICTIM_SECTIONS } from './sections.js';

/** The three safety plan templates (issue 16, points 2 to 4), as shipped in src/domain/documents/templates/. */
const raw = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', 'documents', 'templates', `${name}.json`), 'utf8')) as Record<string, unknown>;
const victim = () => raw('victim-safety-plan');
const child = () => raw('child-safety-plan');
const rules = () => raw('safety-rules');

const wordsOf = (blocks: readonly TemplateBlock[]) => blocks.flatMap((b) => (b.kind === 'list' ? b.items : [b.text]));
const withoutPlaceholders = (text: string) => text.replace(/\{[A-Za-z0-9]+\}/g, ' ').replace(/[ \t]+/g, ' ');
const GIVEAWAYS = /safety plan|domestic abuse|abuse|social work|children’s services|children's services|idva|violence|refuge/i;

describe('the victim’s safety plan template', () => {
  it('loads, for the victim and the professional network only, protecting what plans say', () => {
    const t = loadTemplate(victim());
    expect(t.audiences.sort()).toEqual(['professional-network', 'victim']);
    expect(t.protects).toEqual(['plan-content']);
    for (const s of VICTIM_SECTIONS) expect(t.fields[s.key]).toBe('victim-only');
  });

  it('is refused at load if anyone makes it for the person causing harm, a parent, a school or a child', () => {
    for (const audience of ['person-causing-harm', 'parent', 'school', 'child']) {
      expect(() => loadTemplate({ ...victim(), audiences: ['victim', audience] })).toThrow(/must never receive/);
    }
  });

  it('in neutral form says nothing in its title and first lines, nor in any heading, that shows what it is', () => {
    const t = loadTemplate(victim());
    const values = Object.fromEntries(Object.keys(t.fields).map((f) => [f, 'x']));
    const neutral = fillTemplate(t, 'en', 'victim', values, true);
    expect(neutral.title).toBe('Notes for x');
    const opening = [neutral.title, neutral.subtitle, ...neutral.blocks.slice(0, 3).flatMap((b) => (b.kind === 'list' ? b.items : [b.text]))].join('\n');
    expect(opening).not.toMatch(GIVEAWAYS);
    const headings = neutral.blocks.filter((b) => b.kind === 'heading').map((b) => (b.kind === 'heading' ? b.text : ''));
    expect(headings.join('\n')).not.toMatch(GIVEAWAYS);
    // Titled (not neutral), it says what it is, and who made it with her.
    const titled = fillTemplate(t, 'en', 'victim', { ...values, madeWith: 'Priya Shah, IDVA' }, false);
    expect(titled.title).toBe('Safety plan for x');
    expect(wordsOf(titled.blocks as TemplateBlock[]).join(' ')).toContain('Priya Shah, IDVA');
    expect(wordsOf(neutral.blocks as TemplateBlock[]).join(' ')).not.toContain('IDVA');
  });
});

describe('a child’s own safety plan template', () => {
  it('is in large type, for the child and the professional network, with every section the child’s', () => {
    const t = loadTemplate(child());
    expect(t.style).toBe('large');
    expect(t.audiences.sort()).toEqual(['child', 'professional-network']);
    for (const s of CHILD_SECTIONS) expect(t.fields[s.key]).toBe('child-views');
    expect(() => loadTemplate({ ...child(), audiences: ['child', 'person-causing-harm'] })).toThrow(/must never receive/);
  });

  it('reads easily: Flesch reading ease of 80 or more for its English words', () => {
    const en = loadTemplate(child()).languages.en!;
    const text = [en.title, en.subtitle, ...wordsOf(en.blocks)].map(withoutPlaceholders).join('\n');
    expect(fleschReadingEase(text)).toBeGreaterThanOrEqual(80);
    // The test can fail: the same plan in a professional's words does not pass it.
    const officialese = [en.title, ...wordsOf(en.blocks).map(() => 'Intervening physically during incidents of parental conflict is inadvisable; relocate immediately to the designated location.')].join('\n');
    expect(fleschReadingEase(officialese)).toBeLessThan(80);
  });

  it('always tells the child not to step in and that it is not their fault', () => {
    const words = wordsOf(loadTemplate(child()).languages.en!.blocks).join('\n');
    expect(words).toContain('It is not your fault');
    expect(words).toMatch(/Do not get in the way of a fight/);
  });
});

describe('the safety rules template', () => {
  it('is for each parent, the person causing harm too, and holds only general fields', () => {
    const t = loadTemplate(rules());
    expect(t.audiences).toContain('person-causing-harm');
    expect(Object.values(t.fields).every((s) => s === 'general')).toBe(true);
  });

  it('is refused at load if a field of the victim’s is planted in it', () => {
    const planted = rules();
    planted.fields = { ...(planted.fields as Record<string, string>), triggers: 'victim-only' };
    expect(() => loadTemplate(planted)).toThrow(/person causing harm, who must never receive triggers/);
  });
});
