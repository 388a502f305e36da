import { pageCountOf } from '../../platform/http/pagination.js';
import { ServiceError } from '../../platform/http/service-error.js';
import { accessFacts, mayBreakGlass, openToUser, viewerOf } from '../../platform/access/decide.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import type { Viewer } from '../../domain/redaction/confidential.js';
import { actorOf, apiViewer, tenantOf, type Caller } from './caller.js';
import { requireOpenPerson } from './access.js';
import { PeopleError } from './errors.js';
import * as q from './queries.js';
import { casesOfPerson, contactsOfPerson } from './queries/involvement.js';

export { PeopleError } from './errors.js';
import { PERSON_FIELD_COLUMNS, type PersonField, type PersonRecord } from './records.js';
import type { NewPersonInput, PersonChanges } from './schemas.js';

/** A save based on an old version: says which fields others changed since. */
export class VersionConflict extends ServiceError {
  constructor(
    readonly currentVersion: number,
    readonly changedFields: string[],
  ) {
    super(409, `This person was changed since you opened them (${changedFields.join(', ') || 'details'}). Check the changes and try again.`, 'version', [
      { path: '/version', message: `This person was changed since version you sent; the current version is ${currentVersion}` },
      ...changedFields.map((f) => ({ path: `/${f}`, message: `${f} was changed since your version` })),
    ]);
  }
}

export type PersonLookup =
  | { kind: 'found'; record: PersonRecord; viewer: Viewer }
  | { kind: 'restricted'; id: string; name: string; breakGlass: boolean }
  | { kind: 'not-related'; id: string; name: string; dateOfBirth: string | null; breakGlass: boolean };

const SEARCH_PAGE = 20;

function requireUserCan(caller: Caller, action: 'person:view' | 'person:create' | 'person:edit' | 'whereabouts:withhold'): void {
  if (caller.kind === 'user' && !can(caller.user, action)) throw new PeopleError(403, 'You do not have permission to do this');
}

/** Every time someone is shown a withheld address, contact detail or code word, that view is its own audit event. */
async function auditWithheldView(trx: Trx, user: CurrentUser, record: PersonRecord, viewer: Viewer, requestId: string | null): Promise<void> {
  if (!viewer.mayViewWithheld) return;
  const addresses = record.addresses.filter((a) => a.withholding).length;
  const contactDetails = record.contactDetails.filter((c) => c.withholding).length;
  const safeContact = Boolean(record.safeContact && [record.safeContact.safeNumber, record.safeContact.codeWord].some((v) => v?.withheld));
  if (!addresses && !contactDetails && !safeContact) return;
  await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'whereabouts.view', subjectType: 'person', subjectId: record.id, requestId, details: { addresses, contactDetails, safeContact } });
}

export function peopleService(db: Database) {
  async function load(trx: Trx, caller: Caller, id: string, requestId: string | null = null): Promise<PersonLookup | null> {
    const record = await q.findPerson(trx, id);
    if (!record) return null;
    const name = `${record.givenName} ${record.familyName}`;
    if (caller.kind === 'api') {
      return record.restricted ? { kind: 'restricted', id, name, breakGlass: false } : { kind: 'found', record, viewer: apiViewer(caller) };
    }
    const user = caller.user;
    const person = await accessFacts(trx, user, { kind: 'person', id });
    if (!person) return null;
    if (!can(user, 'person:view', person)) {
      if (!can(user, 'person:view')) return null;
      const breakGlass = mayBreakGlass(user, person);
      if (record.restricted && !person.actorHasGrant) return { kind: 'restricted', id, name, breakGlass };
      return { kind: 'not-related', id, name, dateOfBirth: record.dateOfBirth, breakGlass };
    }
    const viewer = viewerOf(user, person);
    await auditWithheldView(trx, user, record, viewer, requestId);
    return { kind: 'found', record, viewer };
  }

  return {
    SEARCH_PAGE,

    async create(caller: Caller, input: NewPersonInput, requestId: string): Promise<{ id: string; version: number }> {
      requireUserCan(caller, 'person:create');
      if (input.addresses?.some((a) => a.withheld) || input.contactDetails?.some((c) => c.withheld)) requireUserCan(caller, 'whereabouts:withhold');
      const tenantId = tenantOf(caller);
      return db.tenant(tenantId, async (trx) => {
        const { id, withheld } = await q.insertPerson(trx, tenantId, input, caller.kind === 'user' ? caller.user.id : null);
        await recordAudit(trx, tenantId, { ...actorOf(caller), action: 'person.create', subjectType: 'person', subjectId: id, requestId });
        // Whereabouts withheld from the start are recorded as withheld later would be (issue 11, finding 4).
        for (const item of withheld) {
          await recordAudit(trx, tenantId, { ...actorOf(caller), action: `${item.what}.withhold`, subjectType: 'person', subjectId: id, requestId, details: { id: item.id, onCreate: true } });
        }
        return { id, version: 1 };
      });
    },

    async get(caller: Caller, id: string, requestId: string | null = null): Promise<PersonLookup | null> {
      requireUserCan(caller, 'person:view');
      return db.tenant(tenantOf(caller), (trx) => load(trx, caller, id, requestId));
    },

    /**
     * The person's chronology of involvement: the contacts they are on with each threshold decision, and
     * their cases. Only for someone the record opens to; a restricted case they cannot open is not named.
     */
    async involvement(user: CurrentUser, id: string) {
      return db.tenant(user.tenantId, async (trx) => {
        const person = await accessFacts(trx, user, { kind: 'person', id });
        if (!person || !can(user, 'person:view', person)) return null;
        const [contacts, cases] = await Promise.all([contactsOfPerson(trx, id), casesOfPerson(trx, id)]);
        const named = await Promise.all(cases.map(async (c) => ({ ...c, open: await openToUser(trx, user, { kind: 'case', id: c.id }, c.restricted) })));
        return {
          contacts,
          cases: named.map((c) => ({ ...c, id: c.open ? c.id : null, reference: c.open ? c.reference : null })),
          mayOpenContacts: can(user, 'contact:view'),
        };
      });
    },

    /** Restricted people appear by name only, and only as "restricted". */
    async search(caller: Caller, query: { name?: string; dateOfBirth?: string; nhsNumber?: string }, page = 1, requestId: string | null = null) {
      requireUserCan(caller, 'person:view');
      const found = await db.tenant(tenantOf(caller), async (trx) => {
        // Every search is audited with its terms (in the audit log, never in the service's logs).
        const terms = Object.fromEntries(Object.entries(query).filter(([, v]) => typeof v === 'string' && v.trim() !== ''));
        await recordAudit(trx, tenantOf(caller), { ...actorOf(caller), action: 'person.search', subjectType: 'person', subjectId: null, requestId, details: { terms, page } });
        return q.searchPeople(trx, query, SEARCH_PAGE, (page - 1) * SEARCH_PAGE, caller.kind === 'user' ? caller.user.id : null);
      });
      return {
        total: found.total,
        page,
        pageCount: pageCountOf(found.total, SEARCH_PAGE),
        results: found.rows.map((r) =>
          r.restricted
            ? { id: r.id, name: `${r.given_name} ${r.family_name}`, restricted: true as const }
            : { id: r.id, name: `${r.given_name} ${r.family_name}`, restricted: false as const, otherNames: r.other_names, dateOfBirth: r.date_of_birth },
        ),
      };
    },

    /** Records another agency's identifier for the person (a police, NHS or school reference). */
    async addIdentifier(caller: Caller, id: string, identifier: { agency: string; identifier: string }, requestId: string): Promise<void> {
      requireUserCan(caller, 'person:edit');
      const tenantId = tenantOf(caller);
      await db.tenant(tenantId, async (trx) => {
        await requireOpenPerson(trx, caller, id);
        await q.insertIdentifier(trx, tenantId, id, identifier);
        await recordAudit(trx, tenantId, { ...actorOf(caller), action: 'person.add-identifier', subjectType: 'person', subjectId: id, requestId, details: { agency: identifier.agency } });
      });
    },

    /** Saves changes made to `version`. A stale version is refused, naming what changed since. */
    async update(caller: Caller, id: string, version: number, changes: PersonChanges, requestId: string): Promise<{ version: number }> {
      requireUserCan(caller, 'person:edit');
      const tenantId = tenantOf(caller);
      return db.tenant(tenantId, async (trx) => {
        const found = await load(trx, caller, id);
        if (!found) throw new PeopleError(404, 'There is no such person');
        if (found.kind === 'restricted') throw new PeopleError(403, 'This record is restricted');
        if (found.kind === 'not-related') throw new PeopleError(403, 'You do not work with this person');
        if (found.record.mergedInto) throw new PeopleError(409, 'This record was merged into another record. Make the change on that record');
        if (found.record.version !== version) {
          throw new VersionConflict(found.record.version, await q.fieldsChangedSince(trx, id, version));
        }
        const fields = (Object.keys(changes) as PersonField[]).filter((f) => f in PERSON_FIELD_COLUMNS);
        if (fields.length === 0) return { version };
        const newVersion = await q.updatePerson(trx, id, version, q.personColumns(changes));
        // Someone saved between our read and our write: name what they changed (their change is committed, so this statement sees it).
        if (newVersion === null) {
          const changed = await q.fieldsChangedSince(trx, id, version);
          throw new VersionConflict(version + 1, changed.length ? changed : fields);
        }
        await q.insertChange(trx, tenantId, id, newVersion, fields, caller.kind === 'user' ? caller.user.id : null);
        await recordAudit(trx, tenantId, { ...actorOf(caller), action: 'person.update', subjectType: 'person', subjectId: id, requestId, details: { fields, version: newVersion } });
        return { version: newVersion };
      });
    },
  };
}

export type PeopleService = ReturnType<typeof peopleService>;

// What other features may use of people: the presenters (the one way a person's details become
// output), the name look-ups shared with contact matching, the API's person shape, and the API caller.
export { presentContactDetail, presentGivenAddress, presentIncidentPlace, presentPersonForApi } from './present.js';
export { familyNameParts, nicknamesOf, prefixRange, spellings } from './queries/name-retrieval.js';
export { personResponse, SEXES } from './schemas.js';
export { apiCaller } from './caller.js';
