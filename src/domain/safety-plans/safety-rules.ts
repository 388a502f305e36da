import { compareDates, type PlainDate } from '../calendar/plain-date.js';

/**
 * Safety rules agreed with each parent, and the family's safety network (seed 003 sections 1 and 7).
 * The rules are the parent's own, so the person causing harm's copy holds his rules and nothing else.
 * The network are people close to the family who know the worries and the red flags and what to do.
 */

/** Rules commonly agreed, offered as a start; the worker writes the family's own. */
export const SUGGESTED_RULES = {
  'person-causing-harm': ['You do not come to the family home.', 'You see the children only as arranged with the social worker.', 'You do not shout or argue in front of the children.', 'You contact the other parent only as arranged.'],
  'adult-victim': ['Call 999 if the other parent comes to the home.', 'Keep the children’s school told about who may collect them.'],
  other: ['No shouting or arguing in front of the children.', 'Walk away and keep a distance when things get heated.'],
} as const;

export const RULE_MAX = 300;
export const RULES_MAX = 20;

export interface RulesInput {
  rules: readonly string[];
  agreed: boolean;
  agreedOn: PlainDate | null;
  today: PlainDate;
}

export type Problem = { field: string; message: string };

/** Checks a parent's rules: 1 to 20, each at most 300 characters; agreed with a date not in the future. */
export function checkRules(input: RulesInput): { rules: string[] } | Problem {
  const rules = input.rules.map((r) => r.trim()).filter((r) => r);
  if (rules.length === 0) return { field: 'rules', message: 'Write at least one rule, one a line' };
  if (rules.length > RULES_MAX) return { field: 'rules', message: `Write ${RULES_MAX} rules or fewer` };
  const long = rules.findIndex((r) => r.length > RULE_MAX);
  if (long >= 0) return { field: 'rules', message: `Rule ${long + 1} is too long: write each rule in ${RULE_MAX} characters or fewer` };
  if (input.agreed && !input.agreedOn) return { field: 'agreedOn', message: 'Enter the date the parent agreed the rules' };
  if (input.agreedOn && compareDates(input.agreedOn, input.today) > 0) return { field: 'agreedOn', message: 'The date they agreed cannot be in the future' };
  return { rules };
}

/** Rules as typed in a box, one a line. */
export function rulesFromText(text: string): string[] {
  return text.split(/\r?\n/).map((line) => line.replace(/^\s*[-•*]\s*/, '').trim()).filter((line) => line);
}

export interface NetworkMemberInput {
  name: string;
  relationship: string;
  phone: string;
  email: string;
  knowsWorries: boolean;
  knowsRedFlags: boolean;
  whatToDo: string;
  agreed: boolean;
  agreedOn: PlainDate | null;
  withhold: boolean;
  withholdReason: string;
  today: PlainDate;
}

const PHONE = /^\+?[0-9 ()-]{6,20}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;

/**
 * Checks a member of the safety network: a name and how they know the family; a phone or an email
 * that looks like one; what they will do; their agreement with its date; and a reason whenever their
 * details are withheld.
 */
export function checkNetworkMember(m: NetworkMemberInput): Problem | null {
  const name = m.name.trim();
  if (!name) return { field: 'name', message: 'Enter the person’s name' };
  if (name.length > 200) return { field: 'name', message: 'Write the name in 200 characters or fewer' };
  const relationship = m.relationship.trim();
  if (!relationship) return { field: 'relationship', message: 'Say how they know the family, for example “the children’s grandmother”' };
  if (relationship.length > 200) return { field: 'relationship', message: 'Write 200 characters or fewer' };
  if (!m.phone.trim() && !m.email.trim()) return { field: 'phone', message: 'Enter a phone number or an email address, so they can be reached' };
  if (m.phone.trim() && !PHONE.test(m.phone.trim())) return { field: 'phone', message: 'Enter a phone number, like 01632 960 001 or +44 7700 900 982' };
  if (m.email.trim() && !EMAIL.test(m.email.trim())) return { field: 'email', message: 'Enter an email address in the right form, like name@example.com' };
  if (!m.whatToDo.trim()) return { field: 'whatToDo', message: 'Say what they will do if they see a red flag or are worried' };
  if (m.whatToDo.trim().length > 2000) return { field: 'whatToDo', message: 'Write 2,000 characters or fewer' };
  if (m.agreed && !m.agreedOn) return { field: 'agreedOn', message: 'Enter the date they agreed to be part of the plan' };
  if (m.agreedOn && compareDates(m.agreedOn, m.today) > 0) return { field: 'agreedOn', message: 'The date they agreed cannot be in the future' };
  if (m.withhold && !m.withholdReason.trim()) return { field: 'withholdReason', message: 'Say why their details are withheld' };
  if (m.withholdReason.trim().length > 1000) return { field: 'withholdReason', message: 'Write 1,000 characters or fewer' };
  return null;
}

/** Who made the victim's plan with her. */
export const MADE_WITH = ['idva', 'social-worker'] as const;
export type MadeWith = (typeof MADE_WITH)[number];
export const MADE_WITH_LABELS: Record<MadeWith, string> = { idva: 'Her IDVA', 'social-worker': 'The social worker' };
