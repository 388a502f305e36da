/**
 * Document templates are data: a JSON file per template, with its wording in each language it ships in.
 * A template says who it may be for (its audiences) and how sensitive each of its fields is, and it is
 * checked when it is loaded, before anything is written with it: a template that would put a field into
 * the hands of someone not entitled to it (what the victim said, for the person causing harm) is refused
 * there, so no value given at render time can get it through.
 */

/** Who a document is for. The Marac's papers go to member agencies; the rest are the case's documents. */
export const DOCUMENT_AUDIENCES = ['professional-network', 'marac-agency', 'victim', 'person-causing-harm', 'parent', 'school', 'child', 'interpreter'] as const;
export type DocumentAudience = (typeof DOCUMENT_AUDIENCES)[number];

export const AUDIENCE_LABELS: Record<DocumentAudience, string> = {
  'professional-network': 'Professional network',
  'marac-agency': 'Marac member agency',
  victim: 'The victim',
  'person-causing-harm': 'The person causing harm',
  parent: 'A parent or carer',
  school: 'A school, nursery or club',
  child: 'The child',
  interpreter: 'An interpreter',
};

/**
 * How sensitive a field is. General: anyone the document is for may read it. Victim-only: what the
 * victim told us or asked to keep from the person causing harm, and her own plans. Child-views: what a
 * child said, which may be withheld from a parent.
 */
export const FIELD_SENSITIVITIES = ['general', 'victim-only', 'child-views'] as const;
export type FieldSensitivity = (typeof FIELD_SENSITIVITIES)[number];

const NOT_ENTITLED: Record<FieldSensitivity, readonly DocumentAudience[]> = {
  general: [],
  'victim-only': ['person-causing-harm', 'parent', 'school', 'child'],
  'child-views': ['person-causing-harm', 'parent', 'school'],
};

/** Whether an audience may ever receive a field of this sensitivity. */
export function entitled(audience: DocumentAudience, sensitivity: FieldSensitivity): boolean {
  return !NOT_ENTITLED[sensitivity].includes(audience);
}

/** What a recipient may be protected from receiving (the case's must-not-receive list). */
export const PROTECTED_KINDS = ['address', 'contact-details', 'plan-content'] as const;
export type ProtectedKind = (typeof PROTECTED_KINDS)[number];

export type TemplateBlock =
  | { kind: 'heading'; level: 2 | 3; text: string; if?: string }
  | { kind: 'paragraph'; text: string; if?: string }
  | { kind: 'list'; items: string[]; if?: string };

export interface TemplateWording {
  title: string;
  subtitle: string;
  /** The title used when the document is printed in neutral form (it must not say what it is about). */
  neutralTitle?: string;
  /** Replaces the first blocks in neutral form, so the opening lines say nothing about why we write. */
  neutralOpening?: TemplateBlock[];
  blocks: TemplateBlock[];
}

export interface DocumentTemplate {
  name: string;
  /** What the Documents tab calls it: "letter", "safety-plan", "notice". */
  kind: string;
  audiences: DocumentAudience[];
  protects: ProtectedKind[];
  /** Large type and short lines: a child's own plan. */
  style: 'standard' | 'large';
  fields: Record<string, FieldSensitivity>;
  languages: Record<string, TemplateWording>;
}

export class TemplateError extends Error {
  constructor(template: string, problem: string) {
    super(`Template ${template}: ${problem}`);
    this.name = 'TemplateError';
  }
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;
/** Languages as BCP 47 primary tags: en, cy, pl, ur… */
const LANGUAGE = /^[a-z]{2,3}$/;
const NAME = /^[a-z][a-z0-9-]{1,59}$/;

function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

function textsOf(block: TemplateBlock): string[] {
  return block.kind === 'list' ? block.items : [block.text];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOf(template: string, value: unknown, what: string): string {
  if (typeof value !== 'string' || !value.trim()) throw new TemplateError(template, `${what} must be text`);
  return value;
}

function blockOf(template: string, value: unknown, where: string): TemplateBlock {
  if (!isRecord(value)) throw new TemplateError(template, `${where} is not a block`);
  const when = value.if === undefined ? {} : { if: stringOf(template, value.if, `${where}'s "if"`) };
  switch (value.kind) {
    case 'heading': {
      const level = value.level === 3 ? 3 : value.level === 2 ? 2 : null;
      if (level === null) throw new TemplateError(template, `${where} needs level 2 or 3`);
      return { kind: 'heading', level, text: stringOf(template, value.text, `${where}'s text`), ...when };
    }
    case 'paragraph':
      return { kind: 'paragraph', text: stringOf(template, value.text, `${where}'s text`), ...when };
    case 'list': {
      if (!Array.isArray(value.items) || value.items.length === 0) throw new TemplateError(template, `${where} needs items`);
      return { kind: 'list', items: value.items.map((item, i) => stringOf(template, item, `${where} item ${i + 1}`)), ...when };
    }
    default:
      throw new TemplateError(template, `${where} has an unknown kind`);
  }
}

function blocksOf(template: string, value: unknown, where: string): TemplateBlock[] {
  if (!Array.isArray(value)) throw new TemplateError(template, `${where} must be a list of blocks`);
  return value.map((b, i) => blockOf(template, b, `${where} block ${i + 1}`));
}

function wordingOf(template: string, language: string, value: unknown): TemplateWording {
  if (!isRecord(value)) throw new TemplateError(template, `language ${language} is not wording`);
  const wording: TemplateWording = {
    title: stringOf(template, value.title, `${language} title`),
    subtitle: stringOf(template, value.subtitle, `${language} subtitle`),
    blocks: blocksOf(template, value.blocks, language),
  };
  if (value.neutralTitle !== undefined) wording.neutralTitle = stringOf(template, value.neutralTitle, `${language} neutralTitle`);
  if (value.neutralOpening !== undefined) wording.neutralOpening = blocksOf(template, value.neutralOpening, `${language} neutralOpening`);
  return wording;
}

/** The shape of a wording, without its words: every language must have the same one. */
function shapeOf(w: TemplateWording): string {
  const blocks = (bs: TemplateBlock[]) => bs.map((b) => `${b.kind}:${b.if ?? ''}:${textsOf(b).map((t) => placeholdersIn(t).sort().join(',')).join('|')}`).join(';');
  return [placeholdersIn(w.title).sort().join(','), placeholdersIn(w.subtitle).sort().join(','), w.neutralTitle === undefined ? '-' : placeholdersIn(w.neutralTitle).join(','), w.neutralOpening ? blocks(w.neutralOpening) : '-', blocks(w.blocks)].join('#');
}

function fieldsUsed(w: TemplateWording): string[] {
  const texts = [w.title, w.subtitle, w.neutralTitle ?? '', ...[...(w.neutralOpening ?? []), ...w.blocks].flatMap((b) => [...textsOf(b), b.if ? `{${b.if}}` : ''])];
  return texts.flatMap(placeholdersIn);
}

/**
 * Reads a template from its data and checks it: its name, audiences and fields are known; every
 * placeholder is a declared field; every language has the same blocks and placeholders as English;
 * and no field is one an audience of the template is not entitled to. Throws TemplateError otherwise.
 */
export function loadTemplate(data: unknown): DocumentTemplate {
  if (!isRecord(data)) throw new TemplateError('?', 'is not an object');
  const name = typeof data.name === 'string' && NAME.test(data.name) ? data.name : null;
  if (!name) throw new TemplateError('?', 'needs a name of lower-case letters, digits and hyphens');
  const kind = stringOf(name, data.kind, 'kind');
  if (!Array.isArray(data.audiences) || data.audiences.length === 0) throw new TemplateError(name, 'needs at least one audience');
  const audiences = data.audiences.map((a) => {
    if (!(DOCUMENT_AUDIENCES as readonly unknown[]).includes(a)) throw new TemplateError(name, `has an unknown audience ${String(a)}`);
    return a as DocumentAudience;
  });
  const protects = Array.isArray(data.protects) ? data.protects : [];
  for (const p of protects) if (!(PROTECTED_KINDS as readonly unknown[]).includes(p)) throw new TemplateError(name, `protects an unknown kind ${String(p)}`);
  const style = data.style === undefined || data.style === 'standard' ? 'standard' : data.style === 'large' ? 'large' : null;
  if (!style) throw new TemplateError(name, 'has an unknown style');
  if (!isRecord(data.fields)) throw new TemplateError(name, 'needs its fields');
  const fields: Record<string, FieldSensitivity> = {};
  for (const [field, sensitivity] of Object.entries(data.fields)) {
    if (!(FIELD_SENSITIVITIES as readonly unknown[]).includes(sensitivity)) throw new TemplateError(name, `field ${field} has an unknown sensitivity`);
    fields[field] = sensitivity as FieldSensitivity;
  }
  if (!isRecord(data.languages) || !isRecord(data.languages.en)) throw new TemplateError(name, 'needs its English wording');
  const languages: Record<string, TemplateWording> = {};
  for (const [language, wording] of Object.entries(data.languages)) {
    if (!LANGUAGE.test(language)) throw new TemplateError(name, `has an unknown language code ${language}`);
    languages[language] = wordingOf(name, language, wording);
  }
  const english = languages.en as TemplateWording;
  for (const [language, wording] of Object.entries(languages)) {
    for (const field of fieldsUsed(wording)) if (!(field in fields)) throw new TemplateError(name, `uses {${field}} in ${language}, which is not one of its fields`);
    if (shapeOf(wording) !== shapeOf(english)) throw new TemplateError(name, `${language} does not have the same blocks and fields as English`);
  }
  for (const audience of audiences) {
    for (const [field, sensitivity] of Object.entries(fields)) {
      if (!entitled(audience, sensitivity)) throw new TemplateError(name, `is for ${AUDIENCE_LABELS[audience].toLowerCase()}, who must never receive ${field} (${sensitivity})`);
    }
  }
  return { name, kind, audiences, protects: protects as ProtectedKind[], style, fields, languages };
}
