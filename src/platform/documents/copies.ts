import { createHash } from 'node:crypto';
import type { Trx } from '../db/database.js';
import type { Paper } from './paper.js';
import { renderPdf } from './pdf.js';

export interface CopyFor {
  tenantId: string;
  subject: { type: 'marac-meeting' | 'marac-case' | 'case'; id: string };
  recipientUserId: string | null;
  recipientAgencyId: string | null;
  /** A case's document: the template it was made from, the person it is for, who made it, what it corrects. */
  caseDocument?: { template: string; recipientPersonId: string | null; madeBy: string; neutral: boolean; correctsId: string | null; values: Readonly<Record<string, string | readonly string[]>> };
}

/** Makes the PDF of a paper for its recipient and keeps the copy, unchanged, with its hash: the record of who got what, when. */
export async function makeCopy(trx: Trx, paper: Paper, to: CopyFor): Promise<{ id: string; pdf: Buffer; sha256: string }> {
  return keepCopy(trx, paper, await renderPdf(paper), to);
}

/** Keeps a copy whose PDF was already made from this paper (made outside the transaction, so it holds no locks while it is written). */
export async function keepCopy(trx: Trx, paper: Paper, pdf: Buffer, to: CopyFor): Promise<{ id: string; pdf: Buffer; sha256: string }> {
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const row = await trx
    .insertInto('document_copies')
    .values({
      tenant_id: to.tenantId,
      kind: paper.kind,
      subject_type: to.subject.type,
      subject_id: to.subject.id,
      title: paper.title,
      audience: paper.audience,
      recipient_user_id: to.recipientUserId,
      recipient_name: paper.recipient.name,
      recipient_agency_id: to.recipientAgencyId,
      sha256,
      content: pdf,
      language: paper.language ?? 'en',
      ...(to.caseDocument && {
        case_id: to.subject.id,
        template: to.caseDocument.template,
        neutral: to.caseDocument.neutral,
        // What the print page shows (the very blocks the PDF was written from), and what was filled in, for a correction.
        paper: JSON.stringify({ ...paper, values: to.caseDocument.values }),
        recipient_person_id: to.caseDocument.recipientPersonId,
        made_by: to.caseDocument.madeBy,
        corrects_id: to.caseDocument.correctsId,
      }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, pdf, sha256 };
}

/** The copies made of papers about these subjects, newest first (without their content). */
export function copiesOf(trx: Trx, subjectIds: readonly string[]) {
  if (!subjectIds.length) return Promise.resolve([]);
  return trx
    .selectFrom('document_copies')
    .select(['id', 'kind', 'title', 'subject_type', 'subject_id', 'recipient_name', 'recipient_agency_id', 'made_at', 'sha256'])
    .where('subject_id', 'in', subjectIds)
    .orderBy('made_at', 'desc')
    .execute();
}
