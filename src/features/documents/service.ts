import { Readable } from 'node:stream';
import { londonDate } from '../../domain/calendar/plain-date.js';
import { fillTemplate, type FieldValues } from '../../domain/documents/fill.js';
import { AUDIENCE_LABELS, TemplateError, type DocumentAudience, type DocumentTemplate } from '../../domain/documents/template.js';
import { appearsIn } from '../../domain/redaction/confidential.js';
import { requireAccess } from '../../platform/access/decide.js';
import type { Actor } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { keepCopy, type CopyFor } from '../../platform/documents/copies.js';
import { renderPdf } from '../../platform/documents/pdf.js';
import type { Paper } from '../../platform/documents/paper.js';
import { shippedTemplate } from '../../platform/documents/templates.js';
import { ServiceError } from '../../platform/http/service-error.js';
import { mayReceive, PROTECTED_INFORMATION_LABELS } from '../safety/service.js';
import { DISCLOSURE_METHODS, LAWFUL_BASES, type DisclosureMethod, type LawfulBasis } from '../../domain/documents/disclosure.js';
import * as q from './queries.js';

export class DocumentError extends ServiceError {}

/** How much of a kept PDF is read from the database at a time as it is sent. */
export const PDF_PIECE_BYTES = 16 * 1024;

export type CaseRole = Awaited<ReturnType<typeof q.recipients>>[number]['role'];

/** The audience a person on the case is, by their part in it: a document for them is for that audience and no other. */
export const AUDIENCE_OF_ROLE: Record<CaseRole, DocumentAudience> = {
  'adult-victim': 'victim',
  'person-causing-harm': 'person-causing-harm',
  child: 'child',
  'other-adult': 'parent',
  supporter: 'parent',
};

/** The audiences that are a person in the family. */
const PERSON_AUDIENCES: readonly DocumentAudience[] = Object.values(AUDIENCE_OF_ROLE);

/** The handling line on every page, in the document's language. */
const HANDLING: Record<string, (name: string) => string> = {
  en: (name) => `Private. For ${name} only.`,
  cy: (name) => `Preifat. I ${name} yn unig.`,
  pl: (name) => `Prywatne. Tylko dla: ${name}.`,
};
const PROFESSIONAL_HANDLING = 'Official – sensitive. For the professionals working with this family; do not pass on.';

export interface MakeDocument {
  caseId: string;
  template: string;
  language: string;
  audience: DocumentAudience;
  /** Whose copy: a person on the case (their audience must be theirs), or a professional or setting by name. */
  recipient: { personId?: string | null; name: string; agency?: string | null };
  values: FieldValues;
  /** The sender as the top of the document shows it: the team, and the council. */
  from?: { team: string };
  neutral?: boolean;
  corrects?: string | null;
  /** A photograph for the print page (a no-contact notice's), by the address of its access-checked route. */
  photo?: Paper['photo'];
  /** The photograph's bytes, drawn in the PDF (never kept in the paper itself). */
  photoBytes?: Buffer;
}

export type DocumentListItem = Awaited<ReturnType<typeof q.caseDocuments>>[number];


function valueTexts(values: FieldValues): Array<[string, string]> {
  return Object.entries(values).flatMap(([field, v]) => (typeof v === 'string' ? [[field, v] as [string, string]] : v.map((t) => [field, t] as [string, string])));
}

/**
 * Free text in a document may never hold a withheld address, contact detail, safe number or code word,
 * whoever it is for (the presenter never puts them in a document either); and for a recipient on the
 * case's must-not-receive list, not anyone else's address or contact details at all.
 */
async function refuseProtectedText(trx: Trx, caseId: string, recipientPersonId: string | null, values: FieldValues): Promise<void> {
  const held = await q.protectedValues(trx, caseId);
  const barred = recipientPersonId ? await mayReceive(trx, caseId, recipientPersonId, ['address', 'contact-details']) : ({ allowed: true } as const);
  const barredKinds = new Set(barred.allowed ? [] : barred.withhold);
  for (const [field, text] of valueTexts(values)) {
    for (const h of held) {
      const forbidden = h.withheld || (barredKinds.has(h.kind) && h.personId !== recipientPersonId);
      if (forbidden && appearsIn(h.value, text)) {
        throw new DocumentError(400, h.withheld ? 'This holds an address or contact detail that is withheld: take it out' : 'This holds an address or contact detail the recipient must not receive: take it out', field);
      }
    }
  }
}

/**
 * One document module: every case document is made, kept, listed, shown and disclosed here. The
 * templates are the shipped ones; a test may hand in others (the leak hunt plants a leak in one).
 */
export function documentsService(db: Database, options: { templates?: (name: string) => DocumentTemplate | null } = {}) {
  const templateNamed = options.templates ?? shippedTemplate;
  function templateOf(name: string): DocumentTemplate {
    const template = templateNamed(name);
    if (!template) throw new DocumentError(400, 'Choose a kind of document', 'template');
    return template;
  }

  const audit = (trx: Trx, user: CurrentUser, action: string, caseId: string, requestId: string, details: Record<string, unknown>) =>
    recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action, subjectType: 'case', subjectId: caseId, requestId, details });

  /** Every check, then the document's words: what the PDF is written from. Throws DocumentError when the document may not be made. */
  async function prepare(trx: Trx, user: CurrentUser, input: MakeDocument): Promise<{ paper: Paper; copyFor: CopyFor; details: Record<string, unknown> }> {
    await requireAccess(trx, user, 'case:edit', { kind: 'case', id: input.caseId });
    const template = templateOf(input.template);
    if (!template.languages[input.language]) throw new DocumentError(400, 'Choose a language this document is written in', 'language');
    if (!template.audiences.includes(input.audience)) throw new DocumentError(400, `This document is not for ${AUDIENCE_LABELS[input.audience].toLowerCase()}`, 'recipient');
    const recipientName = input.recipient.name.trim();
    if (!recipientName || recipientName.length > 200) throw new DocumentError(400, 'Give the name of the person it is for, in 200 characters or fewer', 'recipient');
    let neutral = input.neutral ?? false;
    const personId = input.recipient.personId ?? null;
    // A copy for someone in the family is for a person on the case, so that their part in it, their
    // must-not-receive entries and their safe-contact preferences are always the ones checked.
    if (!personId && PERSON_AUDIENCES.includes(input.audience)) throw new DocumentError(400, 'Choose the person on this case it is for', 'recipient');
    if (personId) {
      const person = (await q.recipients(trx, input.caseId)).find((r) => r.id === personId);
      if (!person) throw new DocumentError(400, 'Choose a person on this case', 'recipient');
      if (AUDIENCE_OF_ROLE[person.role] !== input.audience) throw new DocumentError(400, `${person.given_name} ${person.family_name} is ${AUDIENCE_LABELS[AUDIENCE_OF_ROLE[person.role]].toLowerCase()} on this case: this document is not for them`, 'recipient');
      const decision = await mayReceive(trx, input.caseId, personId, template.protects);
      if (!decision.allowed) throw new DocumentError(400, `${person.given_name} ${person.family_name} must not receive ${decision.withhold.map((w) => PROTECTED_INFORMATION_LABELS[w].toLowerCase()).join(' or ')} from this case`, 'recipient');
      // Their safe-contact preference decides, not the person writing.
      if (person.neutral_letters) neutral = true;
    }
    if (neutral && !template.languages[input.language]?.neutralTitle) throw new DocumentError(400, 'Letters to this person must be neutral, and this document has no neutral form', 'neutral');
    await refuseProtectedText(trx, input.caseId, personId, input.values);
    let filled;
    try {
      filled = fillTemplate(template, input.language, input.audience, input.values, neutral);
    } catch (error) {
      if (error instanceof TemplateError) throw new DocumentError(400, 'This document cannot be made with what was given', 'template');
      throw error;
    }
    if (input.corrects) {
      const old = await q.caseDocument(trx, input.caseId, input.corrects);
      if (!old) throw new DocumentError(404, 'There is no such document on this case');
      if (old.corrected_by) throw new DocumentError(400, 'That document has already been corrected: correct the newest one', 'corrects');
    }
    const council = (await q.tenantName(trx, user.tenantId)).name;
    const professional = input.audience === 'professional-network' || input.audience === 'marac-agency' || input.audience === 'interpreter';
    const paper: Paper = {
      kind: template.kind,
      title: filled.title,
      subtitle: filled.subtitle,
      // A neutral letter's envelope and top say who it is from without saying what it is about.
      sender: neutral || !input.from ? council : `${input.from.team}, ${council}`,
      audience: input.audience,
      recipient: { name: recipientName, agency: input.recipient.agency?.trim() || null },
      handling: professional ? PROFESSIONAL_HANDLING : (HANDLING[input.language] ?? (HANDLING.en as (name: string) => string))(recipientName),
      blocks: filled.blocks,
      language: input.language,
      style: template.style,
      ...(input.photo ? { photo: input.photo } : {}),
    };
    const copyFor: CopyFor = {
      tenantId: user.tenantId,
      subject: { type: 'case', id: input.caseId },
      recipientUserId: null,
      recipientAgencyId: null,
      caseDocument: { template: template.name, recipientPersonId: personId, madeBy: user.id, neutral, correctsId: input.corrects ?? null, values: input.values },
    };
    return { paper, copyFor, details: { template: template.name, language: input.language, audience: input.audience, neutral, corrects: input.corrects ?? null } };
  }

  async function keep(trx: Trx, user: CurrentUser, caseId: string, prepared: Awaited<ReturnType<typeof prepare>>, pdf: Buffer, requestId: string): Promise<{ id: string }> {
    const copy = await keepCopy(trx, prepared.paper, pdf, prepared.copyFor);
    await audit(trx, user, 'document.make', caseId, requestId, { documentId: copy.id, ...prepared.details, sha256: copy.sha256 });
    return { id: copy.id };
  }

  /** Makes a document inside a change of the caller's own (a plan printed as it is saved): the PDF is written in that transaction. */
  async function makeIn(trx: Trx, user: CurrentUser, input: MakeDocument, requestId: string): Promise<{ id: string }> {
    const prepared = await prepare(trx, user, input);
    return keep(trx, user, input.caseId, prepared, await renderPdf(prepared.paper, input.photoBytes), requestId);
  }

  /**
   * Makes a document and keeps it. The PDF (the slow part) is written between two transactions: the
   * first checks and fills, the second checks again as it keeps the copy (were anything to have changed
   * in between, a neutral-letters preference say, the PDF is written again from what holds now).
   */
  async function make(user: CurrentUser, input: MakeDocument, requestId: string): Promise<{ id: string }> {
    const first = await db.tenant(user.tenantId, (trx) => prepare(trx, user, input));
    const pdf = await renderPdf(first.paper, input.photoBytes);
    return db.tenant(user.tenantId, async (trx) => {
      const now = await prepare(trx, user, input);
      const same = JSON.stringify(now.paper) === JSON.stringify(first.paper);
      return keep(trx, user, input.caseId, now, same ? pdf : await renderPdf(now.paper, input.photoBytes), requestId);
    });
  }

  return {
    /** Makes a document and keeps it, on its own. */
    make,
    /** The same inside another feature's transaction. */
    makeIn,

    list: (actor: Actor, caseId: string) =>
      db.tenant(actor.tenantId, async (trx) => {
        await requireAccess(trx, actor, 'case:view', { kind: 'case', id: caseId });
        return q.caseDocuments(trx, caseId);
      }),

    recipients: (actor: Actor, caseId: string) =>
      db.tenant(actor.tenantId, async (trx) => {
        await requireAccess(trx, actor, 'case:view', { kind: 'case', id: caseId });
        return q.recipients(trx, caseId);
      }),

    /** A document as it was made, with every disclosure of it. */
    view: (actor: Actor, caseId: string, documentId: string) =>
      db.tenant(actor.tenantId, async (trx) => {
        await requireAccess(trx, actor, 'case:view', { kind: 'case', id: caseId });
        const document = await q.caseDocument(trx, caseId, documentId);
        if (!document) throw new DocumentError(404, 'There is no such document on this case');
        const stored = document.paper as Paper & { values?: FieldValues };
        return { document, paper: stored, disclosures: await q.disclosuresOf(trx, documentId) };
      }),

    /**
     * The kept PDF, checked and audited, then read in pieces as it is sent: a large document never has
     * to be held whole in the server's memory to be served.
     */
    pdf: async (user: CurrentUser, caseId: string, documentId: string, requestId: string) => {
      const pdf = await db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:view', { kind: 'case', id: caseId });
        const found = await q.documentPdf(trx, caseId, documentId);
        if (!found) throw new DocumentError(404, 'There is no such document on this case');
        await audit(trx, user, 'document.download', caseId, requestId, { documentId });
        return found;
      });
      async function* pieces(): AsyncGenerator<Buffer> {
        for (let from = 0; from < pdf.size; from += PDF_PIECE_BYTES) yield await db.tenant(user.tenantId, (trx) => q.documentPdfPiece(trx, caseId, documentId, from, PDF_PIECE_BYTES));
      }
      return { ...pdf, content: Readable.from(pieces()) };
    },

    /** Records that a document went to someone: to whom, when, how, and the lawful basis. */
    disclose: (user: CurrentUser, caseId: string, documentId: string, input: { recipient: string; disclosedOn: string; method: string; lawfulBasis: string; note: string }, requestId: string) =>
      db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        if (!(await q.caseDocument(trx, caseId, documentId))) throw new DocumentError(404, 'There is no such document on this case');
        const recipient = input.recipient.trim();
        if (!recipient) throw new DocumentError(400, 'Say who it went to', 'recipient');
        if (recipient.length > 200) throw new DocumentError(400, 'Write 200 characters or fewer', 'recipient');
        if (!(DISCLOSURE_METHODS as readonly string[]).includes(input.method)) throw new DocumentError(400, 'Choose how it was sent', 'method');
        if (!(LAWFUL_BASES as readonly string[]).includes(input.lawfulBasis)) throw new DocumentError(400, 'Choose the lawful basis for sharing it', 'lawfulBasis');
        if (!/^\d{4}-\d{2}-\d{2}$/.test(input.disclosedOn) || input.disclosedOn > londonDate(new Date())) throw new DocumentError(400, 'Give the date it was sent, today or earlier', 'disclosedOn');
        const note = input.note.trim();
        if (note.length > 1000) throw new DocumentError(400, 'Write 1,000 characters or fewer', 'note');
        await q.insertDisclosure(trx, { tenantId: user.tenantId, documentId, recipient, disclosedOn: input.disclosedOn, method: input.method as DisclosureMethod, lawfulBasis: input.lawfulBasis as LawfulBasis, note: note || null, by: user.id });
        await audit(trx, user, 'document.disclose', caseId, requestId, { documentId, method: input.method, lawfulBasis: input.lawfulBasis });
      }),
  };
}

export type DocumentsService = ReturnType<typeof documentsService>;
export { AUDIENCE_LABELS, type DocumentAudience } from '../../domain/documents/template.js';
