import type { ContactsService } from '../features/contacts/service.js';
import type { NewContactInput } from '../features/contacts/schemas.js';

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

function notification(reference: string, receivedHoursAgo: number, people: NewContactInput['people'], story: Partial<NewContactInput['incident']> = {}): NewContactInput {
  return {
    source: 'police',
    reference,
    receivedAt: hoursAgo(receivedHoursAgo),
    incident: {
      occurredAt: hoursAgo(receivedHoursAgo + 8),
      abuseTypes: ['verbal', 'emotional-psychological'],
      childrenPresent: true,
      injuries: false,
      weaponUsed: false,
      alcoholOrDrugs: false,
      summary: 'Officers attended after a neighbour reported shouting. Both adults spoken to separately.',
      ...story,
    },
    schoolTold: true,
    people,
  };
}

/**
 * Police notifications for the demo MASH queue: a repeat about the early help family (one earlier
 * contact already linked and decided, a new one not yet linked), a family nobody knows, one already
 * overdue, and one about the family in refuge that goes straight to their allocated worker.
 */
export async function seedDemoContacts(
  tenantId: string,
  contacts: ContactsService,
  known: { kowal: { dad: string; mum: string; boy: string }; hallam: { younger: string; father: string; mother: string } },
  teamId: string,
): Promise<void> {
  const system = { kind: 'system', tenantId } as const;
  const { kowal, hallam } = known;
  const earlier = await contacts.receive(system, notification('DEMO/2026/0412', 24 * 90, [
    { ref: 'v', role: 'victim', personId: kowal.mum, givenName: 'Agnieszka', familyName: 'Demo-Kowal', dateOfBirth: '1988-06-02' },
    { ref: 'h', role: 'person-causing-harm', personId: kowal.dad, givenName: 'Tomasz', familyName: 'Demo-Kowal', dateOfBirth: '1985-02-14' },
    { ref: 'c', role: 'child', personId: kowal.boy, givenName: 'Filip', familyName: 'Demo-Kowal', dateOfBirth: '2016-10-10' },
  ]), null);
  await contacts.setIndicators(system, earlier.id, ['eh-low-nonphysical'], null);
  await contacts.decide(system, earlier.id, { pathway: 'early-help', reason: 'First incident, verbal only; parents accepted early help', daServiceReferral: 'victim-support', checkMarac: false, teamId }, null);
  await contacts.receive(system, notification('DEMO/2026/1187', 3, [
    { ref: 'v', role: 'victim', givenName: 'Agnieska', familyName: 'Demo-Kowal', dateOfBirth: '1988-02-06', postcode: 'ZZ3 8LD' },
    { ref: 'h', role: 'person-causing-harm', givenName: 'Tom', familyName: 'Demo-Kowal', dateOfBirth: '1985-02-14' },
    { ref: 'c', role: 'child', givenName: 'Filip', familyName: 'Demo-Kowal', dateOfBirth: '2016-10-10', school: 'Demoford Juniors' },
  ], { abuseTypes: ['physical', 'controlling-coercive'], injuries: true, summary: 'Second call this year. Victim had bruising to her arm and said he checks her phone every night.', childVoice: 'Dad gets angry when Mum goes out.' }), null);
  await contacts.receive(system, notification('DEMO/2026/1190', 1, [
    { ref: 'v', role: 'victim', givenName: 'Marisol', familyName: 'Demo-Quennell', dateOfBirth: '1993-04-17' },
    { ref: 'h', role: 'person-causing-harm', givenName: 'Dorian', familyName: 'Demo-Quennell', dateOfBirth: '1990-08-02' },
    { ref: 'c', role: 'child', givenName: 'Tobiah', familyName: 'Demo-Quennell', dateOfBirth: '2022-05-09' },
  ], { childrenSaw: true, summary: 'Argument in the street outside the family home; the child was in a buggy.' }), null);
  await contacts.receive(system, notification('DEMO/2026/1102', 24 * 6, [
    { ref: 'v', role: 'victim', givenName: 'Ewa', familyName: 'Demo-Lindqvist', dateOfBirth: '1979-12-30' },
    { ref: 'c1', role: 'child', givenName: 'Nils', familyName: 'Demo-Lindqvist', dateOfBirth: '2010-03-03' },
  ], { childrenPresent: false, summary: 'Ex-partner sent repeated messages and waited outside her work.', abuseTypes: ['harassment-stalking', 'technology-facilitated'] }), null);
  await contacts.receive(system, notification('DEMO/2026/1195', 2, [
    { ref: 'v', role: 'victim', personId: hallam.mother, givenName: 'Roksana', familyName: 'Demo-Hallam' },
    { ref: 'h', role: 'person-causing-harm', personId: hallam.father, givenName: 'Gareth', familyName: 'Demo-Hallam' },
    { ref: 'c', role: 'child', personId: hallam.younger, givenName: 'Zak', familyName: 'Demo-Hallam', dateOfBirth: '2021-01-30' },
  ], { place: 'Outside a school in another area', summary: 'Father seen near a school out of area asking after the children. He was moved on.', childrenPresent: false }), null);
}
