import type { Viewer } from '../../domain/redaction/confidential.js';
import type { Trx } from '../db/database.js';
import { ServiceError } from '../http/service-error.js';
import { caseFacts, informationRequestFacts, liveGrant, maracCaseFacts, maracMeetingFacts, personFacts } from './facts.js';
import { can, type Action, type Actor, type CaseResource, type InformationRequestResource, type MaracCaseResource, type PersonResource } from './policy.js';

/**
 * The one access decision for records. Every service method that touches a person or a case starts
 * here: the facts are loaded once (tenant, restriction, grants and break-glass, allocation, team,
 * the actor's relationships) and the policy answers. Nothing else looks up grants or relationships.
 */

export type Subject = { kind: 'person'; id: string } | { kind: 'case'; id: string };
type ResourceOf<S extends Subject> = S extends { kind: 'person' } ? PersonResource : CaseResource;

/** How a restricted record appears in lists to someone without access to it. */
export const RESTRICTED_RECORD = 'A restricted record';

/** Why a record was refused, so a page can offer the right way on (break-glass, asking a manager). */
export type RefusalReason = 'not-found' | 'restricted' | 'no-relationship' | 'not-permitted';

export class AccessRefused extends ServiceError {
  constructor(
    readonly reason: RefusalReason,
    readonly subject: Subject,
    /** Breaking the glass would open it to this actor. */
    readonly breakGlass: boolean,
  ) {
    super(reason === 'not-found' ? 404 : 403, REFUSALS[reason][subject.kind]);
  }
}

const REFUSALS: Record<RefusalReason, Record<Subject['kind'], string>> = {
  'not-found': { person: 'There is no such person', case: 'There is no such case' },
  restricted: { person: 'This record is restricted', case: 'This case is restricted' },
  'no-relationship': { person: 'You do not work with this person', case: 'You do not work on this case' },
  'not-permitted': { person: 'You do not have permission to do this', case: 'You do not have permission to do this' },
};

/** The record as the policy sees it for this actor, or null when there is none. */
export async function accessFacts<S extends Subject>(trx: Trx, actor: Actor, subject: S): Promise<ResourceOf<S> | null> {
  const found = subject.kind === 'person' ? await personFacts(trx, actor, subject.id) : await caseFacts(trx, actor, subject.id);
  return found as ResourceOf<S> | null;
}

const VIEW: Record<Subject['kind'], Action> = { person: 'person:view', case: 'case:view' };

/** Why this actor may not do this action to this record (null when they may). */
export function refusal(actor: Actor, action: Action, resource: PersonResource | CaseResource): RefusalReason | null {
  if (can(actor, action, resource)) return null;
  const view = VIEW[resource.kind];
  if (!can(actor, view, resource)) {
    if (!can(actor, view)) return 'not-found';
    if (resource.restricted && !resource.actorHasGrant) return 'restricted';
    return 'no-relationship';
  }
  if (resource.kind === 'person' && action === 'risk:view' && can(actor, action) && !resource.related && !resource.actorHasGrant) {
    return 'no-relationship';
  }
  return 'not-permitted';
}

/**
 * Whether a restricted record is open to this user (it is not restricted, or they hold a grant or
 * break-glass): for lists that show a restricted record as "a restricted record" rather than by name.
 * API clients and the system never hold grants.
 */
export async function openToUser(trx: Trx, actor: Actor | null, subject: Subject, restricted: boolean): Promise<boolean> {
  if (!restricted) return true;
  return actor !== null && liveGrant(trx, subject.kind, subject.id, actor.id, ['grant', 'break-glass'], new Date());
}

/** Breaking the glass would open the record to this actor (it must lead somewhere: only someone who could open it with access may). */
export function mayBreakGlass(actor: Actor, resource: PersonResource | CaseResource): boolean {
  return can(actor, 'restricted:break-glass', resource) && can(actor, VIEW[resource.kind], { ...resource, actorHasGrant: true });
}

/** Loads the record's facts and refuses unless the actor may do the action: 404 for a record they may not know of. */
export async function requireAccess<S extends Subject>(trx: Trx, actor: Actor, action: Action, subject: S): Promise<ResourceOf<S>> {
  const resource = await accessFacts(trx, actor, subject);
  if (!resource) throw new AccessRefused('not-found', subject, false);
  const why = refusal(actor, action, resource);
  if (why) throw new AccessRefused(why, subject, (why === 'restricted' || why === 'no-relationship') && mayBreakGlass(actor, resource));
  return resource as ResourceOf<S>;
}

/**
 * A case on a Marac agenda, for a representative or the coordinator. Whoever may not reach it (not their
 * agency's meeting, outside the window, no such case) is told the same: there is no such case.
 */
export async function requireMaracCase(trx: Trx, actor: Actor, action: 'marac:attend' | 'marac:coordinate', meetingCaseId: string): Promise<MaracCaseResource> {
  const resource = await maracCaseFacts(trx, actor, meetingCaseId);
  if (!resource || !can(actor, action, resource)) throw new AccessRefused('not-found', { kind: 'case', id: meetingCaseId }, false);
  return resource;
}

/** A Marac meeting as a whole (its papers), under the same rules as its cases: not found to anyone who may not reach it. */
export async function requireMaracMeeting(trx: Trx, actor: Actor, action: 'marac:attend' | 'marac:coordinate', meetingId: string): Promise<MaracCaseResource> {
  const resource = await maracMeetingFacts(trx, actor, meetingId);
  if (!resource || !can(actor, action, resource)) throw new AccessRefused('not-found', { kind: 'case', id: meetingId }, false);
  return resource;
}

/**
 * A request for information, for a representative of the agency it was sent to, while it is open. Anyone
 * else (another agency, a request answered or recorded by the worker, no such request) is told the same:
 * there is no such request.
 */
export async function requireInformationRequest(trx: Trx, actor: Actor, requestId: string): Promise<InformationRequestResource> {
  const resource = await informationRequestFacts(trx, requestId);
  if (!resource || !can(actor, 'information-request:answer', resource)) throw new AccessRefused('not-found', { kind: 'case', id: requestId }, false);
  return resource;
}

/** What a representative may see of the victim's withheld whereabouts on a Marac case: only what was released to their agency. */
export function maracViewerOf(actor: Actor, resource: MaracCaseResource): Viewer {
  return { id: actor.id, mayViewWithheld: can(actor, 'whereabouts:view-withheld', resource) };
}

/** What this actor may see of the person's withheld whereabouts. */
export function viewerOf(actor: Actor, person: PersonResource): Viewer {
  return { id: actor.id, mayViewWithheld: can(actor, 'whereabouts:view-withheld', person) };
}

/** The viewer for a case's pages: only a role that holds withheld whereabouts sees them there. */
export function caseViewerOf(actor: Actor, kase: CaseResource): Viewer {
  return { id: actor.id, mayViewWithheld: can(actor, 'whereabouts:view-withheld', kase) };
}
