import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { peopleService } from '../../src/features/people/service.js';
import { whereaboutsService } from '../../src/features/people/whereabouts-service.js';
import { relationshipsService } from '../../src/features/people/relationships-service.js';
import { loadUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp } from '../helpers/app.js';

it('dumps', async () => {
  const t = await startTestApp();
  const tenant = await createTestTenant(t.db);
  const user = (await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users['team-manager'].id)))!;
  const caller = { kind: 'user', user } as const;
  const { id } = await peopleService(t.db).create(caller, { givenName: 'Bethan', familyName: 'Jones', dateOfBirth: '1988-01-20', otherNames: ['Beth'], interpreterNeeded: true, firstLanguage: 'Welsh', identifiers: [{ agency: 'Police', identifier: 'PNC 123' }],
    addresses: [{ line1: '2 Old Street', from: '2015-01-01', to: '2024-06-30' }, { line1: '17 Hideaway', postcode: 'ZZ9 9ZZ', withheld: true, withheldReason: 'Fled' }], contactDetails: [{ kind: 'phone', value: '0123' }] }, randomUUID());
  const { id: child } = await peopleService(t.db).create(caller, { givenName: 'Kid', familyName: 'Jones' }, randomUUID());
  const { id: dad } = await peopleService(t.db).create(caller, { givenName: 'Dad', familyName: 'Smith' }, randomUUID());
  const rel = relationshipsService(t.db);
  await rel.add(caller, id, child, 'parent-of', randomUUID());
  await rel.add(caller, dad, child, 'parent-of', randomUUID());
  await whereaboutsService(t.db).setSafeContact(caller, id, { safeNumber: '0777', mayLeaveMessage: false, askIfAloneFirst: true, neutralLetters: true }, randomUUID());
  const v = await signedIn(t.app, tenant.users['team-manager'].email);
  writeFileSync('/tmp/person.html', (await v.get(paths.people.person(id))).body);
  writeFileSync('/tmp/child.html', (await v.get(paths.people.person(child))).body);
  writeFileSync('/tmp/new.html', (await v.get(paths.people.new)).body);
  writeFileSync('/tmp/rel.html', (await v.get(paths.people.relationships(id) + '?name=Dad+Smith')).body);
  writeFileSync('/tmp/edit.html', (await v.get(paths.people.edit(id))).body);
  writeFileSync('/tmp/safe.html', (await v.get(paths.people.safeContact(id))).body);
  const sw = await signedIn(t.app, tenant.users['social-worker'].email);
  writeFileSync('/tmp/safe-sw.html', (await sw.get(paths.people.safeContact(id))).body);
  await t.close();
});
