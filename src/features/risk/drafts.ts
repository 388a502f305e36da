import { isAnswer, type Instrument } from '../../domain/risk/instrument.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Trx } from '../../platform/db/database.js';
import type { DraftDetails, StoredAnswer } from '../../platform/db/risk-schema.js';
import { riskSettingsFor } from '../risk-settings/service.js';
import { RiskError } from './errors.js';
import { checklistSubject } from './queries/checklists.js';
import { draftRow, insertDraft, saveDraftAnswers, saveDraftDetails } from './queries/drafts.js';
import { personName } from './queries/subjects.js';
import { instrumentFor, requireSubject } from './record.js';

/** A checklist being filled in, with the instrument version it was started on. */
export interface Draft {
  id: string;
  personId: string;
  /** Whom the checklist is about, to show on every page of it. */
  personName: string;
  caseId: string | null;
  followsId: string | null;
  instrument: Instrument;
  answers: Record<string, StoredAnswer>;
  details: DraftDetails;
  startedAt: Date;
}

/** One question's answer as a section form sends it. */
export interface SectionAnswer {
  number: number;
  answer: string;
  source: string;
  comment: string;
}

/** The draft, which only the person who started it may continue. */
export async function loadDraft(trx: Trx, user: CurrentUser, draftId: string): Promise<Draft> {
  const row = await draftRow(trx, draftId);
  if (!row || row.started_by !== user.id) throw new RiskError(404, 'There is no such checklist in progress');
  await requireSubject(trx, { kind: 'user', user }, row.person_id, row.case_id);
  const instrument = await instrumentFor(trx, row.instrument_id, row.instrument_version, row.language, await riskSettingsFor(trx));
  const person = await personName(trx, row.person_id);
  return { id: row.id, personId: row.person_id, personName: `${person.given_name} ${person.family_name}`, caseId: row.case_id, followsId: row.follows_id, instrument, answers: row.answers, details: row.details, startedAt: row.started_at };
}

/**
 * Audits a step of an unfinished checklist (`risk-checklist.draft-start`, `draft-save`, `draft-abandon`):
 * the draft, its instrument and the part saved, never the answers.
 */
export async function auditDraft(
  trx: Trx,
  user: CurrentUser,
  step: 'draft-start' | 'draft-save' | 'draft-abandon',
  draft: { id: string; personId: string; instrument: { id: string; version: number } },
  requestId: string | null,
  more: Record<string, string | null> = {},
): Promise<void> {
  await recordAudit(trx, user.tenantId, {
    actorType: 'user',
    actorId: user.id,
    action: `risk-checklist.${step}`,
    subjectType: 'person',
    subjectId: draft.personId,
    requestId,
    details: { draftId: draft.id, instrument: draft.instrument.id, version: draft.instrument.version, ...more },
  });
}

export async function startDraft(
  trx: Trx,
  user: CurrentUser,
  input: { personId: string; caseId: string | null; instrument: string; language?: string; followsId?: string | null },
  requestId: string | null = null,
): Promise<string> {
  await requireSubject(trx, { kind: 'user', user }, input.personId, input.caseId);
  const instrument = await instrumentFor(trx, input.instrument, undefined, input.language, await riskSettingsFor(trx)).catch(() => {
    throw new RiskError(400, 'Choose a checklist', 'instrument');
  });
  if (input.followsId) {
    const follows = await checklistSubject(trx, input.followsId);
    if (!follows || follows.person_id !== input.personId) throw new RiskError(400, 'The checklist this follows is not about this person', 'followsId');
  }
  const id = await insertDraft(trx, {
    tenant_id: user.tenantId,
    person_id: input.personId,
    case_id: input.caseId,
    instrument_id: instrument.id,
    instrument_version: instrument.version,
    language: instrument.language,
    follows_id: input.followsId ?? null,
    started_by: user.id,
  });
  await auditDraft(trx, user, 'draft-start', { id, personId: input.personId, instrument }, requestId, { caseId: input.caseId, followsId: input.followsId ?? null });
  return id;
}

/** Saves one section's answers; a question left blank is a gap, not a no. */
export async function saveSection(trx: Trx, user: CurrentUser, draft: Draft, sectionId: string, given: readonly SectionAnswer[], requestId: string | null = null): Promise<void> {
  const questions = draft.instrument.questions.filter((q) => q.section === sectionId);
  if (!questions.length) throw new RiskError(404, 'There is no such section');
  const answers = { ...draft.answers };
  for (const q of questions) {
    const sent = given.find((g) => g.number === q.number);
    const source = sent?.source.trim() ?? '';
    const comment = sent?.comment.trim() ?? '';
    if (source.length > 500) throw new RiskError(400, `Keep who gave the answer to question ${q.number} to 500 characters`, `q${q.number}-source`);
    if (comment.length > 2000) throw new RiskError(400, `Keep the comment on question ${q.number} to 2000 characters`, `q${q.number}-comment`);
    if (!sent?.answer) {
      delete answers[q.number];
      if (source || comment) throw new RiskError(400, `Answer question ${q.number}, or clear its source and comment`, `q${q.number}`);
      continue;
    }
    if (!isAnswer(sent.answer) || !q.options.includes(sent.answer)) throw new RiskError(400, `Choose an answer to question ${q.number}`, `q${q.number}`);
    answers[q.number] = { answer: sent.answer, ...(source ? { source } : {}), ...(comment ? { comment } : {}) };
  }
  await saveDraftAnswers(trx, draft.id, answers);
  await auditDraft(trx, user, 'draft-save', draft, requestId, { sectionId });
}

/** Saves the details (when, which agency, with the victim, judgement): audited as the `details` page saved. */
export async function saveDetails(trx: Trx, user: CurrentUser, draft: Draft, details: DraftDetails, requestId: string | null = null): Promise<void> {
  await saveDraftDetails(trx, draft.id, details);
  await auditDraft(trx, user, 'draft-save', draft, requestId, { page: 'details' });
}

/** The section after this one, or null after the last. */
export function nextSection(instrument: Instrument, sectionId: string): string | null {
  const index = instrument.sections.findIndex((s) => s.id === sectionId);
  return instrument.sections[index + 1]?.id ?? null;
}
