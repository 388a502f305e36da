import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canMove, moveRefusal, NOTICE_STATUSES, type NoticeStatus } from './status.js';

describe('a notice’s status', () => {
  it('goes draft, sent, acknowledged, and can be withdrawn from any of them', () => {
    expect(canMove('draft', 'sent')).toBe(true);
    expect(canMove('sent', 'acknowledged')).toBe(true);
    expect(canMove('acknowledged', 'withdrawn')).toBe(true);
    expect(canMove('sent', 'withdrawn')).toBe(true);
    expect(canMove('draft', 'withdrawn')).toBe(true);
  });

  it('never goes back, never skips being sent, and a withdrawn notice is finished', () => {
    expect(canMove('sent', 'draft')).toBe(false);
    expect(canMove('acknowledged', 'sent')).toBe(false);
    expect(canMove('draft', 'acknowledged')).toBe(false);
    expect(canMove('sent', 'sent')).toBe(false);
    for (const to of NOTICE_STATUSES) expect(canMove('withdrawn', to)).toBe(false);
    expect(moveRefusal('draft', 'acknowledged')).toBe('Record that the notice was sent before recording that it was received');
    expect(moveRefusal('withdrawn', 'sent')).toMatch(/withdrawn/);
  });

  it('property: every allowed move goes forward in the order, so no sequence of moves returns to a status it left', () => {
    const order = (s: NoticeStatus) => NOTICE_STATUSES.indexOf(s);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...NOTICE_STATUSES), { maxLength: 12 }), (tries) => {
        let status: NoticeStatus = 'draft';
        const visited: NoticeStatus[] = [status];
        for (const to of tries) {
          if (!canMove(status, to)) {
            expect(moveRefusal(status, to)).not.toBeNull();
            continue;
          }
          expect(order(to)).toBeGreaterThan(order(status));
          expect(visited).not.toContain(to);
          status = to;
          visited.push(to);
        }
      }),
    );
  });
});
