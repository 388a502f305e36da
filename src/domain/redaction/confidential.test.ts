import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AUDIENCES, Confidential, present, sameValue, WITHHELD_TEXT } from './confidential.js';

const withholding = { reason: 'Fled high risk', by: 'worker', at: new Date('2026-11-23T10:00:00Z') };
const permitted = { id: 'sw', mayViewWithheld: true };
const others = { id: 'rep', mayViewWithheld: false };

describe('Confidential', () => {
  it('never prints its value by accident', () => {
    const c = Confidential.of('12 Secret Row', withholding);
    expect(String(c)).not.toContain('Secret');
    expect(`${c}`).not.toContain('Secret');
    expect(JSON.stringify({ address: c })).not.toContain('Secret');
    expect(inspect(c)).not.toContain('Secret');
    expect(Object.keys(c)).not.toContain('value');
  });

  it('shows a value that is not withheld to everyone, everywhere', () => {
    const c = Confidential.of('1 Open Street');
    for (const audience of AUDIENCES) {
      expect(present(c, others, audience)).toEqual({ shown: true, text: '1 Open Street' });
    }
  });

  it('shows a withheld value only on screen and only with the permission', () => {
    const c = Confidential.of('12 Secret Row', withholding);
    expect(present(c, permitted, 'screen')).toEqual({ shown: true, text: '12 Secret Row' });
    expect(present(c, others, 'screen')).toEqual({ shown: false, text: WITHHELD_TEXT });
    for (const audience of ['document', 'export', 'external'] as const) {
      expect(present(c, permitted, audience).text).toBe('');
      expect(present(c, others, audience).text).toBe('');
    }
  });

  it('for any value, viewer and audience: withheld text appears only on screen for the permitted', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 3 }), fc.boolean(), fc.boolean(), fc.constantFrom(...AUDIENCES), (text, withheld, may, audience) => {
        const c = Confidential.of(text, withheld ? withholding : null);
        const out = present(c, { id: 'v', mayViewWithheld: may }, audience);
        const mayShow = !withheld || (audience === 'screen' && may);
        expect(out.shown).toBe(mayShow);
        if (!mayShow) expect(out.text === '' || out.text === WITHHELD_TEXT).toBe(true);
      }),
    );
  });

  it('withholding and releasing make new values and keep the text', () => {
    const open = Confidential.of('5 Lane');
    const held = open.withhold(withholding);
    expect(open.withheld).toBe(false);
    expect(held.withheld).toBe(true);
    expect(sameValue(open, held)).toBe(true);
    expect(present(held.release(), others, 'external').text).toBe('5 Lane');
  });
});
