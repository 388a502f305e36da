import { AUDIENCE_LABELS, TemplateError, type DocumentAudience, type DocumentTemplate, type TemplateBlock } from './template.js';

export type FieldValue = string | readonly string[];
export type FieldValues = Readonly<Record<string, FieldValue>>;

/** A document's words, filled in: what the Paper is built from. */
export interface FilledDocument {
  title: string;
  subtitle: string;
  blocks: Array<{ kind: 'heading'; level: 2 | 3; text: string } | { kind: 'paragraph'; text: string } | { kind: 'list'; items: string[] }>;
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;
const ONLY_PLACEHOLDER = /^\{([A-Za-z][A-Za-z0-9]*)\}$/;

function isEmpty(value: FieldValue | undefined): boolean {
  if (value === undefined) return true;
  return typeof value === 'string' ? !value.trim() : value.every((v) => !v.trim());
}

function textOf(value: FieldValue | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : value.filter((v) => v.trim()).join(', ');
}

function fillText(text: string, values: FieldValues): string {
  return text.replace(PLACEHOLDER, (_, field: string) => textOf(values[field]));
}

function fillBlock(block: TemplateBlock, values: FieldValues): FilledDocument['blocks'][number] | null {
  if (block.if !== undefined && isEmpty(values[block.if])) return null;
  if (block.kind !== 'list') return block.kind === 'heading' ? { kind: 'heading', level: block.level, text: fillText(block.text, values) } : { kind: 'paragraph', text: fillText(block.text, values) };
  const items = block.items.flatMap((item) => {
    const only = ONLY_PLACEHOLDER.exec(item);
    const value = only ? values[only[1] as string] : undefined;
    if (only && Array.isArray(value)) return value.filter((v) => v.trim());
    const text = fillText(item, values);
    return text.trim() ? [text] : [];
  });
  return items.length ? { kind: 'list', items } : null;
}

/**
 * Fills a template for an audience in a language. Refuses an audience the template is not for, a
 * language it does not ship in, and a value for a field it does not declare (so nothing can be slipped
 * in beside the checked fields). In neutral form the title and opening lines are the template's neutral
 * ones: a letter the victim keeps, or that someone else might open, says nothing on its face.
 */
export function fillTemplate(template: DocumentTemplate, language: string, audience: DocumentAudience, values: FieldValues, neutral = false): FilledDocument {
  if (!template.audiences.includes(audience)) throw new TemplateError(template.name, `is not for ${AUDIENCE_LABELS[audience].toLowerCase()}`);
  const wording = template.languages[language];
  if (!wording) throw new TemplateError(template.name, `has no wording in ${language}`);
  for (const field of Object.keys(values)) if (!(field in template.fields)) throw new TemplateError(template.name, `has no field ${field}`);
  if (neutral && !wording.neutralTitle) throw new TemplateError(template.name, 'has no neutral form');
  const opening = neutral && wording.neutralOpening ? wording.neutralOpening : [];
  const body = neutral && wording.neutralOpening ? wording.blocks.slice(wording.neutralOpening.length) : wording.blocks;
  return {
    title: fillText(neutral ? (wording.neutralTitle as string) : wording.title, values),
    subtitle: fillText(wording.subtitle, values),
    blocks: [...opening, ...body].map((b) => fillBlock(b, values)).filter((b) => b !== null),
  };
}

/** The languages a template ships in, English first. */
export function languagesOf(template: DocumentTemplate): string[] {
  return Object.keys(template.languages).sort((a, b) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b)));
}
