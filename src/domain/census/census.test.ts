import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../calendar/working-days.js';
import type { PlainDate } from '../calendar/plain-date.js';
import { closureReasonCode, disabilityCodes, ethnicityCode, genderCode, primaryNeedCode, referralSourceCode, upnUnknownCode } from './codes.js';
import { censusChildren, laChildId, type ChildFacts, type EpisodeFacts } from './records.js';
import { censusYear, censusYearOf, CensusYearError } from './year.js';
import { censusXml, escapeXml } from './xml.js';
import { ETHNICITY_CODES } from '../people/ethnicity.js';
import { CONTACT_SOURCES } from '../contacts/contact.js';

const d = (text: string) => text as PlainDate;
const Y2025 = censusYear('2025');
const XSD = join(import.meta.dirname, 'CIN_schema_2024.xsd');

function episode(over: Partial<EpisodeFacts> = {}): EpisodeFacts {
  return { caseId: 'case-1', caseReference: 'C-0001', referralDate: d('2024-05-01'), contactSource: 'police', abuseReported: true, closedOn: null, assessments: [], enquiries: [], initialConferences: [], plans: [], ...over };
}

function child(over: Partial<ChildFacts> = {}): ChildFacts {
  return { personId: '11111111-2222-3333-4444-555555555555', dateOfBirth: d('2016-02-29'), sex: 'female', ethnicity: 'white-british', disability: null, upns: [], cpPlanStarts: [], episodes: [episode()], ...over };
}

/** xmllint's verdict on a census file: null when it validates, else what it said. */
function xmllint(xml: string): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'census-'));
  const file = join(dir, 'census.xml');
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the collection year', () => {
  it('runs from 1 April to 31 March, named by the year it ends', () => {
    expect(Y2025).toEqual({ year: 2025, start: '2024-04-01', end: '2025-03-31' });
    expect(censusYearOf(d('2025-03-31'))).toBe(2025);
    expect(censusYearOf(d('2025-04-01'))).toBe(2026);
  });

  it('refuses what is not a year, and years out of range, with a plain message', () => {
    for (const bad of ['abc', '25', '2025.5', '', '1800', '3000', '-2025']) expect(() => censusYear(bad)).toThrow(CensusYearError);
    expect(() => censusYear('abc')).toThrow(/four digits/);
    expect(() => censusYear('1800')).toThrow(/from 2009 to 2100/);
  });
});

describe('the codes derived from our facts', () => {
  it('maps every ethnicity and every contact source to a code the schema has', () => {
    const xsd = execFileSync('cat', [XSD]).toString();
    for (const code of ETHNICITY_CODES) expect(xsd).toContain(`value="${ethnicityCode(code)}"`);
    for (const source of CONTACT_SOURCES) expect(xsd).toContain(`value="${referralSourceCode(source)}"`);
    expect(ethnicityCode(null)).toBe('NOBT');
    expect(ethnicityCode('declined')).toBe('REFU');
    expect(referralSourceCode(null)).toBe('10');
    expect(referralSourceCode('police')).toBe('6');
  });

  it('maps sex, disability, need and closure', () => {
    expect([genderCode('male'), genderCode('female'), genderCode('intersex'), genderCode(null), genderCode('not-known')]).toEqual(['1', '2', '9', '0', '0']);
    expect(disabilityCodes(null)).toEqual([]);
    expect(disabilityCodes('None')).toEqual(['NONE']);
    expect(disabilityCodes('Autism and a hearing impairment')).toEqual(['AUT', 'HEAR']);
    expect(disabilityCodes('Asthma')).toEqual(['DDA']);
    expect(primaryNeedCode({ abuseReported: false, childProtection: false, factors: ['3B'] })).toBe('N1');
    expect(primaryNeedCode({ abuseReported: true, childProtection: false, factors: [] })).toBe('N1');
    expect(primaryNeedCode({ abuseReported: false, childProtection: false, factors: ['6A'] })).toBe('N2');
    expect(primaryNeedCode({ abuseReported: false, childProtection: false, factors: ['4B'] })).toBe('N3');
    expect(primaryNeedCode({ abuseReported: false, childProtection: false, factors: [] })).toBe('N0');
    expect(closureReasonCode({ lastRecommendation: 'no-further-action', hadPlan: false })).toBe('RC8');
    expect(closureReasonCode({ lastRecommendation: 'early-help', hadPlan: false })).toBe('RC9');
    expect(closureReasonCode({ lastRecommendation: 'no-further-action', hadPlan: true })).toBe('RC7');
  });

  it('gives the UPN-unknown reason by age on the reference date', () => {
    expect(upnUnknownCode(d('2020-01-01'), Y2025.end)).toBe('UN6');
    expect(upnUnknownCode(d('2008-01-01'), Y2025.end)).toBe('UN1');
    expect(upnUnknownCode(d('2015-01-01'), Y2025.end)).toBe('UN5');
    expect(upnUnknownCode(null, Y2025.end)).toBe('UN5');
  });
});

describe('the census records', () => {
  it('takes a child whose episode touches the year, and leaves out one that does not', () => {
    const before = child({ personId: 'a', episodes: [episode({ referralDate: d('2023-01-01'), closedOn: d('2024-03-31') })] });
    const after = child({ personId: 'b', episodes: [episode({ referralDate: d('2025-04-01') })] });
    const during = child({ personId: 'c', episodes: [episode({ referralDate: d('2023-01-01'), closedOn: d('2024-04-01') })] });
    expect(censusChildren([before, after, during], Y2025, defaultCalendar).map((c) => c.personId)).toEqual(['c']);
  });

  it('maps the episode: the assessment, the enquiry with its 15-working-day target, the plan with its earlier plans and reviews', () => {
    const [record] = censusChildren(
      [
        child({
          upns: ['a123456789012'],
          cpPlanStarts: [d('2021-01-01'), d('2024-06-20')],
          episodes: [
            episode({
              closedOn: d('2025-06-01'),
              assessments: [{ id: 'as', startedOn: d('2024-05-02'), authorisedOn: d('2024-06-10'), factors: ['3B', '4B'], recommendation: 'strategy-discussion' }],
              enquiries: [{ id: 's47', startedOn: d('2024-05-03'), strategyDiscussionOn: d('2024-05-03'), outcome: 'conference' }],
              initialConferences: [{ id: 'icpc', heldOn: d('2024-05-20') }],
              plans: [{ id: 'cp', kind: 'child-protection', startedOn: d('2024-06-20'), endedOn: null, initialCategory: 'emotional', latestCategory: null, reviewDates: [d('2024-09-10'), d('2025-05-01')] }],
            }),
          ],
        }),
      ],
      Y2025,
      defaultCalendar,
    );
    expect(record!.upn).toBe('A123456789012');
    expect(record!.upnUnknown).toBeNull();
    expect(record!.laChildId).toBe(laChildId('11111111-2222-3333-4444-555555555555'));
    const e = record!.episodes[0]!;
    // Closed after the reference date: open as the census sees it.
    expect(e.closureDate).toBeNull();
    expect(e.reasonForClosure).toBeNull();
    expect(e.primaryNeed).toBe('N1');
    expect(e.referralSource).toBe('6');
    expect(e.assessments[0]).toMatchObject({ startDate: '2024-05-02', authorisationDate: '2024-06-10', factors: ['3B', '4B'] });
    // 15 working days from Friday 3 May 2024, across the 6 May and 27 May bank holidays.
    expect(e.section47s[0]).toMatchObject({ startDate: '2024-05-03', initialCpcTarget: '2024-05-28', dateOfInitialCpc: '2024-05-20', icpcNotRequired: false });
    expect(e.dateOfInitialCpc).toBeNull();
    expect(e.cpPlans[0]).toMatchObject({ initialCategory: 'EMO', latestCategory: 'EMO', numberOfPreviousCpp: 1, reviewDates: ['2024-09-10'], endDate: null });
  });

  it('marks an enquiry that ended without needing a conference, and records a conference with no enquiry on the episode', () => {
    const [record] = censusChildren(
      [
        child({
          episodes: [
            episode({ enquiries: [{ id: 's', startedOn: d('2024-05-03'), strategyDiscussionOn: d('2024-05-02'), outcome: 'child-in-need' }] }),
            episode({ caseId: 'case-2', referralDate: d('2024-09-01'), initialConferences: [{ id: 'i', heldOn: d('2024-09-10') }] }),
          ],
        }),
      ],
      Y2025,
      defaultCalendar,
    );
    expect(record!.episodes[0]!.section47s[0]!.icpcNotRequired).toBe(true);
    expect(record!.episodes[1]!.dateOfInitialCpc).toBe('2024-09-10');
  });
});

describe('the census XML', () => {
  it('escapes what XML needs escaped', () => {
    expect(escapeXml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    fc.assert(fc.property(fc.string(), (s) => !/[<>"']|&(?!(amp|lt|gt|quot|apos);)/.test(escapeXml(s))));
  });

  it('validates against the DfE schema for every shape of record the mapping makes', () => {
    const date = fc.integer({ min: 0, max: 700 }).map((n) => new Date(Date.UTC(2023, 9, 1) + n * 86_400_000).toISOString().slice(0, 10) as PlainDate);
    const facts = fc.record({
      dateOfBirth: fc.option(fc.constantFrom(d('2010-01-01'), d('2020-06-30')), { nil: null }),
      sex: fc.constantFrom('male', 'female', 'intersex', 'not-known', null),
      ethnicity: fc.constantFrom(...ETHNICITY_CODES, null),
      disability: fc.constantFrom(null, 'autism', 'none', 'something else'),
      upns: fc.constantFrom([] as string[], ['A123456789012'], ['not a upn']),
      referral: date,
      closed: fc.option(date, { nil: null }),
      source: fc.constantFrom(...CONTACT_SOURCES, null),
      factors: fc.subarray(['3A', '3B', '3C', '1B', '21', '4B']),
      authorised: fc.option(date, { nil: null }),
      planEnd: fc.option(date, { nil: null }),
      category: fc.constantFrom('neglect', 'physical', 'sexual', 'emotional', 'multiple'),
      reviews: fc.array(date, { maxLength: 3 }),
      outcome: fc.constantFrom(null, 'conference', 'child-in-need'),
    });
    const all = fc.sample(facts, { numRuns: 60, seed: 7 }).map((f, i) =>
      child({
        personId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
        dateOfBirth: f.dateOfBirth,
        sex: f.sex,
        ethnicity: f.ethnicity,
        disability: f.disability,
        upns: f.upns,
        cpPlanStarts: [d('2020-01-01'), f.referral],
        episodes: [
          episode({
            referralDate: f.referral,
            closedOn: f.closed,
            contactSource: f.source,
            assessments: [{ id: 'a', startedOn: f.referral, authorisedOn: f.authorised, factors: f.factors, recommendation: null }],
            enquiries: [{ id: 's', startedOn: f.referral, strategyDiscussionOn: f.referral, outcome: f.outcome }],
            initialConferences: [{ id: 'i', heldOn: f.referral }],
            plans: [
              { id: 'cp', kind: 'child-protection', startedOn: f.referral, endedOn: f.planEnd, initialCategory: f.category, latestCategory: f.category, reviewDates: f.reviews },
              { id: 'cin', kind: 'child-in-need', startedOn: f.referral, endedOn: f.planEnd, initialCategory: null, latestCategory: null, reviewDates: [] },
            ],
          }),
        ],
      }),
    );
    const records = censusChildren(all, Y2025, defaultCalendar);
    expect(records.length).toBeGreaterThan(10);
    const xml = censusXml({ year: Y2025, lea: '999', madeAt: '2025-04-02T10:00:00Z', softwareVersion: '1.0' }, records);
    expect(xmllint(xml)).toBeNull();
    // No names, addresses or contact details have anywhere to go.
    expect(xml).not.toMatch(/Name|Address|Postcode|Phone|Email/i);
  });

  it('writes the elements in the schema’s order', () => {
    const xml = censusXml({ year: Y2025, lea: null, madeAt: '2025-04-02T10:00:00Z', softwareVersion: '1.0' }, censusChildren([child()], Y2025, defaultCalendar));
    expect(xml.indexOf('<LAchildID>')).toBeLessThan(xml.indexOf('<UPNunknown>'));
    expect(xml.indexOf('<UPNunknown>')).toBeLessThan(xml.indexOf('<PersonBirthDate>'));
    expect(xml.indexOf('<CINreferralDate>')).toBeLessThan(xml.indexOf('<ReferralNFA>'));
    expect(xml).not.toContain('<Source>');
    expect(xmllint(xml)).toBeNull();
  });
});

describe('a first child protection plan', () => {
  it('writes 0 previous plans, as DfE rule 8730 allows, though this copy of the schema types the field as a positive integer', () => {
    const first = child({ episodes: [episode({ plans: [{ id: 'cp', kind: 'child-protection', startedOn: d('2024-06-01'), endedOn: null, initialCategory: 'neglect', latestCategory: 'neglect', reviewDates: [] }] })] });
    const xml = censusXml({ year: Y2025, lea: null, madeAt: '2025-04-02T10:00:00Z', softwareVersion: '1.0' }, censusChildren([first], Y2025, defaultCalendar));
    expect(xml).toContain('<NumberOfPreviousCPP>0</NumberOfPreviousCPP>');
    expect(xmllint(xml)).toMatch(/NumberOfPreviousCPP.*positiveInteger/);
  });
});
