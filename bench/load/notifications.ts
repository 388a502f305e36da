/**
 * A realistic police notification for the ingest benchmark: a victim named as a record holds them
 * (with a slip now and then, as a different agency would write it), a person causing harm and a
 * child, so every request goes through matching against the whole tenant.
 */
export function notificationBody(people: readonly { givenName: string; familyName: string; dateOfBirth: string | null }[], i: number, reference: string): string {
  const victim = people[i % people.length]!;
  const other = people[(i * 7 + 3) % people.length]!;
  const slip = i % 3 === 0 ? victim.givenName.toLowerCase() : victim.givenName;
  const now = Date.now();
  return JSON.stringify({
    source: 'police',
    reference: `BENCH/${reference}`,
    receivedAt: new Date(now - 60_000).toISOString(),
    incident: {
      occurredAt: new Date(now - 3_600_000).toISOString(),
      place: 'At the family home',
      abuseTypes: ['physical', 'verbal'],
      childrenPresent: true,
      childrenSaw: i % 2 === 0,
      injuries: i % 4 === 0,
      weaponUsed: false,
      alcoholOrDrugs: i % 5 === 0,
      summary: 'Neighbours heard shouting and called the police; officers attended.',
    },
    schoolTold: false,
    people: [
      { ref: 'v', role: 'victim', givenName: slip, familyName: victim.familyName, ...(victim.dateOfBirth ? { dateOfBirth: victim.dateOfBirth } : {}) },
      { ref: 'h', role: 'person-causing-harm', givenName: other.givenName, familyName: other.familyName },
      { ref: 'c', role: 'child', givenName: 'Ruby', familyName: victim.familyName, dateOfBirth: '2019-05-04' },
    ],
    relationships: [{ from: 'v', to: 'h', type: 'intimate-partners' }],
  });
}
