import { afterAll, beforeAll, describe, it } from 'vitest';
import { casesService } from '../../src/features/cases/service.js';
import { contactsService } from '../../src/features/contacts/service.js';
import { peopleService } from '../../src/features/people/service.js';
import { loadUser } from '../../src/platform/auth/current-user.js';
import { createTestTenant, startTestApp, type TestApp, type TestTenant } from '../helpers/app.js';
import { policeNotification } from '../helpers/contacts.js';
import { expectChainIntact, fuzzApi, fuzzForms, statuses, type FuzzWorld } from '../fuzz/fuzz-run.js';

// Issue 11, "What to build" 4: every API route with bodies made from its schema and mutated, every
// form with random and hostile values: never a 5xx or a stack trace, a refusal never writes a row,
// and the audit chain verifies at the end. FUZZ_RUNS sets the cases of each kind (`npm run fuzz --
// --runs N` for a longer run); CI runs the default.
const RUNS = Number(process.env.FUZZ_RUNS ?? 600);

let t: TestApp;
let tenant: TestTenant;
let world: FuzzWorld;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  const manager = (await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users['team-manager'].id)))!;
  const worker = (await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users['social-worker'].id)))!;
  const people = peopleService(t.db);
  const by = { kind: 'user' as const, user: manager };
  const victim = (await people.create(by, { givenName: 'Fenna', familyName: 'Calloway', dateOfBirth: '1992-08-09', addresses: [{ line1: '3 Withheld Row', withheld: true, withheldReason: 'Fled' }] }, 'f')).id;
  const child = (await people.create(by, { givenName: 'Bram', familyName: 'Calloway', dateOfBirth: '2019-01-02' }, 'f')).id;
  const kase = await casesService(t.db).open(manager, { stage: 'child-in-need', members: [{ personId: victim, role: 'adult-victim' }, { personId: child, role: 'child' }], workerId: worker.id }, 'f');
  const contact = await contactsService(t.db).receive({ kind: 'system', tenantId: tenant.id }, policeNotification(), null);
  world = {
    t,
    tenant,
    ids: {
      personId: [victim, child],
      caseId: [kase.id],
      contactId: [contact.id],
      recordId: [victim, kase.id],
      subject: ['person', 'case'],
      userId: [tenant.users['social-worker'].id],
      ref: ['v', 'c', 'h'],
      section: ['1', '2'],
    },
  };
});
afterAll(async () => {
  console.log('fuzz statuses', JSON.stringify([...statuses].sort((a, b) => a[0] - b[0])));
  await t.close();
});

describe('fuzzing', () => {
  it(`answers ${RUNS} generated API requests clearly, writing nothing when it refuses`, { timeout: 30 * 60_000 }, async () => {
    await fuzzApi(world, RUNS);
    await expectChainIntact(t, tenant.id);
  });

  it(`answers ${RUNS} hostile form posts clearly, as every role, writing nothing when it refuses`, { timeout: 30 * 60_000 }, async () => {
    await fuzzForms(world, RUNS);
    await expectChainIntact(t, tenant.id);
  });
});
