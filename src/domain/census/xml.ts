import type { CensusChild, CensusEpisode } from './records.js';
import type { CensusYear } from './year.js';

/**
 * The census as the DfE's XML (CIN_schema_2024.xsd). Elements are written in exactly the order of
 * the schema's sequences; optional elements with no value are left out. The file holds no names, no
 * addresses and no contact details: the schema has no place for them.
 */

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

type Node = string | null | undefined | false;

function element(name: string, value: string | null | undefined): Node {
  return value === null || value === undefined ? null : `<${name}>${escapeXml(value)}</${name}>`;
}

function group(name: string, children: Node[]): string {
  return `<${name}>${children.filter((c): c is string => Boolean(c)).join('')}</${name}>`;
}

function episodeXml(e: CensusEpisode): string {
  return group('CINdetails', [
    element('CINreferralDate', e.referralDate),
    element('ReferralSource', e.referralSource),
    element('PrimaryNeedCode', e.primaryNeed),
    element('CINclosureDate', e.closureDate),
    element('ReasonForClosure', e.reasonForClosure),
    element('DateOfInitialCPC', e.dateOfInitialCpc),
    ...e.assessments.map((a) =>
      group('Assessments', [
        element('AssessmentActualStartDate', a.startDate),
        element('AssessmentAuthorisationDate', a.authorisationDate),
        a.factors.length > 0 && group('FactorsIdentifiedAtAssessment', a.factors.map((f) => element('AssessmentFactors', f))),
      ]),
    ),
    ...e.cinPlans.map((p) => group('CINPlanDates', [element('CINPlanStartDate', p.startDate), element('CINPlanEndDate', p.endDate)])),
    ...e.section47s.map((s) =>
      group('Section47', [
        element('S47ActualStartDate', s.startDate),
        element('InitialCPCtarget', s.initialCpcTarget),
        element('DateOfInitialCPC', s.dateOfInitialCpc),
        element('ICPCnotRequired', s.icpcNotRequired ? 'true' : 'false'),
      ]),
    ),
    element('ReferralNFA', e.referralNfa ? 'true' : 'false'),
    ...e.cpPlans.map((p) =>
      group('ChildProtectionPlans', [
        element('CPPstartDate', p.startDate),
        element('CPPendDate', p.endDate),
        element('InitialCategoryOfAbuse', p.initialCategory),
        element('LatestCategoryOfAbuse', p.latestCategory),
        element('NumberOfPreviousCPP', String(p.numberOfPreviousCpp)),
        p.reviewDates.length > 0 && group('Reviews', p.reviewDates.map((d) => element('CPPreviewDate', d))),
      ]),
    ),
  ]);
}

function childXml(c: CensusChild): string {
  return group('Child', [
    group('ChildIdentifiers', [
      element('LAchildID', c.laChildId),
      element('UPN', c.upn),
      element('UPNunknown', c.upnUnknown),
      element('PersonBirthDate', c.birthDate),
      element('GenderCurrent', c.gender),
    ]),
    group('ChildCharacteristics', [element('Ethnicity', c.ethnicity), c.disabilities.length > 0 && group('Disabilities', c.disabilities.map((d) => element('Disability', d)))]),
    ...c.episodes.map(episodeXml),
  ]);
}

export interface CensusHeader {
  year: CensusYear;
  /** The local authority's three-digit DfE number, when the tenant has one. */
  lea: string | null;
  /** When the file was made (an ISO timestamp without fractions). */
  madeAt: string;
  softwareVersion: string;
}

/** The whole census file, one child a line so that a diff or a reader can follow it. */
export function censusXml(header: CensusHeader, children: readonly CensusChild[]): string {
  const head = group('Header', [
    group('CollectionDetails', [element('Collection', 'CIN'), element('Year', String(header.year.year)), element('ReferenceDate', header.year.end)]),
    header.lea !== null &&
      group('Source', [element('SourceLevel', 'L'), element('LEA', header.lea), element('SoftwareCode', 'Wraparound'), element('Release', header.softwareVersion), element('DateTime', header.madeAt)]),
  ]);
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<Message>', head, '<Children>', ...children.map(childXml), '</Children>', '</Message>', ''].join('\n');
}
