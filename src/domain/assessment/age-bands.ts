/**
 * What living with domestic abuse may do to a child, by age (seed 004, section 5): the signs to look for
 * in each band, as a checklist with notes. The words are ours.
 */
export const AGE_BANDS = ['early-years', 'school-age', 'adolescence'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  'early-years': 'Infancy and pre-school (under 5)',
  'school-age': 'School age (5 to 11)',
  adolescence: 'Adolescence (12 and over)',
};

export interface Indicator {
  code: string;
  label: string;
}

export const IMPACT_INDICATORS: Record<AgeBand, readonly Indicator[]> = {
  'early-years': [
    { code: 'developmental-delay', label: 'Slow to reach developmental milestones' },
    { code: 'distress', label: 'Distressed, aggressive, fearful, withdrawn or anxious' },
    { code: 'wetting-soiling', label: 'Wetting or soiling' },
    { code: 'seeking-attention', label: 'Seeks attention constantly' },
    { code: 'play-and-social', label: 'Struggles with other children, or cannot settle to play' },
  ],
  'school-age': [
    { code: 'conduct', label: 'Behaviour problems or low wellbeing: very quiet and withdrawn, or loud and aggressive' },
    { code: 'school-attendance', label: 'Misses school or falls behind, for example staying home to look after the victim' },
    { code: 'self-harm-eating', label: 'Harms themselves or has an eating disorder' },
    { code: 'bullying', label: 'Bullies others or is bullied' },
  ],
  adolescence: [
    { code: 'mental-health-antisocial', label: 'Mental health problems or serious anti-social behaviour' },
    { code: 'anger', label: 'Angry or aggressive' },
    { code: 'low-mood', label: 'Low mood or depression' },
    { code: 'intervenes-or-leaves', label: 'Steps in to stop the abuse, or leaves home to get away from it' },
    { code: 'school-attendance', label: 'Misses school or falls behind, for example staying home to look after the victim' },
    { code: 'self-harm-eating', label: 'Harms themselves or has an eating disorder' },
    { code: 'own-relationships', label: 'Abuse or violence in their own relationships, as victim or as the one who harms' },
  ],
};

/** The band for a child of this age in whole years; null when the age is not known. */
export function bandForAge(age: number | null): AgeBand | null {
  if (age === null || !Number.isFinite(age) || age < 0) return null;
  if (age < 5) return 'early-years';
  if (age < 12) return 'school-age';
  return 'adolescence';
}

/** The indicators to offer for a band; every band's (each code once) when the age is not known. */
export function indicatorsFor(band: AgeBand | null): readonly Indicator[] {
  if (band) return IMPACT_INDICATORS[band];
  const seen = new Set<string>();
  return AGE_BANDS.flatMap((b) => IMPACT_INDICATORS[b]).filter((i) => !seen.has(i.code) && Boolean(seen.add(i.code)));
}
