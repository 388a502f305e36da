import { londonDate, type PlainDate } from '../../domain/calendar/plain-date.js';
import { MaracJudgementError, maracCriteria, serviceForBand, type ProfessionalJudgement, type RiskBand } from '../../domain/marac/criteria.js';
import { answerProblems, scoreChecklist, type ChecklistAnswers } from '../../domain/risk/checklist.js';
import type { Instrument, InstrumentBands } from '../../domain/risk/instrument.js';
import { requireAccess } from '../../platform/access/decide.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { StoredAnswer } from '../../platform/db/risk-schema.js';
import type { Trx } from '../../platform/db/database.js';
import { auditActorOf as auditActor, tenantOfCaller as tenantOfActor, type Caller as Actor } from '../../platform/auth/caller.js';
import { servicesForBand, type DaService } from '../da-services/service.js';
import { maracSettingsOf, riskSettingsFor, type RiskSettings } from '../risk-settings/service.js';
import { RiskError } from './errors.js';
import { maracFacts } from './marac-facts.js';
import { maracResult, type MaracResult } from './marac-result.js';
import { insertChecklist } from './queries/checklists.js';
import { caseMembership, caseRecord, personRecord } from './queries/subjects.js';
import { tenantCatalogue } from './tenant-instruments.js';

export type { Caller as Actor } from '../../platform/auth/caller.js';

/** One problem with what was sent, where it is: the API answers with all of them. */
export class RiskInputError extends RiskError {
  constructor(problems: { path: string; message: string }[]) {
    super(400, problems[0]?.message ?? 'Check what was sent', problems[0]?.path.replace(/^\//, '') ?? 'form', problems);
  }
}

export interface ChecklistInput {
  personId: string;
  caseId: string | null;
  instrument: string;
  version?: number;
  language?: string;
  completedAt: Date;
  /** Keyed by question number; each answer with its source (when not the victim) and a comment. */
  answers: Record<string, { answer: unknown; source?: string; comment?: string }>;
  agency?: string;
  withVictim?: boolean;
  victimView?: string;
  judgement?: { refer: boolean; reason?: string };
  followsId?: string | null;
}

export interface SuggestedService {
  kind: 'idsva' | 'floating-support' | 'victim-support';
  band: RiskBand;
  services: DaService[];
}

export interface RecordedChecklist {
  id: string;
  instrument: { id: string; version: number; language: string; title: string };
  score: number;
  band: RiskBand | null;
  gaps: number[];
  offered: string[];
  marac: MaracResult;
  suggestedService: SuggestedService | null;
}

/**
 * The person (and case) a checklist or referral is about, which this actor must be able to open:
 * recording needs the person's record open to them; reading back needs a relationship (`risk:view`).
 */
export async function requireSubject(trx: Trx, actor: Actor, personId: string, caseId: string | null, action: 'risk:view' | 'risk:record' | 'marac:refer' = 'risk:record'): Promise<void> {
  const person = await personRecord(trx, personId);
  if (!person) throw new RiskError(actor.kind === 'api' ? 400 : 404, 'There is no person record with this id', 'personId');
  if (actor.kind !== 'user') {
    if (person.restricted) throw new RiskError(403, 'This record is restricted: ask a manager for access', 'personId');
  } else {
    await requireAccess(trx, actor.user, action, { kind: 'person', id: personId });
  }
  if (!caseId) return;
  const kase = await caseRecord(trx, caseId);
  if (!kase) throw new RiskError(400, 'There is no case with this id', 'caseId');
  if (actor.kind === 'user') await requireAccess(trx, actor.user, 'case:view', { kind: 'case', id: caseId });
  const member = await caseMembership(trx, caseId, personId);
  if (!member) throw new RiskError(400, 'This person is not on that case', 'caseId');
}

/** The bands a checklist is scored with: the local authority's for the Dash, the instrument's own for any other. */
export function bandsFor(instrument: Instrument, settings: RiskSettings): InstrumentBands | undefined {
  return instrument.id === 'dash-ric' ? settings.bands : instrument.bands;
}

export async function instrumentFor(trx: Trx, id: string, version: number | undefined, language: string | undefined, settings: RiskSettings): Promise<Instrument> {
  const catalogue = await tenantCatalogue(trx);
  const chosen = version ?? settings.instrumentVersions[id];
  const instrument = catalogue.find(id, chosen, language ?? 'en');
  if (!instrument) {
    const versions = catalogue.versions(id);
    throw new RiskInputError([
      versions.length
        ? { path: '/version', message: `There is no version ${chosen ?? ''} of ${id} in ${language ?? 'en'}: versions held are ${versions.join(', ')}` }
        : { path: '/instrument', message: `There is no risk instrument called ${id}` },
    ]);
  }
  return instrument;
}

function cleanAnswers(instrument: Instrument, raw: ChecklistInput['answers']): ChecklistAnswers {
  const problems = answerProblems(instrument, Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.answer])));
  const tooLong = Object.entries(raw).flatMap(([k, v]) =>
    (v.source?.length ?? 0) > 500 || (v.comment?.length ?? 0) > 2000 ? [{ path: `/answers/${k}`, message: `Keep the source of question ${k} to 500 characters and its comment to 2000` }] : [],
  );
  if (problems.length || tooLong.length) throw new RiskInputError([...problems, ...tooLong]);
  const answers: ChecklistAnswers = {};
  for (const [k, v] of Object.entries(raw)) {
    answers[Number(k)] = { answer: v.answer as StoredAnswer['answer'], ...(v.source?.trim() ? { source: v.source.trim() } : {}), ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}) };
  }
  return answers;
}

function judgementOf(input: ChecklistInput['judgement']): ProfessionalJudgement {
  if (!input) return null;
  const reason = input.reason?.trim() ?? '';
  if (input.refer && !reason) throw new RiskInputError([{ path: '/professionalJudgement/reason', message: 'Give the reason for referring to the Marac on professional judgement' }]);
  if (reason.length > 2000) throw new RiskInputError([{ path: '/professionalJudgement/reason', message: 'Give a reason of 2000 characters or fewer' }]);
  return { say: input.refer ? 'refer' : 'do-not-refer', reason };
}

/**
 * What the Marac criteria say about this person on this date, from everything recorded up to it. The
 * judgement is the one being recorded now; without one, a referral on judgement with the latest checklist stands.
 */
export async function maracEligibility(trx: Trx, personId: string, date: PlainDate, settings: RiskSettings, judgement?: ProfessionalJudgement): Promise<MaracResult> {
  const marac = maracSettingsOf(settings);
  const facts = await maracFacts(trx, personId, date, marac);
  try {
    return maracResult(maracCriteria({ ...facts, judgement: judgement === undefined ? facts.latestJudgement : judgement }, marac), facts.incidentSources);
  } catch (error) {
    if (error instanceof MaracJudgementError) throw new RiskError(422, error.message, 'professionalJudgement');
    throw error;
  }
}

/**
 * Records a completed checklist: scored and banded now, kept with its instrument version, never
 * changed afterwards. Answers with the Marac criteria as they stand with it, and where to refer the victim.
 */
export async function recordChecklist(trx: Trx, actor: Actor, input: ChecklistInput, requestId: string | null): Promise<RecordedChecklist> {
  if (input.completedAt.getTime() > Date.now() + 5 * 60_000) throw new RiskInputError([{ path: '/completedAt', message: 'The date completed cannot be in the future' }]);
  const settings = await riskSettingsFor(trx);
  const instrument = await instrumentFor(trx, input.instrument, input.version, input.language, settings);
  await requireSubject(trx, actor, input.personId, input.caseId);
  const answers = cleanAnswers(instrument, input.answers);
  const judgement = judgementOf(input.judgement);
  const { score, band, gaps, offered } = scoreChecklist(instrument, answers, bandsFor(instrument, settings));
  const completedOn = londonDate(input.completedAt);

  const id = await insertChecklist(trx, {
    tenant_id: tenantOfActor(actor),
    person_id: input.personId,
    case_id: input.caseId,
    instrument_id: instrument.id,
    instrument_version: instrument.version,
    language: instrument.language,
    completed_at: input.completedAt,
    completed_on: completedOn,
    recorded_by: actor.kind === 'user' ? actor.user.id : null,
    api_client_id: actor.kind === 'api' ? actor.client.id : null,
    agency: input.agency?.trim() || null,
    completed_with_victim: input.withVictim ?? null,
    victim_view: input.victimView?.trim() || null,
    answers: JSON.stringify(answers),
    score,
    band,
    gaps,
    professional_judgement: judgement ? JSON.stringify({ refer: judgement.say === 'refer', reason: judgement.reason }) : null,
    follows_id: input.followsId ?? null,
  });

  // The criteria are checked with this checklist in place, so "do not refer" against its own 14+ is refused.
  const marac = await maracEligibility(trx, input.personId, completedOn, settings, judgement);
  const kind = band ? serviceForBand(band) : null;
  const suggestedService = band && kind ? { kind, band, services: await servicesForBand(trx, band) } : null;
  await recordAudit(trx, tenantOfActor(actor), {
    ...auditActor(actor),
    action: 'risk-checklist.complete',
    subjectType: 'person',
    subjectId: input.personId,
    requestId,
    details: { checklistId: id, instrument: instrument.id, version: instrument.version, score, band },
  });
  return {
    id,
    instrument: { id: instrument.id, version: instrument.version, language: instrument.language, title: instrument.title },
    score,
    band,
    gaps,
    offered,
    marac,
    suggestedService,
  };
}
