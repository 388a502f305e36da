/** How a document went to someone, and the lawful basis for sharing it (SPEC.md "Lawful basis"). */

export const DISCLOSURE_METHODS = ['post', 'by-hand', 'secure-email', 'email', 'in-person', 'collected'] as const;
export type DisclosureMethod = (typeof DISCLOSURE_METHODS)[number];

export const DISCLOSURE_METHOD_LABELS: Record<DisclosureMethod, string> = {
  post: 'By post',
  'by-hand': 'Delivered by hand',
  'secure-email': 'By secure email',
  email: 'By email',
  'in-person': 'Given in person at a meeting or visit',
  collected: 'Collected from the office',
};

export const LAWFUL_BASES = ['public-task', 'safeguarding', 'legal-obligation', 'vital-interests', 'consent'] as const;
export type LawfulBasis = (typeof LAWFUL_BASES)[number];

export const LAWFUL_BASIS_LABELS: Record<LawfulBasis, { text: string; hint: string }> = {
  'public-task': { text: 'Public task', hint: 'UK GDPR Article 6(1)(e): our duties under the Children Act 1989' },
  safeguarding: { text: 'Safeguarding children and people at risk', hint: 'UK GDPR Article 6(1)(e) and Article 9(2)(g), Data Protection Act 2018 Schedule 1 paragraph 18' },
  'legal-obligation': { text: 'Legal obligation', hint: 'UK GDPR Article 6(1)(c): for example, a court order' },
  'vital-interests': { text: 'Vital interests', hint: 'UK GDPR Article 6(1)(d): to protect someone’s life' },
  consent: { text: 'Consent', hint: 'UK GDPR Article 6(1)(a): the person agreed, and it is recorded' },
};
