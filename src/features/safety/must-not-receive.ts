import type { Trx } from '../../platform/db/database.js';
import { activeEntriesFor } from './queries.js';

export const PROTECTED_INFORMATION = ['address', 'contact-details', 'plan-content'] as const;
export type ProtectedInformation = (typeof PROTECTED_INFORMATION)[number];

export const PROTECTED_INFORMATION_LABELS: Record<ProtectedInformation, string> = {
  address: 'Addresses',
  'contact-details': 'Contact details',
  'plan-content': 'What the plans say',
};

export type RecipientDecision = { allowed: true } | { allowed: false; withhold: ProtectedInformation[]; reasons: string[] };

/**
 * For documents, letters and shares: may this person receive these kinds of information from this
 * case? Later document features call this before they send anything, and refuse or redact.
 */
export async function mayReceive(trx: Trx, caseId: string, recipientPersonId: string, information: readonly ProtectedInformation[]): Promise<RecipientDecision> {
  const entries = await activeEntriesFor(trx, caseId, recipientPersonId);
  const blocked = new Set(entries.flatMap((e) => e.information));
  const withhold = information.filter((i) => blocked.has(i));
  if (withhold.length === 0) return { allowed: true };
  return { allowed: false, withhold, reasons: entries.map((e) => e.reason) };
}
