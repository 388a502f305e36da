import { compareDates, londonDate, type PlainDate } from '../../domain/calendar/plain-date.js';
import type { RiskBand } from '../../domain/marac/criteria.js';
import { scoreChecklist } from '../../domain/risk/checklist.js';
import type { Instrument } from '../../domain/risk/instrument.js';
import { reviewDue, type ReviewDue } from '../../domain/risk/reviews.js';
import type { Trx } from '../../platform/db/database.js';
import type { StoredAnswer, StoredJudgement } from '../../platform/db/risk-schema.js';
import { servicesForBand, type DaService } from '../da-services/service.js';
import { riskSettingsFor, type RiskSettings } from '../risk-settings/service.js';
import { RiskError } from './errors.js';
import type { MaracResult } from './marac-result.js';
import { checklistRow, checklistRowsOf, followUpsOf } from './queries/checklists.js';
import { caseStatus, maracHistoryOf, maracReferralsOf, victimIncidentsSince } from './queries/victim-history.js';
import { bandsFor, instrumentFor, maracEligibility } from './record.js';
import { tenantCatalogue } from './tenant-instruments.js';

export interface ChecklistListing {
  id: string;
  instrumentId: string;
  title: string;
  version: number;
  completedOn: string;
  score: number;
  band: RiskBand | null;
  gaps: number[];
  caseId: string | null;
}

export interface ChecklistView extends ChecklistListing {
  personId: string;
  instrument: Instrument;
  answers: Record<string, StoredAnswer>;
  agency: string | null;
  withVictim: boolean | null;
  victimView: string | null;
  judgement: StoredJudgement | null;
  completedAt: Date;
  followsId: string | null;
  /** Follow-up instruments the answers call for and not yet completed (the stalking screen). */
  offered: { id: string; title: string }[];
  /** Follow-ups already completed (the stalking screen). */
  followUps: { id: string; instrumentId: string; title: string }[];
  marac: MaracResult;
  settings: RiskSettings;
  /** The directory's services for this band. */
  services: DaService[];
}

/** Rows of risk_assessments as listed: newest first. */
export async function checklistsOf(trx: Trx, personId: string): Promise<ChecklistListing[]> {
  const rows = await checklistRowsOf(trx, personId);
  const catalogue = await tenantCatalogue(trx);
  return rows.map((r) => ({
    id: r.id,
    instrumentId: r.instrument_id,
    title: catalogue.find(r.instrument_id, r.instrument_version, r.language)?.title ?? r.instrument_id,
    version: r.instrument_version,
    completedOn: r.completed_on,
    score: r.score,
    band: r.band,
    gaps: r.gaps,
    caseId: r.case_id,
  }));
}

export async function checklistView(trx: Trx, id: string): Promise<ChecklistView> {
  const row = await checklistRow(trx, id);
  if (!row) throw new RiskError(404, 'There is no such checklist');
  const settings = await riskSettingsFor(trx);
  const instrument = await instrumentFor(trx, row.instrument_id, row.instrument_version, row.language, settings);
  const answers: Record<number, StoredAnswer> = Object.fromEntries(Object.entries(row.answers).map(([k, v]) => [Number(k), v]));
  const { offered } = scoreChecklist(instrument, answers, bandsFor(instrument, settings));
  const followRows = await followUpsOf(trx, id);
  const catalogue = await tenantCatalogue(trx);
  const titleOf = (instrumentId: string) => catalogue.find(instrumentId, undefined, row.language)?.title ?? catalogue.find(instrumentId)?.title ?? instrumentId;
  const judgement = row.professional_judgement;
  const marac = await maracEligibility(trx, row.person_id, row.completed_on as PlainDate, settings, judgement?.refer ? { say: 'refer', reason: judgement.reason } : null);
  return {
    id: row.id,
    personId: row.person_id,
    caseId: row.case_id,
    instrumentId: row.instrument_id,
    title: instrument.title,
    version: row.instrument_version,
    completedOn: row.completed_on,
    completedAt: row.completed_at,
    score: row.score,
    band: row.band,
    gaps: row.gaps,
    instrument,
    answers: row.answers,
    agency: row.agency,
    withVictim: row.completed_with_victim,
    victimView: row.victim_view,
    judgement,
    followsId: row.follows_id,
    offered: offered.filter((o) => !followRows.some((f) => f.instrument_id === o)).map((o) => ({ id: o, title: titleOf(o) })),
    followUps: followRows.map((f) => ({ id: f.id, instrumentId: f.instrument_id, title: titleOf(f.instrument_id) })),
    marac,
    settings,
    services: row.band ? await servicesForBand(trx, row.band) : [],
  };
}

/** When the latest banded checklist needs review: weeks after completion, after a new incident, at case closure. */
export async function reviewOf(trx: Trx, latest: { completedOn: string; caseId: string | null }, personId: string, today: PlainDate, reviewWeeks: number): Promise<ReviewDue> {
  const [incidents, kase] = await Promise.all([
    victimIncidentsSince(trx, personId, latest.completedOn),
    latest.caseId ? caseStatus(trx, latest.caseId) : Promise.resolve(undefined),
  ]);
  const completedOn = latest.completedOn as PlainDate;
  const incidentsSince = incidents.map((i) => londonDate(i.occurred_at ?? i.received_at)).filter((d) => compareDates(d, completedOn) > 0);
  const caseClosedOn = kase?.status === 'closed' && kase.closed_at ? londonDate(new Date(kase.closed_at)) : null;
  return reviewDue({ completedOn, reviewWeeks, incidentsSince, caseClosedOn, today });
}

export interface PersonRisk {
  checklists: ChecklistListing[];
  latest: ChecklistListing | null;
  marac: MaracResult;
  review: ReviewDue | null;
  settings: RiskSettings;
  referrals: { id: string; referredOn: string; repeat: boolean; agency: string | null }[];
  /** Each referral with its decision, the meetings it was heard at, and their actions with outcomes. */
  maracHistory: Awaited<ReturnType<typeof maracHistoryOf>>;
}

export async function personRisk(trx: Trx, personId: string, today: PlainDate): Promise<PersonRisk> {
  const settings = await riskSettingsFor(trx);
  const checklists = await checklistsOf(trx, personId);
  const latest = checklists.find((c) => c.band !== null) ?? null;
  const [marac, review, referrals, maracHistory] = await Promise.all([
    maracEligibility(trx, personId, today, settings),
    latest ? reviewOf(trx, latest, personId, today, settings.reviewWeeks) : Promise.resolve(null),
    maracReferralsOf(trx, personId),
    maracHistoryOf(trx, personId),
  ]);
  return { checklists, latest, marac, review, settings, referrals: referrals.map((r) => ({ id: r.id, referredOn: r.referred_on, repeat: r.repeat, agency: r.referring_agency })), maracHistory };
}

/** The person's latest banded checklist in brief, with when it is due for review: for the MASH's history and decision pages. */
export interface LatestChecklist {
  id: string;
  title: string;
  completedOn: string;
  score: number;
  band: RiskBand;
  review: ReviewDue;
}

export async function latestChecklistOf(trx: Trx, personId: string, today: PlainDate): Promise<LatestChecklist | null> {
  const latest = (await checklistsOf(trx, personId)).find((c) => c.band !== null);
  if (!latest?.band) return null;
  const settings = await riskSettingsFor(trx);
  const review = await reviewOf(trx, latest, personId, today, settings.reviewWeeks);
  return { id: latest.id, title: latest.title, completedOn: latest.completedOn, score: latest.score, band: latest.band, review };
}
