import { ACTION_TARGET_LABELS, MARAC_RISK_LABELS, MEETING_OUTCOME_LABELS, REVIEW_VERDICT_LABELS, type MaracRisk } from '../../domain/marac/actions.js';
import { formatDate } from '../../platform/http/format.js';
import { MARAC_HANDLING, type Block, type Paper } from '../../platform/documents/paper.js';
import type { SharedPerson, SharedSummary } from './partner-service.js';
import { criterionInWords } from './referral-words.js';
import type { StoredReturn } from './research-queries.js';
import type { MaracRunSheetService } from './run-sheet-service.js';

/**
 * The Marac's papers, built only from the shared summary (names, dates of birth, relationships, the
 * referral's reasons, risks and criteria), the agencies' returns and the run sheet: never from a person's
 * record, so no address, withheld or not, can be in them. A released address is shown on screen to the
 * agency it was released to, never in a paper.
 */

type Recipient = Paper['recipient'];

const born = (p: SharedPerson) => (p.dateOfBirth ? `born ${formatDate(p.dateOfBirth)}` : 'date of birth not known');
const personLine = (role: string, p: SharedPerson) => `${role}: ${p.name}, ${born(p)}${p.relationship ? `. ${p.relationship}` : ''}`;

function caseBlocks(s: SharedSummary): Block[] {
  return [
    { kind: 'heading', level: 2, text: `Case ${s.position}: ${s.victim.name}${s.repeat ? ' (repeat referral)' : ''}${s.late ? ' (late addition)' : ''}` },
    { kind: 'list', items: [personLine('Victim', s.victim), ...(s.personCausingHarm ? [personLine('Person causing harm', s.personCausingHarm)] : []), ...s.children.map((c) => personLine('Child', c))] },
    { kind: 'paragraph', text: `Referred on ${formatDate(s.referredOn)}${s.referringAgency ? ` by ${s.referringAgency}` : ''}.` },
    { kind: 'paragraph', text: `Risks: ${s.risks ?? 'none given'}` },
    { kind: 'list', items: s.criteria.map(criterionInWords).map((c) => `${c.label}. ${c.evidence}`) },
  ];
}

export function agendaPaper(meetingLabel: string, researchDue: string, cases: readonly SharedSummary[], recipient: Recipient): Paper {
  return {
    kind: 'marac-agenda',
    title: 'Marac agenda',
    subtitle: meetingLabel,
    audience: 'marac-agency',
    recipient,
    handling: MARAC_HANDLING,
    blocks: [
      { kind: 'paragraph', text: `${cases.length} case${cases.length === 1 ? '' : 's'}. Each agency checks its own records for every person named and returns its research by ${researchDue}.` },
      ...cases.flatMap(caseBlocks),
    ],
  };
}

export function researchPackPaper(meetingLabel: string, s: SharedSummary, returns: readonly (StoredReturn & { agencyName: string })[], recipient: Recipient): Paper {
  const name = (id: string) => [s.victim, s.personCausingHarm, ...s.children].find((p) => p?.id === id)?.name ?? 'Someone no longer on the case';
  return {
    kind: 'marac-research-pack',
    title: `Marac research pack: case ${s.position}`,
    subtitle: meetingLabel,
    audience: 'marac-agency',
    recipient,
    handling: MARAC_HANDLING,
    blocks: [
      ...caseBlocks(s),
      { kind: 'heading', level: 2, text: 'What each agency returned' },
      ...(returns.length
        ? returns.flatMap((r): Block[] => [
            { kind: 'heading', level: 3, text: r.agencyName },
            {
              kind: 'list',
              items: [
                ...r.findings.map((f) => (f.known ? `${name(f.personId)}: ${[f.involvement && `involvement now: ${f.involvement}`, f.history && `history: ${f.history}`, f.risks && `risks: ${f.risks}`].filter(Boolean).join('; ')}` : `${name(f.personId)}: not known`)),
                ...(r.offers.length || r.otherOffer ? [`Can offer: ${[...r.offers, ...(r.otherOffer ? [r.otherOffer] : [])].join('; ')}`] : []),
              ],
            },
          ])
        : [{ kind: 'paragraph' as const, text: 'No agency has returned research yet.' }]),
    ],
  };
}

type Sheet = Awaited<ReturnType<MaracRunSheetService['runSheet']>>;

const riskWords = (code: string) => MARAC_RISK_LABELS[code as MaracRisk] ?? code;

export function minutesPaper(meetingLabel: string, sheet: Sheet, recipient: Recipient): Paper {
  return {
    kind: 'marac-minutes',
    title: 'Marac minutes',
    subtitle: `${meetingLabel}. Chair: ${sheet.meeting.chair}.`,
    audience: 'marac-agency',
    recipient,
    handling: MARAC_HANDLING,
    blocks: [
      { kind: 'heading', level: 2, text: 'Attendance' },
      { kind: 'list', items: sheet.members.map((m) => `${m.name}: ${m.attendance?.status === 'present' ? `present (${m.attendance.representative ?? ''})` : m.attendance?.status === 'apologies' ? 'apologies' : m.attendance?.status === 'absent' ? 'absent' : 'not recorded'}`) },
      ...(sheet.carried.length ? [{ kind: 'heading' as const, level: 2 as const, text: 'Actions from earlier meetings still open' }, { kind: 'list' as const, items: sheet.carried.map((a) => `${a.victimName}: ${a.aim} (${a.agencyName}, due ${formatDate(a.dueOn)}). ${a.statusNote ?? 'The owner has not said why.'}`) }] : []),
      ...sheet.cases.flatMap((c): Block[] => [
        { kind: 'heading', level: 2, text: `Case ${c.position}: ${c.victimName}` },
        { kind: 'paragraph', text: `${c.outcome ? MEETING_OUTCOME_LABELS[c.outcome] : 'No outcome recorded'}${c.outcomeReason ? `: ${c.outcomeReason}` : ''}.` },
        { kind: 'paragraph', text: `Risks identified: ${c.riskCodes.length ? c.riskCodes.map((r) => (r === 'other' && c.riskOther ? `${riskWords(r)} (${c.riskOther})` : riskWords(r))).join('; ') : 'none recorded'}.` },
        ...(c.earlier.length ? [{ kind: 'list' as const, items: c.earlier.map((e) => `Earlier action: ${e.action.aim}. ${e.verdict ? REVIEW_VERDICT_LABELS[e.verdict] : 'Not reviewed'}${e.note ? `: ${e.note}` : ''}`) }] : []),
        c.actions.length
          ? { kind: 'table', caption: `Actions for case ${c.position}`, headers: ['Action', 'For', 'Addresses', 'Owner', 'Due'], rows: c.actions.map((a) => [a.aim, ACTION_TARGET_LABELS[a.forWhom], a.risks.map(riskWords).join(', '), `${a.agencyName}${a.ownerName ? ` (${a.ownerName})` : ''}`, formatDate(a.dueOn)]) }
          : { kind: 'paragraph', text: 'No actions were set.' },
      ]),
      ...(sheet.corrections.length ? [{ kind: 'heading' as const, level: 2 as const, text: 'Corrections' }, { kind: 'list' as const, items: sheet.corrections.map((k) => `${k.correction} (${k.reason})`) }] : []),
    ],
  };
}
