import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainDate } from '../calendar/plain-date.js';
import { checkNetworkMember, checkRules, RULE_MAX, rulesFromText } from './safety-rules.js';

const d = plainDate;
const today = d('2027-03-01');

describe('safety rules agreed with a parent', () => {
  it('are read one a line, without bullets or blank lines', () => {
    expect(rulesFromText('- You do not come to the home.\r\n\n• Contact only as arranged\n')).toEqual(['You do not come to the home.', 'Contact only as arranged']);
  });
  it('need at least one rule', () => expect(checkRules({ rules: [' '], agreed: false, agreedOn: null, today })).toMatchObject({ field: 'rules' }));
  it('refuse a rule that is too long, naming which', () => expect(checkRules({ rules: ['ok', 'x'.repeat(RULE_MAX + 1)], agreed: false, agreedOn: null, today })).toMatchObject({ message: expect.stringContaining('Rule 2') }));
  it('need the date when agreed, not in the future', () => {
    expect(checkRules({ rules: ['a'], agreed: true, agreedOn: null, today })).toMatchObject({ field: 'agreedOn' });
    expect(checkRules({ rules: ['a'], agreed: true, agreedOn: d('2027-03-02'), today })).toMatchObject({ field: 'agreedOn' });
    expect(checkRules({ rules: ['a'], agreed: true, agreedOn: today, today })).toEqual({ rules: ['a'] });
  });
  it('keep every non-blank rule, in order', () => {
    fc.assert(fc.property(fc.array(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ''), { minLength: 1, maxLength: 20 }), (rules) => {
      const result = checkRules({ rules, agreed: false, agreedOn: null, today });
      return 'rules' in result && result.rules.join('|') === rules.map((r) => r.trim()).join('|');
    }));
  });
});

describe('a member of the safety network', () => {
  const m = { name: 'Ada Example', relationship: 'The children’s grandmother', phone: '01632 960 001', email: '', knowsWorries: true, knowsRedFlags: true, whatToDo: 'Call 999, then the social worker', agreed: true, agreedOn: d('2027-02-01'), withhold: false, withholdReason: '', today };
  it('is taken with a name, how they know the family, a way to reach them and what they will do', () => expect(checkNetworkMember(m)).toBeNull());
  it('needs a phone or an email', () => expect(checkNetworkMember({ ...m, phone: '' })).toMatchObject({ field: 'phone' }));
  it('refuses a phone that is not one', () => expect(checkNetworkMember({ ...m, phone: 'ring her' })).toMatchObject({ field: 'phone' }));
  it('refuses an email that is not one', () => expect(checkNetworkMember({ ...m, email: 'ada@' })).toMatchObject({ field: 'email' }));
  it('needs what they will do', () => expect(checkNetworkMember({ ...m, whatToDo: '' })).toMatchObject({ field: 'whatToDo' }));
  it('needs the date they agreed', () => expect(checkNetworkMember({ ...m, agreedOn: null })).toMatchObject({ field: 'agreedOn' }));
  it('needs a reason when their details are withheld', () => {
    expect(checkNetworkMember({ ...m, withhold: true })).toMatchObject({ field: 'withholdReason' });
    expect(checkNetworkMember({ ...m, withhold: true, withholdReason: 'Lives near him' })).toBeNull();
  });
});
