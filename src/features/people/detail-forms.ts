/** The small forms of the person page: a contact detail, safe-contact preferences, a reason to withhold, a relationship. */
import { z } from 'zod';
import { RELATIONSHIP_KINDS, type RelationshipKind } from '../../domain/people/relationships.js';
import { formErrors } from '../../platform/http/forms.js';
import { issuesByField, orderedErrors, UUID, type FormValues, type Parsed } from './forms.js';
import { contactDetailInput, type ContactDetailInput } from './schemas.js';
import type { SafeContactInput } from './whereabouts-service.js';

export const CONTACT_DETAIL_KEYS = ['kind', 'value', 'label', 'withheld', 'withheldReason'] as const;

export function parseContactDetail(values: FormValues): Parsed<ContactDetailInput> {
  const parsed = contactDetailInput.safeParse({
    kind: values.kind || undefined,
    value: values.value ?? '',
    label: (values.label ?? '').trim() || undefined,
    withheld: values.withheld === 'yes',
    withheldReason: (values.withheldReason ?? '').trim() || undefined,
  });
  if (parsed.success) return { ok: true, data: parsed.data };
  const found = issuesByField(parsed.error);
  // zod checks the reason only once the rest is right; say everything that is wrong at once.
  if (values.withheld === 'yes' && !(values.withheldReason ?? '').trim()) found.withheldReason ??= 'Give the reason the contact detail is withheld';
  return { ok: false, errors: orderedErrors(found, CONTACT_DETAIL_KEYS) };
}

export const SAFE_CONTACT_KEYS = ['safeNumber', 'safeTimes', 'mayLeaveMessage', 'askIfAloneFirst', 'codeWord', 'neutralLetters'] as const;

const answered = (question: string) => z.enum(['yes', 'no'], { message: question }).transform((v) => v === 'yes');

const safeContactForm = z.object({
  safeNumber: z.string().trim().max(40, 'The safe number must be 40 characters or fewer'),
  safeTimes: z.string().trim().max(500, 'Safe times must be 500 characters or fewer'),
  mayLeaveMessage: answered('Say whether a message may be left'),
  askIfAloneFirst: answered('Say whether to ask first if they are alone and able to talk'),
  codeWord: z.string().trim().max(60, 'The code word must be 60 characters or fewer'),
  neutralLetters: answered('Say whether letters must be neutrally worded'),
});

export function parseSafeContact(values: FormValues): Parsed<SafeContactInput> {
  const parsed = safeContactForm.safeParse({ ...values, mayLeaveMessage: values.mayLeaveMessage || undefined, askIfAloneFirst: values.askIfAloneFirst || undefined, neutralLetters: values.neutralLetters || undefined });
  if (!parsed.success) return { ok: false, errors: orderedErrors(issuesByField(parsed.error), SAFE_CONTACT_KEYS) };
  const d = parsed.data;
  return { ok: true, data: { safeNumber: d.safeNumber || undefined, safeTimes: d.safeTimes || undefined, mayLeaveMessage: d.mayLeaveMessage, askIfAloneFirst: d.askIfAloneFirst, codeWord: d.codeWord || undefined, neutralLetters: d.neutralLetters } };
}

export function parseReason(values: FormValues): Parsed<string> {
  const reason = (values.reason ?? '').trim();
  if (!reason) return { ok: false, errors: formErrors({ reason: 'Give the reason this is withheld' }) };
  if (reason.length > 1000) return { ok: false, errors: formErrors({ reason: 'Give a reason of 1000 characters or fewer' }) };
  return { ok: true, data: reason };
}

/**
 * How this person is related to the other, as the relationship form offers it. A directed kind
 * ("parent of") can be chosen either way round; the service stores it from parent to child.
 */
export const RELATIONSHIP_CHOICES = [
  ...RELATIONSHIP_KINDS.map((kind) => ({ value: kind, kind, reversed: false })),
  { value: 'child-of', kind: 'parent-of' as RelationshipKind, reversed: true },
  { value: 'under-parental-responsibility-of', kind: 'parental-responsibility-for' as RelationshipKind, reversed: true },
] as const;

export const RELATIONSHIP_KEYS = ['to', 'kind'] as const;

export function parseRelationship(values: FormValues, personId: string): Parsed<{ from: string; to: string; kind: RelationshipKind }> {
  const found: Record<string, string> = {};
  const to = (values.to ?? '').trim();
  const choice = RELATIONSHIP_CHOICES.find((c) => c.value === values.kind);
  if (!UUID.test(to)) found.to = 'Choose the person they are related to';
  if (!choice) found.kind = 'Choose how they are related';
  if (!choice || found.to) return { ok: false, errors: orderedErrors(found, RELATIONSHIP_KEYS) };
  return { ok: true, data: choice.reversed ? { from: to, to: personId, kind: choice.kind } : { from: personId, to, kind: choice.kind } };
}
