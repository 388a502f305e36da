import { AGE_BAND_LABELS, indicatorsFor, type AgeBand } from './age-bands.js';
import { answered, missingAnswers, readAnswers, type Answers, type Field, type Option, type Problem } from './section-fields.js';

/**
 * The sections of a child and family assessment where there is domestic abuse (seed 004, sections 5
 * and 8). Family sections are answered once; a child's section once for each child on the case.
 */
export const SECTION_KEYS = ['domestic-abuse', 'childs-voice', 'impact', 'parenting', 'analysis'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export function isSectionKey(value: unknown): value is SectionKey {
  return typeof value === 'string' && (SECTION_KEYS as readonly string[]).includes(value);
}

/** A family section's part; a child's section has the child's id. */
export const FAMILY_PART = '';

export interface SectionInfo {
  key: SectionKey;
  title: string;
  perChild: boolean;
  /** What the section is for, shown above its questions. */
  about: string;
}

export const SECTIONS: Record<SectionKey, SectionInfo> = {
  'domestic-abuse': {
    key: 'domestic-abuse',
    title: 'The domestic abuse',
    perChild: false,
    about: 'What has happened, how the adult victim sees it, and what it means for her and the children. Ask her on her own.',
  },
  'childs-voice': {
    key: 'childs-voice',
    title: 'The child’s voice',
    perChild: true,
    about: 'What the child told you about their life at home, in their own words, and how you saw them.',
  },
  impact: {
    key: 'impact',
    title: 'Impact on the child',
    perChild: true,
    about: 'The signs of harm you see for a child of this age, and how the abuse affects their development and school.',
  },
  parenting: {
    key: 'parenting',
    title: 'Parenting capacity',
    perChild: false,
    about: 'Each parent’s capacity to meet the children’s needs. Name the person causing harm’s behaviour as his, and the pattern of control, not only the incidents.',
  },
  analysis: {
    key: 'analysis',
    title: 'Strengths, analysis and recommendation',
    perChild: false,
    about: 'What keeps the children safe, who is in the family’s safety network, your analysis, and what you recommend.',
  },
};

const text = (name: string, label: string, required = true, hint?: string): Field => ({ name, kind: 'text', label, required, ...(hint ? { hint } : {}) });
const opts = (pairs: readonly (readonly [string, string])[]): Option[] => pairs.map(([value, label]) => ({ value, label }));

export const RECOMMENDATIONS = ['no-further-action', 'early-help', 'child-in-need-plan', 'strategy-discussion'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];
export const RECOMMENDATION_LABELS: Record<Recommendation, string> = {
  'no-further-action': 'No further action',
  'early-help': 'Early help',
  'child-in-need-plan': 'A child in need plan',
  'strategy-discussion': 'A strategy discussion',
};

export const BARRIERS = opts([
  ['financial', 'Money: she depends on him, or would have none'],
  ['housing', 'Housing: nowhere safe to go'],
  ['cultural', 'Culture, faith or community'],
  ['immigration', 'Immigration status'],
]);

export const CONTROL_PATTERN = opts([
  ['isolating', 'Cuts her off from family and friends'],
  ['monitoring', 'Checks her phone, movements or spending'],
  ['money', 'Controls the money'],
  ['threats', 'Threatens her, the children or himself'],
  ['degrading', 'Puts her down or humiliates her'],
  ['using-children', 'Uses the children against her'],
]);

const SEEN_ALONE = opts([
  ['yes', 'Yes, on their own'],
  ['no', 'No, someone else was there'],
]);

const FIELDS: Record<Exclude<SectionKey, 'impact'>, readonly Field[]> = {
  'domestic-abuse': [
    text('incidents', 'How many incidents, how often, and how serious'),
    { name: 'minimises', kind: 'choice', label: 'Does she play down the abuse or its effect on the children?', required: true, options: opts([['no', 'No'], ['partly', 'Partly'], ['yes', 'Yes']]) },
    { name: 'accepts', kind: 'choice', label: 'How far does she accept that what happens is abuse?', required: true, options: opts([['fully', 'She sees it as abuse'], ['partly', 'In part'], ['not', 'She does not']]) },
    text('minimisingNotes', 'What she says about the abuse and its effect on the children', false),
    text('impactOnVictim', 'The effect of the abuse on her, and on her parenting'),
    text('childrenWhere', 'Where the children are when it happens, and what they see, hear and live with'),
    { name: 'childrenIntervene', kind: 'choice', label: 'Have the children tried to step in to stop it?', required: true, options: opts([['yes', 'Yes'], ['no', 'No'], ['not-known', 'Not known']]) },
    text('interveneNotes', 'What the children did when they stepped in', false),
    text('protectedBefore', 'What she has done before to protect the children'),
    text('protectNow', 'What she can do now to protect them'),
    { name: 'barriers', kind: 'checkboxes', label: 'What stops her from leaving', hint: 'Choose all that apply.', required: false, options: BARRIERS },
    text('barrierNotes', 'More about what stops her from leaving', false),
    text('support', 'Her support network, and how she copes for herself and the children'),
    {
      name: 'extendedFamily',
      kind: 'choice',
      label: 'The extended family',
      required: true,
      options: opts([['able-and-willing', 'Able and willing to support her and protect the children'], ['willing-not-able', 'Willing, but not able'], ['not-willing', 'Not willing'], ['complicit', 'Part of the abuse, or condone it'], ['not-known', 'Not known']]),
    },
    text('extendedFamilyNotes', 'More about the extended family', false),
  ],
  'childs-voice': [
    text('sawHeardDid', 'What they saw, heard and did'),
    text('feelings', 'How they feel about home and the people in it'),
    text('ownWords', 'In their own words', true, 'Write down what they said, as they said it.'),
    text('seenWhere', 'How and where you saw them', true, 'For example, at school on their own, or at home.'),
    { name: 'seenAlone', kind: 'choice', label: 'Did you see them on their own?', required: true, options: SEEN_ALONE },
    { name: 'othersPresent', kind: 'text', label: 'Who else was there', required: false, max: 500 },
    text('understanding', 'Their understanding, for their age', true, 'How much they understand of what happens at home, and how you took that into account.'),
  ],
  parenting: [
    text('victimCapacity', 'The adult victim’s capacity to meet the children’s needs, with the abuse going on'),
    text('harmerCapacity', 'The person causing harm’s capacity to meet the children’s needs'),
    { name: 'controlPattern', kind: 'checkboxes', label: 'The pattern of control by the person causing harm', hint: 'Choose all that apply.', required: false, options: CONTROL_PATTERN },
    text('harmerBehaviour', 'The person causing harm’s behaviour', true, 'Name what he does and the pattern of it, not only the incidents.'),
    text('harmerEffect', 'The effect of his behaviour on the family'),
  ],
  analysis: [
    text('strengths', 'Strengths and protective factors'),
    text('safetyNetwork', 'The family’s safety network', true, 'The people around the family who know about the abuse and will help keep the children safe.'),
    text('analysis', 'Your analysis'),
    { name: 'recommendation', kind: 'choice', label: 'What do you recommend?', required: true, options: RECOMMENDATIONS.map((r) => ({ value: r, label: RECOMMENDATION_LABELS[r] })) },
  ],
};

/** The questions of a section; the impact section's checklist is the child's age band's (every band's when the age is not known). */
export function sectionFields(key: SectionKey, band: AgeBand | null = null): readonly Field[] {
  if (key !== 'impact') return FIELDS[key];
  return [
    { name: 'indicators', kind: 'checkboxes', label: band ? `Signs seen: ${AGE_BAND_LABELS[band].toLowerCase()}` : 'Signs seen', hint: 'Choose all that you have seen.', required: false, options: indicatorsFor(band).map((i) => ({ value: i.code, label: i.label })) },
    text('indicatorNotes', 'What you saw, and who told you'),
    text('development', 'The effect on their health and development'),
    text('school', 'The effect on school or nursery', true, 'Attendance, learning and friendships.'),
  ];
}

/**
 * Reads a section's answers from a form, with every problem named by its field: what the form sent,
 * the section's own rules (a child seen alone has nobody else named as there), and, when the worker
 * marks it complete, each question still unanswered.
 */
export function checkSection(key: SectionKey, band: AgeBand | null, body: Record<string, unknown>, completing: boolean): { answers: Answers; problems: Problem[] } {
  const fields = sectionFields(key, band);
  const { answers, problems } = readAnswers(fields, body);
  if (key === 'childs-voice') {
    if (answers.seenAlone === 'yes' && answered(answers.othersPresent)) {
      problems.push({ field: 'othersPresent', message: 'You said the child was seen on their own: leave “who else was there” empty, or say they were not seen on their own' });
    }
    if (completing && answers.seenAlone === 'no' && !answered(answers.othersPresent)) {
      problems.push({ field: 'othersPresent', message: 'Say who else was there when you saw the child' });
    }
  }
  if (completing) problems.push(...missingAnswers(fields, answers).filter((m) => !problems.some((p) => p.field === m.field)));
  return { answers, problems };
}

/** The label of a question, for "who changed what" (a question no longer asked keeps its name). */
export function fieldLabel(key: SectionKey, name: string): string {
  if (name === 'completed') return 'whether the section is complete';
  const all = key === 'impact' ? sectionFields(key, null) : FIELDS[key];
  return all.find((f) => f.name === name)?.label ?? name;
}

export type SectionStatus = 'not-started' | 'in-progress' | 'completed';

export interface SectionSlot {
  section: SectionKey;
  /** FAMILY_PART, or the child's id. */
  part: string;
}

/** Every section the assessment needs: each family section once, each child's section for each child. */
export function requiredSlots(childIds: readonly string[]): SectionSlot[] {
  return SECTION_KEYS.flatMap((section) => (SECTIONS[section].perChild ? childIds.map((part) => ({ section, part })) : [{ section, part: FAMILY_PART }]));
}

/** The sections not yet marked complete (an assessment with no children still needs its family sections). */
export function incompleteSlots(childIds: readonly string[], saved: readonly { section: string; part: string; completed: boolean }[]): SectionSlot[] {
  return requiredSlots(childIds).filter((slot) => !saved.some((s) => s.section === slot.section && s.part === slot.part && s.completed));
}

export function statusOf(saved: { completed: boolean } | undefined): SectionStatus {
  return !saved ? 'not-started' : saved.completed ? 'completed' : 'in-progress';
}
