import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PATHWAYS } from './contact.js';
import { outcomeEmail } from './outcome-email.js';

describe('outcomeEmail', () => {
  it('says the reference, the decision and the day, and where to read it', () => {
    const email = outcomeEmail({ reference: 'NYP/2026/0417', pathway: 'child-in-need', decidedOn: '4 December 2026', outcomePath: '/api/v1/notifications/abc' });
    expect(email.subject).toBe('Outcome of notification NYP/2026/0417');
    expect(email.body).toContain('your notification NYP/2026/0417');
    expect(email.body).toContain('Decided on: 4 December 2026');
    expect(email.body).toContain('GET /api/v1/notifications/abc');
    expect(outcomeEmail({ reference: null, pathway: 'early-help', decidedOn: '1 May 2026', outcomePath: '/x' }).subject).toBe('Outcome of your notification');
  });

  it('is made of the facts it is given and fixed words only, for every decision', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHWAYS), fc.stringMatching(/^[A-Z]{2,4}\/\d{4}\/\d{1,5}$/), (pathway, reference) => {
        const { subject, body } = outcomeEmail({ reference, pathway, decidedOn: '2 January 2027', outcomePath: '/api/v1/notifications/id' });
        const words = `${subject}\n${body}`.replaceAll(reference, '').replace('2 January 2027', '').replace('/api/v1/notifications/id', '');
        return !/\d/.test(words.replace(/section 17|section 47|s17|s47/gi, ''));
      }),
    );
  });
});
