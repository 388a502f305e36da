import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatTime, inSentence } from './format.js';

describe('formatDate', () => {
  it('writes the GOV.UK long date', () => {
    expect(formatDate('2026-11-23T10:00:00Z')).toBe('23 November 2026');
    expect(formatDate(new Date('2026-01-05T10:00:00Z'))).toBe('5 January 2026');
  });

  it('uses the date in London, not UTC', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in British Summer Time.
    expect(formatDate('2026-06-30T23:30:00Z')).toBe('1 July 2026');
    // In winter London is on UTC.
    expect(formatDate('2026-12-31T23:30:00Z')).toBe('31 December 2026');
  });
});

describe('formatDateTime', () => {
  it('uses British Summer Time in summer', () => {
    expect(formatDateTime('2026-07-01T12:05:00Z')).toBe('1 July 2026 at 1:05pm');
  });

  it('uses Greenwich Mean Time in winter', () => {
    expect(formatDateTime('2026-11-23T14:05:00Z')).toBe('23 November 2026 at 2:05pm');
    expect(formatDateTime(new Date('2026-11-23T09:30:00Z'))).toBe('23 November 2026 at 9:30am');
  });

  it('follows the clock change', () => {
    // Clocks go forward at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on 25 October 2026.
    expect(formatDateTime('2026-03-29T00:59:00Z')).toBe('29 March 2026 at 12:59am');
    expect(formatDateTime('2026-03-29T01:00:00Z')).toBe('29 March 2026 at 2:00am');
    expect(formatDateTime('2026-10-25T00:30:00Z')).toBe('25 October 2026 at 1:30am');
    expect(formatDateTime('2026-10-25T01:30:00Z')).toBe('25 October 2026 at 1:30am');
  });

  it('says midnight and midday, as the GOV.UK style guide does', () => {
    expect(formatDateTime('2026-11-23T00:00:00Z')).toBe('23 November 2026 at midnight');
    expect(formatDateTime('2026-11-23T12:00:00Z')).toBe('23 November 2026 at midday');
    // Midnight in summer is 23:00 UTC the day before.
    expect(formatDateTime('2026-06-30T23:00:00Z')).toBe('1 July 2026 at midnight');
    expect(formatDateTime('2026-07-01T11:00:00Z')).toBe('1 July 2026 at midday');
  });

  it('writes the twelve o’clock hour as 12, never 0', () => {
    expect(formatDateTime('2026-11-23T00:30:00Z')).toBe('23 November 2026 at 12:30am');
    expect(formatDateTime('2026-11-23T12:01:00Z')).toBe('23 November 2026 at 12:01pm');
    expect(formatTime('2026-11-23T23:59:00Z')).toBe('11:59pm');
  });

  it('property-like sweep: every minute of a day reads h:mm(am|pm), midnight or midday', () => {
    const start = Date.parse('2026-11-23T00:00:00Z');
    for (let minute = 0; minute < 24 * 60; minute++) {
      const text = formatTime(new Date(start + minute * 60_000));
      expect(text).toMatch(/^(midnight|midday|(1[0-2]|[1-9]):[0-5]\d(am|pm))$/);
    }
  });
});

describe('inSentence', () => {
  it('lowers the first letter of a label carried on in a sentence, and keeps an abbreviation as it is', () => {
    expect(inSentence('Date of birth')).toBe('date of birth');
    expect(inSentence('NHS number')).toBe('NHS number');
    expect(inSentence('Special educational needs and disabilities (SEND)')).toBe('special educational needs and disabilities (SEND)');
    expect(inSentence('IDVA or IDSVA')).toBe('IDVA or IDSVA');
  });
});
