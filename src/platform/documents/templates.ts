import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTemplate, TemplateError, type DocumentTemplate } from '../../domain/documents/template.js';
import { projectRoot } from '../config.js';

/** The templates the service ships: one JSON file each (src/domain/documents/templates/<name>.json). */
export const SHIPPED_TEMPLATES_DIR = join(projectRoot, 'src', 'domain', 'documents', 'templates');

/** Every template in a folder, each checked as it is loaded (loadTemplate): one bad file stops them all. */
export function loadTemplateFolder(dir: string): Map<string, DocumentTemplate> {
  const templates = new Map<string, DocumentTemplate>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      throw new TemplateError(file, `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const template = loadTemplate(data);
    if (`${template.name}.json` !== file) throw new TemplateError(file, `is named ${template.name}: name the file ${template.name}.json`);
    templates.set(template.name, template);
  }
  return templates;
}

let shipped: Map<string, DocumentTemplate> | null = null;

/** The shipped templates, loaded and checked once. */
export function shippedTemplates(): Map<string, DocumentTemplate> {
  shipped ??= loadTemplateFolder(SHIPPED_TEMPLATES_DIR);
  return shipped;
}

export function shippedTemplate(name: string): DocumentTemplate | null {
  return shippedTemplates().get(name) ?? null;
}
