import { loadUser, type CurrentUser } from '../platform/auth/current-user.js';
import type { Database } from '../platform/db/database.js';
import { demoEmail } from '../features/admin/demo-seed.js';
import type { CaseNotesService } from '../features/cases/notes-service.js';
import type { CasesService } from '../features/cases/service.js';
import type { ContactsService } from '../features/contacts/service.js';
import { seedDemoContacts } from './contacts.js';
import { seedDemoMarac } from './marac.js';
import { seedDemoRisk } from './risk.js';
import { seedDemoCasework, type DemoCaseworkServices } from './casework.js';
import type { MaracService } from '../features/marac/service.js';
import type { RiskService } from '../features/risk/service.js';
import type { RelationshipsService } from '../features/people/relationships-service.js';
import type { PeopleService } from '../features/people/service.js';
import type { WhereaboutsService } from '../features/people/whereabouts-service.js';
import type { SafetyService } from '../features/safety/service.js';
import type { NewPersonInput } from '../features/people/schemas.js';

export interface DemoServices {
  people: PeopleService;
  whereabouts: WhereaboutsService;
  relationships: RelationshipsService;
  cases: CasesService;
  caseNotes: CaseNotesService;
  safety: SafetyService;
  contacts: ContactsService;
  risk: RiskService;
  marac: MaracService;
  casework: DemoCaseworkServices;
}

const REQUEST = 'demo-seed';

async function userByEmail(db: Database, tenantId: string, email: string): Promise<CurrentUser> {
  return db.tenant(tenantId, async (trx) => {
    const row = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    const user = await loadUser(trx, row.id);
    if (!user) throw new Error(`demo user ${email} is missing`);
    return user;
  });
}

/**
 * A handful of made-up families for the demo tenant: every name, address, number and story here is
 * invented, and the postcodes use the ZZ prefix, which the Royal Mail never issues.
 */
export async function seedDemoFamilies(db: Database, tenantId: string, svc: DemoServices): Promise<void> {
  const manager = await userByEmail(db, tenantId, demoEmail('team-manager'));
  const worker = await userByEmail(db, tenantId, demoEmail('social-worker'));
  const me = { kind: 'user', user: manager } as const;
  const person = async (input: NewPersonInput) => (await svc.people.create(me, input, REQUEST)).id;
  const teamId = manager.teamIds[0];
  if (!teamId) throw new Error('The demo team manager has no team');

  // 1. A mother who fled with her children: her new address is withheld from everyone outside the need to know.
  const mother = await person({
    givenName: 'Roksana',
    familyName: 'Demo-Hallam',
    dateOfBirth: '1991-03-08',
    sex: 'female',
    ethnicity: 'asian-bangladeshi',
    firstLanguage: 'Sylheti',
    interpreterNeeded: true,
    interpreterSex: 'female',
    addresses: [
      { line1: '41 Kestrel Road', town: 'Demoford', postcode: 'ZZ1 4AB', from: '2016-05-01', to: '2026-09-30' },
      { line1: 'Flat 3, 9 Linnet Court', town: 'Otherbury', postcode: 'ZZ7 2QP', from: '2026-10-01', withheld: true, withheldReason: 'Moved to refuge after high-risk assault; father must not learn where' },
    ],
    contactDetails: [{ kind: 'phone', value: '07700 900 417', label: 'Mobile (new)', withheld: true, withheldReason: 'New number since leaving' }],
  });
  const father = await person({ givenName: 'Gareth', familyName: 'Demo-Hallam', dateOfBirth: '1987-11-21', sex: 'male', ethnicity: 'white-british', addresses: [{ line1: '41 Kestrel Road', town: 'Demoford', postcode: 'ZZ1 4AB', from: '2016-05-01' }] });
  const older = await person({ givenName: 'Iman', familyName: 'Demo-Hallam', dateOfBirth: '2013-07-19', sex: 'female', send: true });
  const younger = await person({ givenName: 'Zak', familyName: 'Demo-Hallam', dateOfBirth: '2021-01-30', sex: 'male' });
  for (const child of [older, younger]) {
    await svc.relationships.add(me, mother, child, 'parent-of', REQUEST);
    await svc.relationships.add(me, father, child, 'parent-of', REQUEST);
  }
  await svc.relationships.add(me, mother, father, 'formerly-married', REQUEST);
  await svc.whereabouts.setSafeContact(me, mother, { safeNumber: '07700 900 417', safeTimes: 'Weekdays 10am to 2pm, while the children are at school', mayLeaveMessage: false, askIfAloneFirst: true, codeWord: 'bluebell', neutralLetters: true }, REQUEST);
  const hallam = await svc.cases.open(manager, {
    stage: 'child-protection',
    members: [
      { personId: older, role: 'child' },
      { personId: younger, role: 'child' },
      { personId: mother, role: 'adult-victim' },
      { personId: father, role: 'person-causing-harm' },
    ],
    workerId: worker.id,
    teamId,
  }, REQUEST);
  await svc.safety.addMustNotReceive(manager, hallam.id, father, ['address', 'contact-details'], 'Person causing harm; mother and children have fled', REQUEST);
  const daysAgo = (days: number, hour: number) => new Date(Date.now() - days * 86_400_000 + (hour - new Date().getUTCHours()) * 3_600_000);
  await svc.caseNotes.add(manager, hallam.id, {
    kind: 'meeting',
    occurredAt: daysAgo(12, 10),
    present: 'Police (public protection unit), health visitor, school designated safeguarding lead, team manager',
    body: 'Strategy discussion held. Iman said she hid in her room with Zak and heard shouting and glass breaking. Mother and children now in refuge out of area.',
    seen: {},
  }, REQUEST);
  await svc.caseNotes.add(worker, hallam.id, {
    kind: 'home-visit',
    occurredAt: daysAgo(5, 15),
    present: 'Roksana (mother), Iman, Zak; a female Sylheti interpreter',
    body: 'Visited at the refuge. Iman talked to me on her own in the playroom: she feels safer but misses her school friends. Zak stayed with his mum and played with his cars.',
    seen: { [older]: 'alone', [younger]: 'with-others' },
  }, REQUEST);

  // 2. An early help family: one low-level incident, no withholding.
  const dad = await person({ givenName: 'Tomasz', familyName: 'Demo-Kowal', dateOfBirth: '1985-02-14', sex: 'male', ethnicity: 'white-other', firstLanguage: 'Polish', addresses: [{ line1: '12 Willow Walk', town: 'Demoford', postcode: 'ZZ3 8LD', from: '2019-08-01' }] });
  const mum = await person({ givenName: 'Agnieszka', familyName: 'Demo-Kowal', dateOfBirth: '1988-06-02', sex: 'female', ethnicity: 'white-other', firstLanguage: 'Polish', addresses: [{ line1: '12 Willow Walk', town: 'Demoford', postcode: 'ZZ3 8LD', from: '2019-08-01' }] });
  const boy = await person({ givenName: 'Filip', familyName: 'Demo-Kowal', dateOfBirth: '2016-10-10', sex: 'male' });
  await svc.relationships.add(me, mum, boy, 'parent-of', REQUEST);
  await svc.relationships.add(me, dad, boy, 'parent-of', REQUEST);
  await svc.relationships.add(me, mum, dad, 'married', REQUEST);
  // The school referred Filip before anyone found his record, so he was added a second time: a duplicate
  // for a manager to merge ("Merge with a duplicate record" on either record's page).
  await person({ givenName: 'Filip', familyName: 'Demo-Kowal', dateOfBirth: '2016-10-10', sex: 'male', identifiers: [{ agency: 'Demoford Primary School', identifier: 'DEMO-SCH-0417' }] });
  const kowal = await svc.cases.open(manager, { stage: 'early-help', members: [{ personId: boy, role: 'child' }, { personId: mum, role: 'adult-victim' }, { personId: dad, role: 'person-causing-harm' }], teamId }, REQUEST);

  // 3. A restricted family: the mother's relative works in the council, so only named workers may open it.
  const nan = await person({ givenName: 'Precious', familyName: 'Demo-Adeyemi', dateOfBirth: '1964-09-09', sex: 'female', ethnicity: 'black-african' });
  const mom = await person({ givenName: 'Folake', familyName: 'Demo-Adeyemi', dateOfBirth: '1995-12-01', sex: 'female', ethnicity: 'black-african', addresses: [{ line1: '7 Heron Row', town: 'Demoford', postcode: 'ZZ2 6TT', from: '2022-03-01' }] });
  const baby = await person({ givenName: 'Tobi', familyName: 'Demo-Adeyemi', dateOfBirth: '2025-11-02', sex: 'male' });
  await svc.relationships.add(me, mom, baby, 'parent-of', REQUEST);
  await svc.relationships.add(me, nan, mom, 'parent-of', REQUEST);
  const adeyemi = await svc.cases.open(manager, { stage: 'assessment', members: [{ personId: baby, role: 'child' }, { personId: mom, role: 'adult-victim' }, { personId: nan, role: 'supporter' }], workerId: worker.id, teamId }, REQUEST);
  await svc.safety.restrict(manager, 'case', adeyemi.id, 'A family member works in children’s services', REQUEST);
  await svc.safety.restrict(manager, 'person', mom, 'A family member works in children’s services', REQUEST);
  await svc.safety.grant(manager, 'case', adeyemi.id, worker.id, 'Allocated social worker', REQUEST);
  await svc.safety.grant(manager, 'person', mom, worker.id, 'Allocated social worker', REQUEST);

  await seedDemoContacts(tenantId, svc.contacts, { kowal: { dad, mum, boy }, hallam: { younger, father, mother } }, teamId);
  const referrals = await seedDemoRisk(svc, worker, { hallamMother: mother, hallamFather: father, hallamChildren: [older, younger], hallamCase: hallam.id, kowalMother: mum, kowalCase: kowal.id });
  await seedDemoCasework(db, tenantId, svc.casework, worker, { caseId: hallam.id, mother, father, children: [older, younger] });
  await seedDemoMarac(db, tenantId, referrals, { coordinator: await userByEmail(db, tenantId, demoEmail('marac-coordinator')), rep: await userByEmail(db, tenantId, demoEmail('agency-rep')) });
}
