import type { Role } from './roles.js';

/**
 * Everything a person can be allowed to do. Routes name one of these; services ask the access
 * decision (`decide.ts`), which loads the facts about the record and asks `can()` again with them.
 */
export const ACTIONS = [
  'home:view',
  'account:manage-own',
  'users:view',
  'users:manage',
  'teams:manage',
  'settings:manage',
  'audit:view',
  'break-glass:review',
  'person:view',
  'person:create',
  'person:edit',
  /** Merge two records of one person into one, or undo a merge. */
  'person:merge',
  'case:view',
  'case:create',
  'case:edit',
  'case:allocate',
  /** Approve or return a worker's step-down or closure of a case. */
  'case:approve-change',
  'contact:view',
  'contact:record',
  'contact:decide',
  /** Give a contact to a MASH worker. */
  'contact:assign',
  'mash:timeliness',
  'risk:view',
  'risk:record',
  'marac:refer',
  'marac:coordinate',
  /** See one's agency's Marac meetings and the shared summary of each case on them, inside the window. */
  'marac:attend',
  'whereabouts:view-withheld',
  'whereabouts:withhold',
  'whereabouts:grant',
  'restricted:grant',
  'restricted:break-glass',
  'reports:view',
  /** Authorise or return a child and family assessment: a manager of the case's team, never its submitter. */
  'assessment:authorise',
  /** Answer a request for information sent to one's agency, while it is open. */
  'information-request:answer',
  /** The children in need census: its problems page and the XML for the DfE (child-level records, no names). */
  'census:export',
  /** The thematic audit of repeat child protection plans: counts only. */
  'census:repeat-plans',
] as const;

export type Action = (typeof ACTIONS)[number];

export interface Actor {
  id: string;
  tenantId: string;
  roles: readonly Role[];
  active: boolean;
  /** The teams the actor belongs to (team cases are visible to their members). */
  teamIds?: readonly string[];
  /** An agency representative's agency, or an API client issued to one agency. */
  agencyId?: string | null;
}

/**
 * Facts about a person or case that decide access to it, loaded once by `decide.ts`. The policy never
 * looks anything up: everything it needs is here, so it can be tested exhaustively.
 */
interface RecordFacts {
  tenantId: string;
  id: string;
  restricted: boolean;
  /** The actor holds a live grant or break-glass for this record. */
  actorHasGrant: boolean;
  /**
   * The actor has a legitimate relationship with the record: allocated worker or team, a manager of
   * an unallocated case, the MASH on a contact about the person, the Marac coordinator or conference
   * chair when the person was referred to the Marac, the IDVA who supports the victim.
   */
  related: boolean;
}

export type PersonResource = { kind: 'person'; whereaboutsGrant: boolean } & RecordFacts;
export type CaseResource = {
  kind: 'case';
  workerId: string | null;
  teamId: string | null;
  /** Some member of the case has withheld whereabouts. */
  withheldMember: boolean;
} & RecordFacts;

/**
 * A case on a Marac meeting's agenda, as an agency representative may reach it: only through a meeting
 * their agency is a member of, only while the window is open (from circulation to the set days after).
 */
export type MaracCaseResource = {
  kind: 'marac-case';
  tenantId: string;
  id: string;
  /** The actor's agency is a member of the meeting's panel. */
  agencyMember: boolean;
  window: 'not-yet-circulated' | 'open' | 'closed';
  /** The coordinator released the victim's withheld whereabouts to the actor's agency for this case. */
  releasedToAgency: boolean;
  /**
   * The victim's record (or, for a meeting, any victim's on its agenda) is restricted and the actor holds
   * no grant or break-glass for it: the coordinator, inside the council, is held to restriction like any
   * colleague. Partner agencies see what the Marac shares, restricted or not.
   */
  restrictedWithoutGrant: boolean;
};

/** A Marac action: its owning agency's representatives keep sight of it after the window closes. */
export type MaracActionResource = { kind: 'marac-action'; tenantId: string; id: string; agencyId: string };

/** A request for information sent to a partner agency: its representatives answer it while it is open. */
export type InformationRequestResource = { kind: 'information-request'; tenantId: string; id: string; agencyId: string | null; open: boolean };

/** A resource whose own facts decide access. Later features add their kinds here. */
export type Resource =
  | { kind: 'user'; id: string; tenantId: string }
  | { kind: 'tenant'; id: string }
  | PersonResource
  | CaseResource
  | MaracCaseResource
  | MaracActionResource
  | InformationRequestResource;

const EVERYONE: readonly Action[] = ['home:view', 'account:manage-own'];
const READ_PEOPLE: readonly Action[] = ['person:view', 'case:view', 'restricted:break-glass'];
const RECORD_PEOPLE: readonly Action[] = [...READ_PEOPLE, 'person:create', 'person:edit'];
/** Completing risk checklists and referring to the Marac. */
const RECORD_RISK: readonly Action[] = ['risk:view', 'risk:record', 'marac:refer'];

/**
 * What each role may do at all. Admins and auditors see no case content; analysts see aggregates
 * only. MASH workers edit contacts, not cases; an IRO records conference matters only.
 */
const GRANTS: Record<Role, readonly Action[]> = {
  'mash-worker': [...EVERYONE, ...RECORD_PEOPLE, ...RECORD_RISK, 'contact:view', 'contact:record'],
  'mash-manager': [...EVERYONE, ...RECORD_PEOPLE, ...RECORD_RISK, 'contact:view', 'contact:record', 'contact:decide', 'contact:assign', 'mash:timeliness', 'person:merge', 'case:create', 'case:allocate', 'restricted:grant', 'whereabouts:withhold'],
  'social-worker': [...EVERYONE, ...RECORD_PEOPLE, ...RECORD_RISK, 'case:create', 'case:edit', 'whereabouts:withhold'],
  'team-manager': [
    ...EVERYONE,
    ...RECORD_PEOPLE,
    ...RECORD_RISK,
    'case:create',
    'case:edit',
    'case:allocate',
    'case:approve-change',
    'assessment:authorise',
    'person:merge',
    'restricted:grant',
    'whereabouts:withhold',
    'whereabouts:view-withheld',
    'whereabouts:grant',
    'census:export',
    'census:repeat-plans',
  ],
  iro: [...EVERYONE, ...READ_PEOPLE, 'risk:view'],
  'marac-coordinator': [...EVERYONE, ...READ_PEOPLE, 'risk:view', 'marac:refer', 'marac:coordinate'],
  'agency-rep': [...EVERYONE, 'marac:attend', 'information-request:answer'],
  idva: [...EVERYONE, ...RECORD_PEOPLE, ...RECORD_RISK, 'whereabouts:withhold', 'whereabouts:view-withheld'],
  admin: [...EVERYONE, 'users:view', 'users:manage', 'teams:manage', 'settings:manage'],
  auditor: [...EVERYONE, 'audit:view', 'users:view', 'break-glass:review'],
  analyst: [...EVERYONE, 'reports:view', 'mash:timeliness', 'census:repeat-plans'],
};

/**
 * Roles that open any unrestricted person's record, to screen contacts and support victims. Social
 * workers and team managers open the records of people they have a relationship with.
 */
const FINDS_ANY_PERSON: ReadonlySet<Role> = new Set(['mash-worker', 'mash-manager', 'idva', 'marac-coordinator', 'iro']);
/** Roles that manage cases: they see and allocate cases nobody has been given yet. */
export const CASE_MANAGERS: ReadonlySet<Role> = new Set(['team-manager', 'mash-manager']);
/**
 * Reading domestic abuse content about a person (checklists and their answers, Marac referrals) needs a
 * relationship, or a grant or break-glass, whoever asks. Recording a checklist or a referral needs only
 * that the person's record opens to the actor: it adds to the record and reads nothing back.
 */
const CONTENT_OF_PERSON: ReadonlySet<Action> = new Set(['risk:view']);

export function actionsFor(role: Role): readonly Action[] {
  return GRANTS[role];
}

function roleAllows(actor: Actor, action: Action): boolean {
  return actor.roles.some((role) => GRANTS[role].includes(action));
}

/** A restricted record is open to the actor only with a grant or break-glass. */
function open(resource: RecordFacts): boolean {
  return !resource.restricted || resource.actorHasGrant;
}

function personAllows(actor: Actor, action: Action, person: PersonResource): boolean {
  const reached = person.related || person.actorHasGrant;
  // Break-glass is for a record the actor would otherwise be refused.
  if (action === 'restricted:break-glass') return !open(person) || !reached;
  if (!open(person)) return false;
  if (CONTENT_OF_PERSON.has(action)) return reached;
  const findsAny = actor.roles.some((role) => FINDS_ANY_PERSON.has(role) && GRANTS[role].includes('person:view'));
  const opens = findsAny || reached;
  if (action === 'whereabouts:view-withheld') return opens;
  return opens;
}

function isAllocatedTo(actor: Actor, c: CaseResource): boolean {
  return c.workerId === actor.id || (c.teamId !== null && (actor.teamIds ?? []).includes(c.teamId));
}

function unallocated(c: CaseResource): boolean {
  return c.workerId === null && c.teamId === null;
}

function caseAllows(actor: Actor, action: Action, c: CaseResource): boolean {
  const reached = c.related || c.actorHasGrant;
  if (action === 'restricted:break-glass') return !open(c) || !reached;
  if (!open(c)) return false;
  const manager = actor.roles.some((role) => CASE_MANAGERS.has(role));
  switch (action) {
    case 'case:edit':
      // The case must be the actor's or their team's; a manager may also act on one not yet allocated.
      return isAllocatedTo(actor, c) || (manager && unallocated(c));
    case 'case:allocate':
      // Only a case the manager may see: their team's, one not yet allocated, or one they work with.
      if (!reached) return false;
      // Allocating a family whose whereabouts are withheld needs a manager who may see them.
      if (c.withheldMember && !roleAllows(actor, 'whereabouts:view-withheld')) return false;
      return unallocated(c) || isAllocatedTo(actor, c) || actor.roles.includes('mash-manager');
    case 'case:approve-change':
    case 'assessment:authorise':
      // A manager of the case's team, or of a case nobody has been given yet.
      return reached && (isAllocatedTo(actor, c) || unallocated(c));
    case 'whereabouts:view-withheld':
      // Only by role at case level; a named grant is per person.
      return reached;
    default:
      return reached;
  }
}

/**
 * A Marac case: the coordinator sees every one; a representative only through their agency's meeting
 * inside the window, and the victim's withheld whereabouts only when released to their agency.
 */
function maracCaseAllows(actor: Actor, action: Action, m: MaracCaseResource): boolean {
  if (action === 'marac:coordinate') return !m.restrictedWithoutGrant;
  const reached = roleAllows(actor, 'marac:attend') && Boolean(actor.agencyId) && m.agencyMember && m.window === 'open';
  if (action === 'marac:attend') return reached;
  if (action === 'whereabouts:view-withheld') return reached && m.releasedToAgency;
  return false;
}

/** The one place that decides whether an actor may do an action, to a resource when one is given. */
export function can(actor: Actor | null, action: Action, resource?: Resource): boolean {
  if (!actor || !actor.active) return false;
  if (resource && 'tenantId' in resource && resource.tenantId !== actor.tenantId) return false;
  // A named, time-limited grant is the one way to see a person's withheld whereabouts without the role.
  const byWhereaboutsGrant = action === 'whereabouts:view-withheld' && resource?.kind === 'person' && resource.whereaboutsGrant && roleAllows(actor, 'person:view');
  // Or, for a representative, the coordinator's release of them to their agency for one Marac case.
  const byRelease = action === 'whereabouts:view-withheld' && resource?.kind === 'marac-case' && roleAllows(actor, 'marac:attend');
  if (!roleAllows(actor, action) && !byWhereaboutsGrant && !byRelease) return false;
  if (!resource) return true;
  switch (resource.kind) {
    case 'tenant':
      return resource.id === actor.tenantId;
    case 'user':
      return action === 'account:manage-own' ? resource.id === actor.id : true;
    case 'person':
      return personAllows(actor, action, resource);
    case 'case':
      return caseAllows(actor, action, resource);
    case 'marac-case':
      return maracCaseAllows(actor, action, resource);
    case 'information-request':
      // Only a representative of the agency it was sent to, and only while it waits for an answer.
      return action === 'information-request:answer' && Boolean(actor.agencyId) && actor.agencyId === resource.agencyId && resource.open;
    case 'marac-action':
      // The coordinator, or a representative of the agency that owns it (at any time).
      return action === 'marac:coordinate' || (action === 'marac:attend' && Boolean(actor.agencyId) && actor.agencyId === resource.agencyId);
  }
}
