/** Ethnic groups as in the 2021 Census for England and Wales (ONS), with a code for each. */
export const ETHNICITIES = [
  { code: 'asian-bangladeshi', group: 'Asian, Asian British or Asian Welsh', label: 'Bangladeshi' },
  { code: 'asian-chinese', group: 'Asian, Asian British or Asian Welsh', label: 'Chinese' },
  { code: 'asian-indian', group: 'Asian, Asian British or Asian Welsh', label: 'Indian' },
  { code: 'asian-pakistani', group: 'Asian, Asian British or Asian Welsh', label: 'Pakistani' },
  { code: 'asian-other', group: 'Asian, Asian British or Asian Welsh', label: 'Any other Asian background' },
  { code: 'black-african', group: 'Black, Black British, Black Welsh, Caribbean or African', label: 'African' },
  { code: 'black-caribbean', group: 'Black, Black British, Black Welsh, Caribbean or African', label: 'Caribbean' },
  { code: 'black-other', group: 'Black, Black British, Black Welsh, Caribbean or African', label: 'Any other Black, Black British, or Caribbean background' },
  { code: 'mixed-white-asian', group: 'Mixed or multiple ethnic groups', label: 'White and Asian' },
  { code: 'mixed-white-black-african', group: 'Mixed or multiple ethnic groups', label: 'White and Black African' },
  { code: 'mixed-white-black-caribbean', group: 'Mixed or multiple ethnic groups', label: 'White and Black Caribbean' },
  { code: 'mixed-other', group: 'Mixed or multiple ethnic groups', label: 'Any other Mixed or multiple ethnic background' },
  { code: 'white-british', group: 'White', label: 'English, Welsh, Scottish, Northern Irish or British' },
  { code: 'white-irish', group: 'White', label: 'Irish' },
  { code: 'white-gypsy-irish-traveller', group: 'White', label: 'Gypsy or Irish Traveller' },
  { code: 'white-roma', group: 'White', label: 'Roma' },
  { code: 'white-other', group: 'White', label: 'Any other White background' },
  { code: 'other-arab', group: 'Other ethnic group', label: 'Arab' },
  { code: 'other-any', group: 'Other ethnic group', label: 'Any other ethnic group' },
  { code: 'not-known', group: 'Not known', label: 'Not known' },
  { code: 'declined', group: 'Not known', label: 'Prefers not to say' },
] as const;

export type EthnicityCode = (typeof ETHNICITIES)[number]['code'];

export const ETHNICITY_CODES = ETHNICITIES.map((e) => e.code) as [EthnicityCode, ...EthnicityCode[]];

export function ethnicityLabel(code: string | null): string {
  const found = ETHNICITIES.find((e) => e.code === code);
  return found ? `${found.group}: ${found.label}` : '';
}

/** Black, Asian and racially minoritised, as counted in the Marac data return. */
export function isRaciallyMinoritised(code: string | null): boolean {
  return code !== null && !['white-british', 'white-irish', 'white-other', 'not-known', 'declined'].includes(code);
}
