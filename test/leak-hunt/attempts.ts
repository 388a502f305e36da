import type { LightMyRequestResponse } from 'fastify';
import { londonDate } from '../../src/domain/calendar/plain-date.js';
import { paths } from '../../src/platform/http/paths.js';
import type { Adversary, Hunt } from './adversary.js';

/**
 * What each adversary tries, through the pages as a person would (the form's page first, then the
 * form posted with its CSRF token), whatever their role: everything that could bring them closer to
 * the victim's whereabouts. Every response on the way is checked for withheld values as they saw it.
 * A refusal is an answer like any other; the hunt reads everything again after each attempt.
 */

type Fields = Record<string, string | string[]>;

export interface Turn {
  hunt: Hunt;
  me: Adversary;
  /** The tenant's social worker, to whom the family's case is allocated: the worker a manager would give sight of her whereabouts. */
  allocatedWorkerId: string;
  /** What each request of this attempt answered. */
  steps: string[];
}

export interface Attempt {
  name: string;
  run(turn: Turn): Promise<void>;
}

const REASON = 'Checking something for the family';

/** Shows a page as the adversary, checked. */
async function show(turn: Turn, url: string): Promise<LightMyRequestResponse> {
  const res = await turn.hunt.get(turn.me, turn.me.label, url);
  turn.steps.push(`GET ${short(url)} ${res.statusCode}`);
  return res;
}

/** Posts a form as the adversary, checked, and follows a redirect as a browser would (checked too). Answers the status and where it went. */
async function send(turn: Turn, url: string, fields: Fields): Promise<{ status: number; location: string }> {
  const res = await turn.me.visitor.post(url, fields);
  turn.hunt.check(turn.me, `${turn.me.label}: POST ${url}`, `POST ${url}`, res);
  const location = typeof res.headers.location === 'string' ? res.headers.location : '';
  turn.steps.push(`POST ${short(url)} ${res.statusCode}${location ? ` → ${short(location)}` : ''}`);
  if (res.statusCode >= 300 && res.statusCode < 400 && location.startsWith('/')) await turn.hunt.get(turn.me, `${turn.me.label}: after POST ${url}`, location);
  return { status: res.statusCode, location };
}

/** Ids in a URL shortened for the report. */
function short(url: string): string {
  return url.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => `${id.slice(0, 4)}…`);
}

/** The values offered by a select or radios named `name` on the page. */
function offered(body: string, name: string): string[] {
  const select = new RegExp(`name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(body)?.[1];
  if (select) return [...select.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]!);
  return [...body.matchAll(new RegExp(`name="${name}"[^>]*value="([^"]*)"`, 'g'))].map((m) => m[1]!);
}

const done = (r: { status: number }) => r.status === 303;

/** Opens a case through the new-case page: allocated to themselves if they can (even if the form does not offer it), else to their team, else to nobody. */
async function openCase(turn: Turn, members: string[]): Promise<string | null> {
  const { me } = turn;
  const page = await show(turn, `${paths.cases.new}?${members.map((m) => `m=${m}`).join('&')}`);
  const teams = offered(page.body, 'teamId');
  const tries: Fields[] = [
    { workerId: me.id, teamId: '' },
    ...(teams.includes(me.teamId) ? [{ workerId: '', teamId: me.teamId }] : []),
    { workerId: '', teamId: '' },
  ];
  for (const allocation of tries) {
    const sent = await send(turn, paths.cases.new, { m: members, stage: 'child-protection', ...allocation });
    if (!done(sent)) continue;
    const opened = await turn.hunt.db
      .owner()
      .selectFrom('audit_events')
      .select('subject_id')
      .where('actor_id', '=', me.id)
      .where('action', '=', 'case.open')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return opened?.subject_id ?? null;
  }
  return null;
}

/** Walks the risk checklist pages with her: the first checklist offered, every question answered, the details, then complete. */
/** Refers her to the Marac through the referral form. */
async function referToMarac(turn: Turn): Promise<void> {
  const { target } = turn.me;
  await show(turn, paths.marac.refer(target.victimId));
  const [year, month, day] = londonDate(new Date()).split('-');
  await send(turn, paths.marac.refer(target.victimId), {
    criteria: 'professional-judgement',
    judgementReason: 'He has found out where the children go to school',
    'referredOn-day': String(Number(day)),
    'referredOn-month': String(Number(month)),
    'referredOn-year': year!,
    'latestIncidentOn-day': '',
    'latestIncidentOn-month': '',
    'latestIncidentOn-year': '',
    referringAgency: 'Children’s social care',
    personCausingHarmId: target.harmId,
    childIds: target.childIds,
    consent: 'given',
    risks: 'Threats to kill',
    contactSafety: 'Only the safe number',
    checklistId: target.family.checklistId,
  });
}

async function recordChecklist(turn: Turn): Promise<void> {
  const { target } = turn.me;
  const start = await show(turn, `${paths.risk.start(target.victimId)}?caseId=${target.family.caseId}`);
  const instruments = offered(start.body, 'instrument');
  const instrument = instruments.find((i) => i.startsWith('dash-ric')) ?? instruments[0] ?? 'dash-ric:en';
  let sent = await send(turn, paths.risk.start(target.victimId), { instrument, caseId: target.family.caseId, followsId: '' });
  for (let guard = 0; done(sent) && sent.location.includes('/sections/') && guard < 20; guard++) {
    const section = await show(turn, sent.location);
    const numbers = [...new Set([...section.body.matchAll(/name="q(\d+)"/g)].map((m) => m[1]!))];
    sent = await send(turn, sent.location, Object.fromEntries(numbers.map((n) => [`q${n}`, Number(n) % 2 ? 'yes' : 'no'])));
  }
  if (!done(sent) || !sent.location.includes('/details')) return;
  const details = sent.location.split('?')[0]!;
  const [year, month, day] = londonDate(new Date()).split('-');
  sent = await send(turn, details, {
    'completedOn-day': String(Number(day)),
    'completedOn-month': String(Number(month)),
    'completedOn-year': year!,
    agency: 'Children’s social care',
    withVictim: 'yes',
    victimView: 'She wants to stay where she is',
    judgement: 'none',
    judgementReason: '',
  });
  if (done(sent) && sent.location.includes('/check')) await send(turn, sent.location.split('?')[0]!, {});
}

export const ATTEMPTS: Attempt[] = [
  {
    // Two ways onto a case with her; both only add, so one reading after both sees what either opened.
    name: 'open a case with her and her child; open one with her child and add her to it',
    run: async (turn) => {
      const { target } = turn.me;
      await openCase(turn, [`${target.victimId}.adult-victim`, `${target.childIds[0]}.child`]);
      const caseId = await openCase(turn, [`${target.childIds[0]}.child`]);
      if (!caseId) return;
      await show(turn, paths.cases.people(caseId));
      await send(turn, paths.cases.members(caseId), { personId: target.victimId, role: 'adult-victim' });
    },
  },
  {
    name: 'break glass on her record and her case',
    run: async (turn) => {
      const { target } = turn.me;
      for (const [subject, id] of [['person', target.victimId], ['case', target.family.caseId]] as const) {
        await show(turn, paths.restricted.breakGlass(subject, id));
        await send(turn, paths.restricted.breakGlass(subject, id), { reason: REASON });
      }
    },
  },
  {
    name: 'allocate her family’s case to themselves, a colleague or their team',
    run: async (turn) => {
      const { me } = turn;
      const caseId = me.target.family.caseId;
      await show(turn, paths.cases.overview(caseId));
      for (const allocation of [{ workerId: me.id, teamId: '' }, { workerId: me.colleagueId, teamId: '' }, { workerId: '', teamId: me.teamId }]) {
        await send(turn, paths.cases.allocate(caseId), allocation);
      }
    },
  },
  {
    // A threshold decision opens or steps the family's case and gives it to a team: the adversary's own.
    name: 'decide each contact about her, giving her family’s case to their own team',
    run: async (turn) => {
      const { me } = turn;
      for (const contactId of me.target.family.contactIds) {
        await show(turn, paths.contacts.decision(contactId));
        await send(turn, paths.contacts.decision(contactId), { pathway: 'child-protection', reason: REASON, daServiceReferral: 'idsva', checkMarac: 'yes', teamId: me.teamId });
      }
      await show(turn, paths.cases.overview(me.target.family.caseId));
    },
  },
  {
    name: 'restrict her record and her case, then look',
    run: async (turn) => {
      const { target } = turn.me;
      for (const [subject, id] of [['person', target.victimId], ['case', target.family.caseId]] as const) {
        await show(turn, paths.restricted.restrict(subject, id));
        await send(turn, paths.restricted.restrict(subject, id), { reason: REASON });
        await show(turn, subject === 'person' ? paths.people.person(id) : paths.cases.overview(id));
      }
    },
  },
  {
    name: 'give themselves or a colleague access, and sight of her whereabouts',
    run: async (turn) => {
      const { me } = turn;
      const { victimId, family } = me.target;
      await show(turn, paths.restricted.grant('person', victimId));
      for (const userId of [me.id, me.colleagueId]) {
        await send(turn, paths.restricted.grant('person', victimId), { userId, reason: REASON });
        await send(turn, paths.restricted.grant('case', family.caseId), { userId, reason: REASON });
      }
      // Themselves, a colleague, and the worker who must visit her (the one a manager may rightly give it to).
      for (const whereaboutsUserId of new Set([me.id, me.colleagueId, turn.allocatedWorkerId])) {
        await send(turn, paths.restricted.whereabouts(victimId), { whereaboutsUserId, days: '28', whereaboutsReason: REASON });
      }
    },
  },
  {
    name: 'lift the restrictions, and withdraw what they gave',
    run: async (turn) => {
      const { me } = turn;
      const { victimId, family } = me.target;
      // Lifting first: withdrawing their own access to a restricted record would leave them unable to.
      await send(turn, paths.restricted.lift('person', victimId), { liftReason: REASON });
      await send(turn, paths.restricted.lift('case', family.caseId), { liftReason: REASON });
      // The grants they gave, as the access pages list them.
      const given = await turn.hunt.db
        .owner()
        .selectFrom('access_grants')
        .select(['id', 'subject_type', 'subject_id'])
        .where('granted_by', '=', me.id)
        .where('kind', 'in', ['grant', 'whereabouts'])
        .where('revoked_at', 'is', null)
        .where('subject_id', 'in', [victimId, family.caseId])
        .execute();
      for (const grant of given) {
        const subject = grant.subject_type === 'case' ? 'case' : 'person';
        await show(turn, paths.restricted.grant(subject, grant.subject_id));
        await send(turn, paths.restricted.withdraw(subject, grant.subject_id), { grantId: grant.id, withdrawReason: REASON });
      }
    },
  },
  {
    // Each only adds a record about her, so one reading after all three sees what any of them opened.
    name: 'record a risk checklist with her, refer her to the Marac, and link her to a police notification',
    run: async (turn) => {
      const { me } = turn;
      await recordChecklist(turn);
      await referToMarac(turn);
      await show(turn, paths.contacts.people(me.unlinkedContactId));
      await send(turn, paths.contacts.link(me.unlinkedContactId, 'v'), { personId: me.target.victimId });
      // Saving the indicators shows the triage page again in the answer to the POST itself.
      await send(turn, paths.contacts.triage(me.unlinkedContactId), { indicators: 'eh-low-coercive-control' });
    },
  },
  {
    name: 'give themselves the IDVA or team manager role',
    run: async (turn) => {
      const { me } = turn;
      await show(turn, paths.admin.user(me.id));
      for (const extra of ['idva', 'team-manager']) {
        await send(turn, paths.admin.user(me.id), { name: `Adversary ${me.label}`, roles: [me.role, extra], teams: [me.teamId], reason: REASON });
      }
    },
  },
  {
    name: 'approve a request for roles: their own, and one they make for a colleague',
    run: async (turn) => {
      const { me } = turn;
      await show(turn, paths.admin.roleRequests);
      await send(turn, paths.admin.approveRoleRequest(me.pendingRequestId), {});
      // An administrator may not also work with families: their colleague is asked the auditor role instead.
      await send(turn, paths.admin.user(me.colleagueId), { name: `Colleague of ${me.label}`, roles: [me.role, me.role === 'admin' ? 'auditor' : 'idva'], teams: [me.teamId], reason: REASON });
      const asked = await turn.hunt.db.owner().selectFrom('role_requests').select('id').where('user_id', '=', me.colleagueId).where('requested_by', '=', me.id).where('status', '=', 'pending').executeTakeFirst();
      if (asked) await send(turn, paths.admin.approveRoleRequest(asked.id), {});
    },
  },
];
