/**
 * Merging two records of one person: which merges are refused, and what the kept record looks like
 * after. Pure, so every rule is tested on its own (merge.test.ts); the people service moves the links.
 */

export interface MergeSide {
  id: string;
  givenName: string;
  familyName: string;
  otherNames: readonly string[];
  dateOfBirth: string | null;
  nhsNumber: string | null;
  restricted: boolean;
  restrictedReason: string | null;
  /** The record this one was merged into, if it was. */
  mergedInto: string | null;
}

/** Why these two records may not be merged, or null when they may. */
export function mergeRefusal(kept: MergeSide, merged: MergeSide): string | null {
  if (kept.id === merged.id) return 'Choose a different record: a record cannot be merged with itself';
  if (merged.mergedInto !== null) return `The record of ${merged.givenName} ${merged.familyName} has already been merged into another record`;
  if (kept.mergedInto !== null) return `The record of ${kept.givenName} ${kept.familyName} has already been merged into another record`;
  if (kept.nhsNumber && merged.nhsNumber && kept.nhsNumber !== merged.nhsNumber) {
    return 'These records have different NHS numbers, so they are not the same person. Check the NHS numbers before merging';
  }
  return null;
}

/** The kept record's fields that a merge changes. */
export interface MergedFields {
  otherNames: string[];
  dateOfBirth: string | null;
  nhsNumber: string | null;
  restricted: boolean;
  restrictedReason: string | null;
}

const fullName = (s: MergeSide) => `${s.givenName} ${s.familyName}`;

/**
 * The kept record after the merge: it keeps its own name, date of birth and NHS number, and gains what
 * it lacked; the merged record's name (when different) and other names become other names; and it is
 * restricted when either record was, so nothing restricted on either becomes open on the result.
 */
export function mergedFields(kept: MergeSide, merged: MergeSide): MergedFields {
  const known = new Set([fullName(kept), ...kept.otherNames].map((n) => n.toLowerCase()));
  const otherNames = [...kept.otherNames];
  for (const name of [fullName(merged), ...merged.otherNames]) {
    if (!known.has(name.toLowerCase())) {
      known.add(name.toLowerCase());
      otherNames.push(name);
    }
  }
  const restrictedReason = kept.restricted ? kept.restrictedReason : merged.restricted ? merged.restrictedReason : null;
  return {
    otherNames,
    dateOfBirth: kept.dateOfBirth ?? merged.dateOfBirth,
    nhsNumber: kept.nhsNumber ?? merged.nhsNumber,
    restricted: kept.restricted || merged.restricted,
    restrictedReason,
  };
}

/** Facts a manager should weigh before merging, shown on the check page (not refusals). */
export function mergeWarnings(kept: MergeSide, merged: MergeSide): string[] {
  const warnings: string[] = [];
  if (kept.dateOfBirth && merged.dateOfBirth && kept.dateOfBirth !== merged.dateOfBirth) {
    warnings.push('The dates of birth are different. The kept record’s date of birth stays; check it is the right one.');
  }
  if (kept.restricted !== merged.restricted) warnings.push('One of these records is restricted. The merged record will be restricted.');
  return warnings;
}
