import { partnerWindow } from '../../domain/marac/meetings.js';
import { RELATIONSHIP_LABELS, type RelationshipKind } from '../../domain/people/relationships.js';
import { AccessRefused, maracViewerOf, requireMaracCase, requireMaracMeeting } from '../../platform/access/decide.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { ServiceError } from '../../platform/http/service-error.js';
import { currentAddressesOnScreen, type AddressView } from '../people/whereabouts-service.js';
import { meetingsOfPanels, meetingRow } from './meeting-queries.js';
import { agencies as allAgencies, panels } from './panel-queries.js';
import * as q from './partner-queries.js';
import type { StoredCriterion } from './service.js';
import { actingFor, type AgencyCaller } from './marac-caller.js';

export class PartnerError extends ServiceError {}

export interface SharedPerson {
  id: string;
  name: string;
  dateOfBirth: string | null;
  /** How they are related to the victim, in words; null when the records hold no relationship. */
  relationship: string | null;
}

/** What every member agency sees of a case on the agenda: never the rest of the record. */
export interface SharedSummary {
  meetingCaseId: string;
  meeting: { id: string; heldAt: Date; chair: string };
  position: number;
  late: boolean;
  repeat: boolean;
  victim: SharedPerson;
  personCausingHarm: SharedPerson | null;
  children: SharedPerson[];
  referredOn: string;
  referringAgency: string | null;
  risks: string | null;
  criteria: StoredCriterion[];
  /** The victim's current addresses, only when the coordinator released them to the viewer's agency. */
  released: { reason: string; lawfulBasis: string; addresses: AddressView[] } | null;
}

function relationshipInWords(kind: RelationshipKind, fromIsVictim: boolean, subject: 'harm' | 'child'): string {
  if (subject === 'child') {
    if (kind === 'parent-of') return fromIsVictim ? 'The victim’s child' : 'Parent of the victim';
    if (kind === 'parental-responsibility-for') return fromIsVictim ? 'The victim has parental responsibility' : 'Has parental responsibility for the victim';
  }
  return RELATIONSHIP_LABELS[kind];
}

/** The shared summary of a case on an agenda; the victim's current addresses only when released to `releasedTo` and shown to `viewer`. */
export async function sharedSummaryOf(trx: Trx, meetingCaseId: string, releasedTo: string | null, viewer: ReturnType<typeof maracViewerOf> | null): Promise<SharedSummary> {
  const c = await q.sharedCase(trx, meetingCaseId);
  const childIds = (await q.referralChildIds(trx, c.referral_id)).map((r) => r.person_id);
  const ids = [c.person_id, ...(c.person_causing_harm_id ? [c.person_causing_harm_id] : []), ...childIds];
  const [people, links] = await Promise.all([q.namesAndBirthDates(trx, ids), q.relationshipsAmong(trx, ids)]);
  const linkTo = (id: string, subject: 'harm' | 'child'): string | null => {
    const l = links.find((x) => (x.from_person === c.person_id && x.to_person === id) || (x.to_person === c.person_id && x.from_person === id));
    if (l) return relationshipInWords(l.kind as RelationshipKind, l.from_person === c.person_id, subject);
    if (subject === 'child' && c.person_causing_harm_id && links.some((x) => x.from_person === c.person_causing_harm_id && x.to_person === id && x.kind === 'parent-of')) return 'Child of the person causing harm';
    return null;
  };
  const person = (id: string, subject: 'victim' | 'harm' | 'child'): SharedPerson => {
    const p = people.find((x) => x.id === id);
    return { id, name: p ? `${p.given_name} ${p.family_name}` : 'Unknown person', dateOfBirth: p?.date_of_birth ?? null, relationship: subject === 'victim' ? null : linkTo(id, subject) };
  };
  let released: SharedSummary['released'] = null;
  if (releasedTo && viewer) {
    const release = (await q.releasesOf(trx, meetingCaseId)).find((r) => r.agency_id === releasedTo);
    if (release) released = { reason: release.reason, lawfulBasis: release.lawful_basis, addresses: await currentAddressesOnScreen(trx, c.person_id, viewer) };
  }
  return {
    meetingCaseId,
    meeting: { id: c.meeting_id, heldAt: c.held_at, chair: c.chair },
    position: c.position,
    late: c.late,
    repeat: c.repeat,
    victim: person(c.person_id, 'victim'),
    personCausingHarm: c.person_causing_harm_id ? person(c.person_causing_harm_id, 'harm') : null,
    children: childIds.map((id) => person(id, 'child')),
    referredOn: c.referred_on,
    referringAgency: c.referring_agency,
    risks: c.risks,
    criteria: c.criteria as StoredCriterion[],
    released,
  };
}

/**
 * The Marac as a partner agency's representative sees it: their agency's meetings from circulation to
 * the end of the window, and per case the shared summary. Everything here is reached through the one
 * access decision for Marac cases (`requireMaracCase`); a case they may not reach is "not found", and
 * the attempt is audited.
 */
export function maracPartnerService(db: Database) {
  /** Records a representative's attempt to reach a case they may not, in a transaction of its own (the refused one is rolled back). */
  async function auditRefusal(user: CurrentUser, meetingCaseId: string, requestId: string): Promise<void> {
    await db.tenant(user.tenantId, (trx) =>
      recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'marac-case.refused', subjectType: 'marac-case', subjectId: meetingCaseId, requestId, details: { agencyId: user.agencyId } }),
    );
  }

  return {
    /** The meetings of the representative's (or API client's) agency whose window is open now, each with its cases. */
    async myMeetings(caller: AgencyCaller) {
      const who = actingFor(caller);
      if (!can(who.actor, 'marac:attend')) throw new PartnerError(403, 'You do not have permission to do this');
      if (!who.agencyId) return { agency: null, meetings: [] };
      const agencyId = who.agencyId;
      return db.tenant(who.tenantId, async (trx) => {
        const agency = await q.agencyName(trx, agencyId);
        const now = new Date();
        const panelIds = await q.panelsOfAgency(trx, agencyId);
        const longest = Math.max(0, ...(await panels(trx)).filter((p) => panelIds.includes(p.id)).map((p) => p.windowDays));
        const meetings = (await meetingsOfPanels(trx, panelIds, new Date(now.getTime() - longest * 86_400_000))).filter((m) => partnerWindow(now, m, m.windowDays) === 'open');
        return {
          agency: agency ? { id: agency.id, name: agency.name } : null,
          meetings: await Promise.all(
            meetings.map(async (m) => {
              const agenda = await q.sharedAgenda(trx, m.id);
              const returned = new Set(await q.returnedBy(trx, agencyId, agenda.map((c) => c.id)));
              return { ...m, agenda: agenda.map((c) => ({ id: c.id, position: c.position, late: c.late, repeat: c.repeat, victimName: `${c.given_name} ${c.family_name}`, returned: returned.has(c.id) })) };
            }),
          ),
        };
      });
    },

    /**
     * The shared summary of one case on an agenda. A representative reaches it only through their
     * agency's meeting inside the window; the coordinator always. Anyone else: not found, and audited.
     */
    async sharedSummary(user: CurrentUser, meetingCaseId: string, requestId: string): Promise<SharedSummary> {
      // Someone in neither role is told the same as a representative outside the window: no such case.
      const action = can(user, 'marac:coordinate') ? 'marac:coordinate' : 'marac:attend';
      try {
        return await db.tenant(user.tenantId, async (trx) => {
          const resource = await requireMaracCase(trx, user, action, meetingCaseId);
          const viewer = action === 'marac:attend' ? maracViewerOf(user, resource) : null;
          return sharedSummaryOf(trx, meetingCaseId, viewer?.mayViewWithheld ? (user.agencyId ?? null) : null, viewer);
        });
      } catch (error) {
        if (error instanceof AccessRefused) await auditRefusal(user, meetingCaseId, requestId);
        throw error;
      }
    },

    /** A meeting's agenda with each case's shared summary, for its member agency's API client (no address, ever: the API is external). */
    async agenda(caller: AgencyCaller, meetingId: string) {
      const who = actingFor(caller);
      return db.tenant(who.tenantId, async (trx) => {
        await requireMaracMeeting(trx, who.actor, 'marac:attend', meetingId);
        const meeting = (await meetingRow(trx, meetingId))!;
        const cases = [];
        for (const c of await q.sharedAgenda(trx, meetingId)) cases.push(await sharedSummaryOf(trx, c.id, null, null));
        return { meeting, cases };
      });
    },

    /** The coordinator's view of who the case is shared with: the meeting's member agencies and each release of whereabouts. */
    async sharing(user: CurrentUser, meetingCaseId: string) {
      if (!can(user, 'marac:coordinate')) throw new PartnerError(403, 'You do not have permission to do this');
      return db.tenant(user.tenantId, async (trx) => {
        await requireMaracCase(trx, user, 'marac:coordinate', meetingCaseId);
        const c = await q.sharedCase(trx, meetingCaseId);
        const meeting = (await meetingRow(trx, c.meeting_id))!;
        const panel = (await panels(trx)).find((p) => p.id === meeting.panelId)!;
        const members = (await allAgencies(trx)).filter((a) => panel.agencyIds.includes(a.id));
        return { meeting, members: members.map((a) => ({ id: a.id, name: a.name })), releases: await q.releasesOf(trx, meetingCaseId) };
      });
    },

    /** Releases the victim's withheld whereabouts on this case to one member agency, for a stated reason and lawful basis. */
    async release(user: CurrentUser, meetingCaseId: string, input: { agencyId: string; reason: string; lawfulBasis: string }, requestId: string): Promise<void> {
      if (!can(user, 'marac:coordinate')) throw new PartnerError(403, 'You do not have permission to do this');
      const reason = input.reason.trim();
      const lawfulBasis = input.lawfulBasis.trim();
      if (!reason) throw new PartnerError(400, 'Say why the agency needs the address, for example to flag it for an urgent police response', 'reason');
      if (reason.length > 1000) throw new PartnerError(400, 'Give a reason of 1,000 characters or fewer', 'reason');
      if (!lawfulBasis) throw new PartnerError(400, 'Enter the lawful basis for sharing it', 'lawfulBasis');
      if (lawfulBasis.length > 300) throw new PartnerError(400, 'Enter the lawful basis in 300 characters or fewer', 'lawfulBasis');
      await db.tenant(user.tenantId, async (trx) => {
        await requireMaracCase(trx, user, 'marac:coordinate', meetingCaseId);
        const c = await q.sharedCase(trx, meetingCaseId);
        const meeting = (await meetingRow(trx, c.meeting_id))!;
        const panel = (await panels(trx)).find((p) => p.id === meeting.panelId)!;
        if (!panel.agencyIds.includes(input.agencyId)) throw new PartnerError(400, 'Choose one of the agencies on this meeting’s panel', 'agencyId');
        if (!(await q.insertRelease(trx, { tenantId: user.tenantId, meetingCaseId, agencyId: input.agencyId, reason, lawfulBasis, by: user.id }))) {
          throw new PartnerError(409, 'The address has already been released to this agency for this case');
        }
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'marac-case.release-whereabouts', subjectType: 'person', subjectId: c.person_id, requestId, details: { meetingCaseId, agencyId: input.agencyId } });
      });
    },
  };
}

export type MaracPartnerService = ReturnType<typeof maracPartnerService>;
