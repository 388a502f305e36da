import { londonDate, type PlainDate } from '../../domain/calendar/plain-date.js';
import { scoreChecklist, type ChecklistAnswers } from '../../domain/risk/checklist.js';
import type { ReviewDue } from '../../domain/risk/reviews.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import type { DraftDetails } from '../../platform/db/risk-schema.js';
import { tenantOfCaller as tenantOfActor } from '../../platform/auth/caller.js';
import { riskSettingsFor } from '../risk-settings/service.js';
import { auditDraft, loadDraft, saveDetails, saveSection, startDraft, type Draft, type SectionAnswer } from './drafts.js';
import { RiskError } from './errors.js';
import { deleteDraft, draftsStartedBy } from './queries/drafts.js';
import { latestBandedOnCaseload } from './queries/reviews.js';
import { clientsOf, referralsMadeBy } from './queries/clients.js';
import { openToUser } from '../../platform/access/decide.js';
import { bandsFor, maracEligibility, recordChecklist, requireSubject, type Actor, type ChecklistInput, type RecordedChecklist } from './record.js';
import { checklistView, latestChecklistOf, personRisk, reviewOf, type ChecklistView, type PersonRisk } from './summary.js';
import { loadInstrumentFile, tenantCatalogue, type LoadedInstrument } from './tenant-instruments.js';

export { RiskError } from './errors.js';

export interface ReviewListing {
  personId: string;
  name: string;
  restricted: boolean;
  caseId: string;
  caseReference: string;
  checklistId: string;
  completedOn: string;
  review: ReviewDue;
}

function mayRecord(user: CurrentUser): void {
  if (!can(user, 'risk:record')) throw new RiskError(403, 'You do not have permission to do this');
}

function mayView(user: CurrentUser): void {
  if (!can(user, 'risk:view')) throw new RiskError(403, 'You do not have permission to do this');
}

const userActor = (user: CurrentUser): Actor => ({ kind: 'user', user });

/** Risk checklists: recording them (API and pages), reading them back, the Marac criteria, and reviews due. */
export function riskService(db: Database) {
  return {
    record: (actor: Actor, input: ChecklistInput, requestId: string | null): Promise<RecordedChecklist> => {
      if (actor.kind === 'user') mayRecord(actor.user);
      return db.tenant(tenantOfActor(actor), (trx) => recordChecklist(trx, actor, input, requestId));
    },

    eligibility: (actor: Actor, personId: string, asOf: PlainDate) =>
      db.tenant(tenantOfActor(actor), async (trx) => {
        await requireSubject(trx, actor, personId, null, 'risk:view');
        return maracEligibility(trx, personId, asOf, await riskSettingsFor(trx));
      }),

    loadInstrument: (tenantId: string, json: unknown, loadedBy: string): Promise<LoadedInstrument> =>
      db.tenant(tenantId, async (trx) => {
        const loaded = await loadInstrumentFile(trx, tenantId, json, loadedBy);
        await recordAudit(trx, tenantId, { actorType: 'system', actorId: null, action: 'risk-instrument.load', subjectType: 'risk-instrument', subjectId: null, details: { ...loaded } });
        return loaded;
      }),

    reviewWeeks: (user: CurrentUser) => db.tenant(user.tenantId, async (trx) => (await riskSettingsFor(trx)).reviewWeeks),

    /** The instruments a new checklist may use: the chosen (or latest) version of each, in each language held. */
    instrumentChoices: (user: CurrentUser) =>
      db.tenant(user.tenantId, async (trx) => {
        const catalogue = await tenantCatalogue(trx);
        const settings = await riskSettingsFor(trx);
        return catalogue.ids().flatMap((id) => {
          const version = settings.instrumentVersions[id] ?? Math.max(...catalogue.versions(id));
          return catalogue.languages(id, version).flatMap((language) => {
            const i = catalogue.find(id, version, language);
            return i ? [{ id, version, language, title: i.title, description: i.description, ages: i.ages ?? null, followUp: catalogue.all().some((o) => o.questions.some((q) => q.offers?.instrument === id)) }] : [];
          });
        });
      }),

    startDraft: (user: CurrentUser, input: { personId: string; caseId: string | null; instrument: string; language?: string; followsId?: string | null }, requestId: string | null = null) => {
      mayRecord(user);
      return db.tenant(user.tenantId, (trx) => startDraft(trx, user, input, requestId));
    },

    draft: (user: CurrentUser, draftId: string): Promise<Draft> => {
      mayRecord(user);
      return db.tenant(user.tenantId, (trx) => loadDraft(trx, user, draftId));
    },

    saveSection: (user: CurrentUser, draftId: string, sectionId: string, answers: readonly SectionAnswer[], requestId: string | null = null) => {
      mayRecord(user);
      return db.tenant(user.tenantId, async (trx) => saveSection(trx, user, await loadDraft(trx, user, draftId), sectionId, answers, requestId));
    },

    saveDetails: (user: CurrentUser, draftId: string, details: DraftDetails, requestId: string | null = null) => {
      mayRecord(user);
      return db.tenant(user.tenantId, async (trx) => {
        const draft = await loadDraft(trx, user, draftId);
        if (details.judgement === 'do-not-refer') await refuseNotNeededAgainstHighScore(trx, draft);
        return saveDetails(trx, user, draft, details, requestId);
      });
    },

    /** Deletes an unfinished checklist: only its starter may, and only while they may record checklists. */
    abandon: (user: CurrentUser, draftId: string, requestId: string | null = null) => {
      mayRecord(user);
      return db.tenant(user.tenantId, async (trx) => {
        const draft = await loadDraft(trx, user, draftId);
        await deleteDraft(trx, draft.id);
        await auditDraft(trx, user, 'draft-abandon', draft, requestId);
        return draft;
      });
    },

    /** Completes the draft as a checklist: from now on it cannot change. */
    complete: (user: CurrentUser, draftId: string, requestId: string): Promise<RecordedChecklist> => {
      mayRecord(user);
      return db.tenant(user.tenantId, async (trx) => {
        const draft = await loadDraft(trx, user, draftId);
        const d = draft.details;
        if (!d.completedOn) throw new RiskError(400, 'Give the date the checklist was completed', 'completedOn');
        const sameDay = d.completedOn === londonDate(new Date());
        const recorded = await recordChecklist(
          trx,
          userActor(user),
          {
            personId: draft.personId,
            caseId: draft.caseId,
            instrument: draft.instrument.id,
            version: draft.instrument.version,
            language: draft.instrument.language,
            completedAt: sameDay ? new Date() : new Date(`${d.completedOn}T12:00:00Z`),
            answers: draft.answers,
            agency: d.agency,
            withVictim: d.withVictim === undefined ? undefined : d.withVictim === 'yes',
            victimView: d.victimView,
            judgement: d.judgement === 'refer' || d.judgement === 'do-not-refer' ? { refer: d.judgement === 'refer', reason: d.judgementReason } : undefined,
            followsId: draft.followsId,
          },
          requestId,
        );
        await deleteDraft(trx, draft.id);
        return recorded;
      });
    },

    checklist: (user: CurrentUser, id: string): Promise<ChecklistView> => {
      mayView(user);
      return db.tenant(user.tenantId, async (trx) => {
        const view = await checklistView(trx, id);
        await requireSubject(trx, userActor(user), view.personId, null, 'risk:view').catch(() => {
          throw new RiskError(404, 'There is no such checklist');
        });
        return view;
      });
    },

    personRisk: (user: CurrentUser, personId: string): Promise<PersonRisk & { drafts: { id: string; instrumentId: string; startedAt: Date }[] }> => {
      mayView(user);
      return db.tenant(user.tenantId, async (trx) => {
        await requireSubject(trx, userActor(user), personId, null, 'risk:view');
        const drafts = await draftsStartedBy(trx, personId, user.id);
        return { ...(await personRisk(trx, personId, londonDate(new Date()))), drafts: drafts.map((d) => ({ id: d.id, instrumentId: d.instrument_id, startedAt: d.started_at })) };
      });
    },

    /**
     * An IDVA's caseload: the victims they support, each with their latest risk level and when it is
     * reviewed, and the Marac referrals they made. A restricted record they hold no access to is not named.
     */
    async clients(user: CurrentUser) {
      if (!can(user, 'risk:record') || !user.roles.includes('idva')) return null;
      return db.tenant(user.tenantId, async (trx) => {
        const today = londonDate(new Date());
        const named = async (p: { person_id: string; given_name: string; family_name: string; restricted: boolean }) =>
          (await openToUser(trx, user, { kind: 'person', id: p.person_id }, p.restricted)) ? { id: p.person_id, name: `${p.given_name} ${p.family_name}` } : null;
        const clients = [];
        for (const c of await clientsOf(trx, user.id)) {
          const person = await named(c);
          clients.push({ person, latest: person ? await latestChecklistOf(trx, c.person_id, today) : null });
        }
        const referrals = [];
        for (const r of await referralsMadeBy(trx, user.id)) referrals.push({ id: r.id, referredOn: r.referred_on, repeat: r.repeat, person: await named(r) });
        return { clients, referrals };
      });
    },

    /**
     * Reviews due or overdue on the worker's list: for each person on a case allocated to the user or
     * their team (open, or closed in the last four weeks), their latest banded checklist.
     */
    reviewsDue: (user: CurrentUser): Promise<ReviewListing[]> =>
      db.tenant(user.tenantId, async (trx) => {
        if (!can(user, 'risk:view')) return [];
        const today = londonDate(new Date());
        const settings = await riskSettingsFor(trx);
        const teams = user.teamIds ?? [];
        const closedSince = new Date(Date.now() - 28 * 86_400_000);
        const latest = await latestBandedOnCaseload(trx, user.id, teams, closedSince);
        const seen = new Set<string>();
        const out: ReviewListing[] = [];
        for (const row of latest) {
          if (seen.has(row.person_id)) continue;
          seen.add(row.person_id);
          const review = await reviewOf(trx, { completedOn: row.completed_on, caseId: row.checklist_case_id ?? row.case_id }, row.person_id, today, settings.reviewWeeks);
          if (review.state === 'not-due') continue;
          out.push({
            personId: row.person_id,
            name: row.restricted ? 'Restricted person' : `${row.given_name} ${row.family_name}`,
            restricted: row.restricted,
            caseId: row.case_id,
            caseReference: row.reference,
            checklistId: row.checklist_id,
            completedOn: row.completed_on,
            review,
          });
        }
        return out.sort((a, b) => a.review.dueOn.localeCompare(b.review.dueOn));
      }),
  };
}

/**
 * "A Marac referral is not needed" against answers that score in the high-risk band: completing the
 * checklist would refuse it (judgement can add a referral, never remove one), so the details page
 * refuses it where it is entered, with the score.
 */
async function refuseNotNeededAgainstHighScore(trx: Trx, draft: Draft): Promise<void> {
  const settings = await riskSettingsFor(trx);
  const answers: ChecklistAnswers = Object.fromEntries(Object.entries(draft.answers).map(([question, answer]) => [Number(question), answer]));
  const { score, band } = scoreChecklist(draft.instrument, answers, bandsFor(draft.instrument, settings));
  if (band === 'high') {
    throw new RiskError(400, `These answers score ${score}, which meets the Marac criteria by itself. Professional judgement can add a referral, never remove one.`, 'judgement');
  }
}

export type RiskService = ReturnType<typeof riskService>;

// What the Marac feature uses of risk: the errors, the subject check, and the Marac criteria with their evidence.
export { RiskInputError, requireSubject, type Actor } from './record.js';
export { maracFacts } from './marac-facts.js';
/** For the MASH's history of a person: their latest banded checklist and its review. */
export { latestChecklistOf, type LatestChecklist } from './summary.js';
export { CRITERION_LABELS, describeEvidence, maracResult, type CriterionEvidence } from './marac-result.js';
