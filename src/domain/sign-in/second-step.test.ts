import { describe, expect, it } from 'vitest';
import { appCodeFrom, recoveryCodeFrom, RECOVERY_CODE_ALPHABET, secondStepDue, shownRecoveryCode, type SecondStepFacts } from './second-step.js';

describe('secondStepDue', () => {
  const methods = ['password', 'single-sign-on'] as const;
  const flags = [true, false];
  // Every combination of the four facts, each with its answer worked out by hand below.
  const cases: [SecondStepFacts, string][] = [];
  for (const signedInWith of methods)
    for (const enrolled of flags)
      for (const doneInSession of flags)
        for (const required of flags) {
          const expected =
            signedInWith === 'single-sign-on' || doneInSession ? 'none' : enrolled ? 'enter-code' : required ? 'set-up' : 'none';
          cases.push([{ signedInWith, enrolled, doneInSession, required }, expected]);
        }

  it.each(cases)('%o → %s', (facts, expected) => {
    expect(secondStepDue(facts)).toBe(expected);
  });

  it('asks a user with an app for a code even where the council does not require it', () => {
    expect(secondStepDue({ signedInWith: 'password', enrolled: true, doneInSession: false, required: false })).toBe('enter-code');
  });

  it('never asks whoever signed in through the council provider', () => {
    expect(secondStepDue({ signedInWith: 'single-sign-on', enrolled: true, doneInSession: false, required: true })).toBe('none');
  });
});

describe('appCodeFrom', () => {
  it.each([
    ['123456', '123456'],
    [' 123 456 ', '123456'],
    ['123-456', '123456'],
    ['12345', null],
    ['1234567', null],
    ['12345a', null],
    ['', null],
    ['１２３４５６', null],
  ])('%j → %j', (typed, expected) => {
    expect(appCodeFrom(typed)).toBe(expected);
  });
});

describe('recovery codes', () => {
  it('has an alphabet of 31 without look-alikes', () => {
    expect(RECOVERY_CODE_ALPHABET).toHaveLength(31);
    expect(new Set(RECOVERY_CODE_ALPHABET).size).toBe(31);
    for (const c of '01ilo') expect(RECOVERY_CODE_ALPHABET).not.toContain(c);
  });

  it.each([
    ['abcd-efgh-jkmn', 'abcdefghjkmn'],
    ['ABCD EFGH JKMN', 'abcdefghjkmn'],
    ['abcdefghjkmn', 'abcdefghjkmn'],
    ['abcd-efgh-jkm', null],
    ['abcd-efgh-jkmnp', null],
    ['abcd-efgh-jkm0', null],
    ['abcd-efgh-jkml', null],
    ['123456', null],
  ])('%j → %j', (typed, expected) => {
    expect(recoveryCodeFrom(typed)).toBe(expected);
  });

  it('shows a code in three groups of four', () => {
    expect(shownRecoveryCode('abcdefghjkmn')).toBe('abcd-efgh-jkmn');
  });
});
