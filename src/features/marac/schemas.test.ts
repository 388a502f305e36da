import { describe, expect, it } from 'vitest';
import { checkReferral, referralDetails } from './schemas.js';

const referral = {
  victimPersonId: '00000000-0000-4000-8000-000000000001',
  referredAt: '2026-02-01',
  referringAgency: 'Police',
  criteria: ['visible-high-risk'],
  personCausingHarmId: null,
  consent: 'given',
  risks: 'Threats to kill',
};

const problems = (input: unknown) => {
  const checked = checkReferral(input);
  return checked.ok ? [] : checked.problems;
};
const without = (name: string) => Object.fromEntries(Object.entries(referral).filter(([k]) => k !== name));

describe('a Marac referral', () => {
  it('is taken with consent stated, the risks, and the person causing harm named or not known', () => {
    expect(checkReferral(referral)).toMatchObject({ ok: true, referral: { consent: 'given', personCausingHarmId: null } });
    expect(problems({ ...referral, personCausingHarmId: '00000000-0000-4000-8000-000000000002' })).toEqual([]);
    expect(problems({ ...referral, consent: 'not-given', lawfulBasis: 'To protect the children' })).toEqual([]);
  });

  it('needs consent stated, the lawful basis without it, the risks, who causes harm, and the reason for professional judgement', () => {
    expect(problems(without('consent'))).toEqual([{ path: '/consent', message: 'Say whether the victim consented to the referral' }]);
    expect(problems({ ...referral, consent: 'not-given', lawfulBasis: ' ' })).toEqual([{ path: '/lawfulBasis', message: 'Without consent, give the lawful basis for sharing the victim’s information' }]);
    expect(problems({ ...referral, risks: '  ' })).toEqual([{ path: '/risks', message: 'Describe the risks in your own words' }]);
    expect(problems(without('personCausingHarmId'))).toEqual([{ path: '/personCausingHarmId', message: 'Say who is causing harm, or that they are not known' }]);
    expect(problems({ ...referral, criteria: ['professional-judgement'] })).toEqual([{ path: '/judgementReason', message: 'Give the reason for referring on professional judgement' }]);
    expect(problems({ ...referral, criteria: [] })).toEqual([{ path: '/criteria', message: 'Choose at least one criterion the referral meets' }]);
  });

  it('refuses a referral in the future, and a latest incident after the referral', () => {
    expect(problems({ ...referral, referredAt: '2999-01-01' })).toEqual([{ path: '/referredAt', message: 'The date of the referral cannot be in the future' }]);
    expect(problems({ ...referral, latestIncidentOn: '2026-02-02' })).toEqual([{ path: '/latestIncidentOn', message: 'The latest incident must be a real date on or before the referral' }]);
  });

  it('lists the rules across fields even when another field is wrong', () => {
    const found = referralDetails.safeParse({ consent: 'not-given', criteria: ['professional-judgement', 'gut-feeling'], risks: '' });
    expect(found.success).toBe(false);
    expect(found.error?.issues.map((i) => i.path.join('/'))).toEqual(expect.arrayContaining(['referringAgency', 'criteria/1', 'personCausingHarmId', 'risks', 'lawfulBasis', 'judgementReason']));
  });
});
