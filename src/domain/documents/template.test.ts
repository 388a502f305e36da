import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillTemplate } from './fill.js';
import { DOCUMENT_AUDIENCES, entitled, FIELD_SENSITIVITIES, loadTemplate, TemplateError } from './template.js';

const wording = (text = 'Dear {recipientName},') => ({ title: 'A letter', subtitle: '{letterDate}', neutralTitle: 'A letter for {recipientName}', neutralOpening: [{ kind: 'paragraph', text: 'Hello {recipientName}.' }], blocks: [{ kind: 'paragraph', text }, { kind: 'paragraph', text: 'About the children.' }, { kind: 'list', items: ['{actions}'], if: 'actions' }] });
const template = (over: Record<string, unknown> = {}) => ({
  name: 'test-letter',
  kind: 'letter',
  audiences: ['victim'],
  fields: { recipientName: 'general', letterDate: 'general', actions: 'general' },
  languages: { en: wording(), cy: wording('Annwyl {recipientName},') },
  ...over,
});

describe('loading a template (it is checked before anything is written with it)', () => {
  it('loads a good one', () => {
    const t = loadTemplate(template());
    expect(t.name).toBe('test-letter');
    expect(Object.keys(t.languages)).toEqual(['en', 'cy']);
    expect(t.style).toBe('standard');
  });

  it('refuses a template for the person causing harm that holds a victim-only field, at load', () => {
    const planted = template({ audiences: ['person-causing-harm'], fields: { recipientName: 'general', letterDate: 'general', actions: 'general', whereSheIs: 'victim-only' } });
    expect(() => loadTemplate(planted)).toThrow(/person causing harm, who must never receive whereSheIs \(victim-only\)/);
  });

  it('refuses a school notice that holds what a child said, and a child’s plan with a victim-only field', () => {
    expect(() => loadTemplate(template({ audiences: ['school'], fields: { recipientName: 'general', letterDate: 'general', actions: 'child-views' } }))).toThrow(TemplateError);
    expect(() => loadTemplate(template({ audiences: ['child'], fields: { recipientName: 'general', letterDate: 'general', actions: 'victim-only' } }))).toThrow(TemplateError);
  });

  it('for any audience and sensitivity, loads exactly when the audience is entitled', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DOCUMENT_AUDIENCES), fc.constantFrom(...FIELD_SENSITIVITIES), (audience, sensitivity) => {
        const data = template({ audiences: [audience], fields: { recipientName: 'general', letterDate: 'general', actions: sensitivity } });
        const loads = (() => {
          try {
            loadTemplate(data);
            return true;
          } catch {
            return false;
          }
        })();
        expect(loads).toBe(entitled(audience, sensitivity));
        if (audience === 'person-causing-harm') expect(loads).toBe(sensitivity === 'general');
      }),
    );
  });

  it('refuses an undeclared placeholder, a language with different blocks, no English, and unknown audiences or sensitivities', () => {
    expect(() => loadTemplate(template({ languages: { en: wording('Dear {secret},') } }))).toThrow(/uses \{secret\} in en/);
    expect(() => loadTemplate(template({ languages: { en: wording(), cy: { ...wording(), blocks: wording().blocks.slice(1) } } }))).toThrow(/cy does not have the same blocks/);
    expect(() => loadTemplate(template({ languages: { en: wording(), cy: wording('Annwyl {letterDate},') } }))).toThrow(/cy does not have the same/);
    expect(() => loadTemplate(template({ languages: { cy: wording() } }))).toThrow(/English/);
    expect(() => loadTemplate(template({ audiences: ['neighbour'] }))).toThrow(/unknown audience/);
    expect(() => loadTemplate(template({ fields: { recipientName: 'secret' } }))).toThrow(/unknown sensitivity/);
    expect(() => loadTemplate(template({ name: 'Bad Name' }))).toThrow(/name/);
    expect(() => loadTemplate(template({ languages: { en: wording(), 'en-GB!': wording() } }))).toThrow(/language code/);
  });
});

describe('filling a template', () => {
  const t = loadTemplate(template());
  const values = { recipientName: 'Rachel Example', letterDate: '6 December 2026', actions: ['Go to the group', ' ', 'Call the worker'] };

  it('fills each placeholder, expands a list field into items and drops the blanks', () => {
    const filled = fillTemplate(t, 'en', 'victim', values);
    expect(filled.title).toBe('A letter');
    expect(filled.blocks).toEqual([
      { kind: 'paragraph', text: 'Dear Rachel Example,' },
      { kind: 'paragraph', text: 'About the children.' },
      { kind: 'list', items: ['Go to the group', 'Call the worker'] },
    ]);
  });

  it('leaves out a block whose field is empty', () => {
    expect(fillTemplate(t, 'en', 'victim', { ...values, actions: [] }).blocks).toHaveLength(2);
  });

  it('in neutral form uses the neutral title and opening in place of the first blocks', () => {
    const filled = fillTemplate(t, 'en', 'victim', values, true);
    expect(filled.title).toBe('A letter for Rachel Example');
    expect(filled.blocks[0]).toEqual({ kind: 'paragraph', text: 'Hello Rachel Example.' });
    expect(filled.blocks[1]).toEqual({ kind: 'paragraph', text: 'About the children.' });
  });

  it('writes in the language asked for', () => {
    expect(fillTemplate(t, 'cy', 'victim', values).blocks[0]).toEqual({ kind: 'paragraph', text: 'Annwyl Rachel Example,' });
  });

  it('refuses another audience, a language it lacks, and a field it does not declare', () => {
    expect(() => fillTemplate(t, 'en', 'person-causing-harm', values)).toThrow(/not for the person causing harm/);
    expect(() => fillTemplate(t, 'pl', 'victim', values)).toThrow(/no wording in pl/);
    expect(() => fillTemplate(t, 'en', 'victim', { ...values, whereSheIs: 'Flat 4' })).toThrow(/no field whereSheIs/);
  });
});
