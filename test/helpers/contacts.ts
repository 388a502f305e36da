import type { NewContactInput } from '../../src/features/contacts/schemas.js';

let counter = 0;

/** An ISO instant some hours before now, so it is never in the future. */
export function hoursAgo(hours: number): string {
  return new Date(Date.now() - hours * 3_600_000).toISOString();
}

export interface NotificationPerson {
  ref: string;
  role: 'victim' | 'person-causing-harm' | 'child' | 'other-adult';
  personId?: string;
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  sex?: 'female' | 'male' | 'intersex' | 'not-known';
  nhsNumber?: string;
  send?: boolean;
  address?: string;
  postcode?: string;
  school?: string;
}

/**
 * A police notification in the API's shape, about a synthetic family: a victim, a person causing
 * harm and one child, unless the people are given. Each call has a fresh police reference.
 */
export function policeNotification(overrides: Partial<Omit<NewContactInput, 'people'>> & { people?: NotificationPerson[] } = {}) {
  counter++;
  return {
    source: 'police' as const,
    reference: `TEST/${Date.now().toString(36)}/${counter}`,
    receivedAt: hoursAgo(2),
    incident: {
      occurredAt: hoursAgo(6),
      place: 'In the street outside a shop',
      abuseTypes: ['physical', 'verbal'] as ('physical' | 'verbal')[],
      childrenPresent: true,
      childrenSaw: true,
      injuries: false,
      weaponUsed: false,
      alcoholOrDrugs: true,
      summary: 'Neighbours called police after shouting; the victim had a cut lip.',
      childVoice: 'I hid in my room with my headphones on.',
    },
    schoolTold: true,
    people: [
      { ref: 'v', role: 'victim' as const, givenName: 'Marisol', familyName: 'Quennell', dateOfBirth: '1991-03-14', sex: 'female' as const },
      { ref: 'h', role: 'person-causing-harm' as const, givenName: 'Dorian', familyName: 'Quennell', dateOfBirth: '1988-08-02', sex: 'male' as const },
      { ref: 'c1', role: 'child' as const, givenName: 'Tobiah', familyName: 'Quennell', dateOfBirth: '2021-05-09', school: 'Brookside Primary' },
    ],
    relationships: [{ from: 'v', to: 'h', type: 'intimate-partners' as const }],
    ...overrides,
  };
}
