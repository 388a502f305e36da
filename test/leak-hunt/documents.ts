import { expect } from 'vitest';
import type { DocumentAudience } from '../../src/domain/documents/template.js';
import { DocumentError, documentsService } from '../../src/features/documents/service.js';
import type { CurrentUser } from '../../src/platform/auth/current-user.js';
import type { Database } from '../../src/platform/db/database.js';
import { shippedTemplates } from '../../src/platform/documents/templates.js';

/** How many families the hunt builds each run: every combination is made for one of them. */
export const HUNT_ROUNDS = 4;

/** The people on the hunted case whom a document can be for, by audience. */
export interface DocumentRecipients {
  victimId: string;
  harmId: string;
  childId: string;
  /** Another adult on the case (a grandparent): a parent or carer's copy. */
  parentId: string;
}

/** Whose copy a document for an audience is: a person on the case, or someone outside it by name. */
function recipientFor(audience: DocumentAudience, r: DocumentRecipients) {
  switch (audience) {
    case 'victim':
      return { personId: r.victimId, name: 'The victim' };
    case 'person-causing-harm':
      return { personId: r.harmId, name: 'The person causing harm' };
    case 'child':
      return { personId: r.childId, name: 'The child' };
    case 'school':
      return { name: 'The designated safeguarding lead', agency: 'Hunt Primary School' };
    case 'interpreter':
      return { name: 'The interpreter', agency: 'Interpreting service' };
    case 'parent':
      return { personId: r.parentId, name: 'The grandmother' };
    default:
      return { name: 'The core group', agency: 'Children’s services' };
  }
}

/**
 * Makes every shipped document, in every language, for every audience (a person on the case, or a reader
 * outside it by name), through the one document module: what the hunt then fetches as every role (the
 * Documents tab, each record page and each PDF). Every field gets ordinary text; the module must add nothing withheld.
 * Before that, for each document the person causing harm could receive, it tries to plant each withheld
 * value of the family, in each field it writes, and every try must be refused.
 */
export async function makeEveryDocument(db: Database, holder: CurrentUser, caseId: string, r: DocumentRecipients, secrets: readonly string[], round: number): Promise<string[]> {
  const documents = documentsService(db);
  const made: string[] = [];
  let combination = 0;
  for (const template of shippedTemplates().values()) {
    for (const language of Object.keys(template.languages)) {
      for (const audience of template.audiences) {
        // The hunt's families share the combinations: each is made and hunted in one of every four.
        if (combination++ % HUNT_ROUNDS !== round % HUNT_ROUNDS) continue;
        const recipient = recipientFor(audience, r);
        const values = Object.fromEntries(Object.keys(template.fields).map((f) => [f, `Written for the hunt: ${f}`]));
        const input = { caseId, template: template.name, language, audience, recipient, values, from: { team: 'Children’s social care' } };
        if (audience === 'person-causing-harm') {
          // Each withheld value, and each field, is tried at least once.
          const fields = Object.keys(template.fields);
          for (let k = 0; k < Math.max(fields.length, secrets.length); k++) {
            const field = fields[k % fields.length] as string;
            const secret = secrets[k % secrets.length] as string;
            const refused = await documents.make(holder, { ...input, values: { ...values, [field]: `Please note: ${secret}.` } }, 'leak-hunt').then(
              () => false,
              (error: unknown) => error instanceof DocumentError,
            );
            expect(refused, `${template.name} for the person causing harm with withheld value “${secret}” in ${field}`).toBe(true);
          }
        }
        try {
          made.push((await documents.make(holder, input, 'leak-hunt')).id);
        } catch (error) {
          // The victim's safe-contact preferences ask for neutral letters: a document without a neutral form is refused for her.
          if (error instanceof DocumentError && error.field === 'neutral') continue;
          throw error;
        }
      }
    }
  }
  return made;
}
