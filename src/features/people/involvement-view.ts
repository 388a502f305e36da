import { CASE_STAGE_LABELS, type CaseStage } from '../../domain/cases/case-events.js';
import { CONTACT_ROLE_LABELS, CONTACT_SOURCE_LABELS, PATHWAY_LABELS, type ContactRole, type ContactSource } from '../../domain/contacts/contact.js';
import type { Pathway } from '../../domain/triage/threshold.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { PeopleService } from './service.js';

type Involvement = NonNullable<Awaited<ReturnType<PeopleService['involvement']>>>;

/** The person's incidents with each threshold decision, and their cases (each with its chronology of events about them), as the person page lists them. */
export function involvementView(involvement: Involvement, personId: string) {
  return {
    contacts: involvement.contacts.map((c) => ({
      receivedAt: c.received_at,
      title: `${CONTACT_SOURCE_LABELS[c.source as ContactSource] ?? c.source} contact${c.reference ? ` ${c.reference}` : ''}`,
      role: CONTACT_ROLE_LABELS[c.role as ContactRole] ?? c.role,
      decision:
        c.status === 'decided' && c.decided_pathway
          ? `${PATHWAY_LABELS[c.decided_pathway as Pathway] ?? c.decided_pathway}`
          : c.status === 'sent-to-allocated-worker'
            ? 'Sent to the allocated worker of an open case'
            : 'Waiting for a threshold decision',
      decidedAt: c.decided_at,
      href: involvement.mayOpenContacts ? paths.contacts.contact(c.id) : null,
    })),
    cases: involvement.cases.map((c) => ({
      reference: c.reference ?? 'A restricted case',
      href: c.id ? paths.cases.overview(c.id) : null,
      /** The case's chronology showing only the events about this person. */
      chronologyHref: c.id ? withQuery(paths.cases.chronology(c.id), { person: personId }) : null,
      stage: CASE_STAGE_LABELS[c.stage as CaseStage] ?? c.stage,
      status: c.status === 'open' ? 'Open' : 'Closed',
      openedAt: c.opened_at,
    })),
  };
}
