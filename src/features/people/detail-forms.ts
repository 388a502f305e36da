/** The small forms of the person page: a contact detail, safe-contact preferences, a reason to withhold, a relationship, an identifier. */
import { z } from 'zod';
import { RELATIONSHIP_KINDS, type RelationshipKind } from '../../domain/people/relationships.js';
import { box, EVEN_WITH_OTHER_MISTAKES, optionalBox, ticked, UUID } from './forms.js';
import { contactDetailInput, type ContactDetailInput } from './schemas.js';
import type { SafeContactInput } from './whereabouts-service.js';

const c = contactDetailInput.shape;

export const contactDetailForm = z
  .object({
    kind: optionalBox(c.kind),
    value: box(c.value),
    label: optionalBox(c.label),
    withheld: ticked,
    withheldReason: optionalBox(c.withheldReason),
  })
  // The API's rule across the contact detail (schemas.ts), named even when another box is wrong.
  .refine((d) => !d.withheld || Boolean(d.withheldReason), { path: ['withheldReason'], message: 'Give the reason the contact detail is withheld', ...EVEN_WITH_OTHER_MISTAKES })
  .transform((d): ContactDetailInput => d);

const answered = (question: string) => box(z.enum(['yes', 'no'], { message: question })).transform((v) => v === 'yes');
/** A box that may be left blank (then not given). */
const upTo = (max: number, message: string) =>
  box(z.string().trim().max(max, message)).transform((v) => v || undefined);

export const safeContactForm = z
  .object({
    safeNumber: upTo(40, 'The safe number must be 40 characters or fewer'),
    safeTimes: upTo(500, 'Safe times must be 500 characters or fewer'),
    mayLeaveMessage: answered('Say whether a message may be left'),
    askIfAloneFirst: answered('Say whether to ask first if they are alone and able to talk'),
    codeWord: upTo(60, 'The code word must be 60 characters or fewer'),
    neutralLetters: answered('Say whether letters must be neutrally worded'),
  })
  .transform((s): SafeContactInput => s);

/** Withholding an address or contact detail: the reason, which the audit keeps. */
export const withholdForm = z.object({
  reason: box(z.string().trim().min(1, 'Give the reason this is withheld').max(1000, 'Give a reason of 1000 characters or fewer')),
});

export const identifierForm = z.object({
  agency: z.string({ error: 'Enter the agency' }).trim().min(1, 'Enter the agency').max(100, 'Enter an agency name of 100 characters or fewer'),
  identifier: z.string({ error: 'Enter the identifier' }).trim().min(1, 'Enter the identifier').max(100, 'Enter an identifier of 100 characters or fewer'),
});

/**
 * How this person is related to the other, as the relationship form offers it. A directed kind
 * ("parent of") can be chosen either way round; the service stores it from parent to child.
 */
export const RELATIONSHIP_CHOICES = [
  ...RELATIONSHIP_KINDS.map((kind) => ({ value: kind, kind, reversed: false })),
  { value: 'child-of', kind: 'parent-of' as RelationshipKind, reversed: true },
  { value: 'under-parental-responsibility-of', kind: 'parental-responsibility-for' as RelationshipKind, reversed: true },
] as const;

export type RelationshipChoice = (typeof RELATIONSHIP_CHOICES)[number];

/** The relationship form: the person chosen from the search results, and how they are related. */
export const relationshipForm = z.object({
  to: box(z.string().trim().regex(UUID, 'Choose the person they are related to')),
  kind: box(z.string()).transform((value, ctx): RelationshipChoice => {
    const choice = RELATIONSHIP_CHOICES.find((ch) => ch.value === value);
    if (choice) return choice;
    ctx.addIssue({ code: 'custom', message: 'Choose how they are related' });
    return z.NEVER;
  }),
});

/** Searching for the other person by name, on the relationship page (a GET form). */
export const relationshipSearch = z.object({
  name: box(z.string().trim().min(1, 'Enter a name to search for').max(200, 'The name must be 200 characters or fewer')),
});

const reasonBox = (missing: string) => box(z.string().trim().min(1, missing).max(1000, 'Give a reason of 1000 characters or fewer'));

/** Merging two records: which one is kept (no choice made for the manager), and why they are one person. */
export const mergeForm = (firstId: string, secondId: string) =>
  z.object({
    keep: box(z.enum([firstId, secondId], { message: 'Choose which record to keep' })),
    reason: reasonBox('Say why these records are the same person'),
  });

/** Undoing a merge: why it was wrong. */
export const undoMergeForm = z.object({ reason: reasonBox('Say why the merge is being undone') });
