import { describe, expect, it } from 'vitest';
import { mulberry32 } from './random.js';
import { perturb, PERTURBATIONS, RECORDING_SLIPS, recordedDifferently, recordedWith, type PersonOnRecord } from './recording-slips.js';

const person: PersonOnRecord = { givenName: 'Mohammed', familyName: 'Chowdhury', dateOfBirth: '1990-04-07', otherNames: ['Mohammed Rahman'] };

describe('how an agency records a person differently', () => {
  it('makes every kind of slip, each one different from the record', () => {
    const rng = mulberry32(3);
    for (const slip of RECORDING_SLIPS) {
      const seen = recordedWith(slip, person, rng);
      expect(seen, slip).not.toBeNull();
      expect(seen, slip).not.toEqual({ givenName: person.givenName, familyName: person.familyName, dateOfBirth: person.dateOfBirth });
    }
  });

  it('uses other spellings of the same name, the former surname on record, and sometimes no date of birth', () => {
    const rng = mulberry32(5);
    expect(['Muhammad', 'Mohamed', 'Mohammad', 'Muhammed', 'Choudhury', 'Chaudhry', 'Chaudhary']).toContain(
      (() => {
        const s = recordedWith('spelling', person, rng)!;
        return s.givenName !== person.givenName ? s.givenName : s.familyName;
      })(),
    );
    expect(recordedWith('former-name', person, rng)).toEqual({ givenName: 'Mohammed', familyName: 'Rahman', dateOfBirth: '1990-04-07' });
    expect(recordedWith('no-date-of-birth', person, rng)?.dateOfBirth).toBeNull();
    // A slip that cannot happen to this person is said so, not faked.
    expect(recordedWith('former-name', { ...person, otherNames: [] }, rng)).toBeNull();
    expect(recordedWith('spelling', { ...person, givenName: 'Olivia', familyName: 'Smith' }, rng)).toBeNull();
  });

  it('always finds some slip, and the benchmark’s slips stay what they were', () => {
    const rng = mulberry32(11);
    for (let i = 0; i < 200; i++) {
      const { slip, identity } = recordedDifferently({ givenName: 'Olivia', familyName: 'Smith', dateOfBirth: '2001-02-28', otherNames: [] }, rng);
      expect(RECORDING_SLIPS).toContain(slip);
      expect(identity).not.toEqual({ givenName: 'Olivia', familyName: 'Smith', dateOfBirth: '2001-02-28' });
      expect(PERTURBATIONS).toContain(perturb({ givenName: 'Olivia', familyName: 'Smith', dateOfBirth: '2001-02-28' }, rng).kind);
    }
  });
});
