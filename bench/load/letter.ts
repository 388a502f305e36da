/**
 * The letter the benchmark makes again and again: a threshold decision letter whose three parts the
 * worker writes are long enough (3,500 characters each) that the letter runs to 4 pages.
 */
const PART = 'We are worried about what the children have seen and heard at home, and how it affects their sleep, their schooling and how safe they feel. '.repeat(25).slice(0, 3_500);

export function letterBody(csrf: string, recipientId: string): string {
  return new URLSearchParams({ _csrf: csrf, recipient: recipientId, language: 'en', worries: PART, decision: PART, nextSteps: PART, workerPhone: '01632 960 123' }).toString();
}

export const LETTER_PARTS = { worries: PART, decision: PART, nextSteps: PART };
