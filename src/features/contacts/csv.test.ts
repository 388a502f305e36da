import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, formatCsvRecord, isBlankRecord, parseCsv, type CsvRecord } from './csv.js';

async function records(chunks: (string | Uint8Array)[]): Promise<string[][]> {
  const out: string[][] = [];
  for await (const r of parseCsv(chunks)) out.push(r.fields);
  return out;
}

async function all(chunks: (string | Uint8Array)[]): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of parseCsv(chunks)) out.push(r);
  return out;
}

/** Splits text at the given points, so that every place a chunk can end is tried. */
function split(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let last = 0;
  for (const p of points) {
    out.push(text.slice(last, p));
    last = p;
  }
  out.push(text.slice(last));
  return out;
}

describe('parseCsv', () => {
  it('reads plain records with CRLF, LF or CR line ends', async () => {
    expect(await records(['a,b,c\r\n1,2,3\r\n'])).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
    expect(await records(['a,b\n1,2\n'])).toEqual([['a', 'b'], ['1', '2']]);
    expect(await records(['a,b\r1,2\r'])).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('reads the last record without a line end', async () => {
    expect(await records(['a,b\r\n1,2'])).toEqual([['a', 'b'], ['1', '2']]);
    expect(await records(['a,'])).toEqual([['a', '']]);
  });

  it('gives nothing for an empty file, and one empty field for a blank line', async () => {
    expect(await records([''])).toEqual([]);
    expect(await records([])).toEqual([]);
    expect(await records(['a\r\n\r\nb\r\n'])).toEqual([['a'], [''], ['b']]);
  });

  it('keeps empty fields', async () => {
    expect(await records([',,\r\n'])).toEqual([['', '', '']]);
    expect(await records(['a,,b'])).toEqual([['a', '', 'b']]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', async () => {
    expect(await records(['"a,b","say ""hello""","line 1\r\nline 2\nline 3"\r\nx,y,z\r\n'])).toEqual([
      ['a,b', 'say "hello"', 'line 1\r\nline 2\nline 3'],
      ['x', 'y', 'z'],
    ]);
    expect(await records(['"",""""\r\n'])).toEqual([['', '"']]);
    expect(await records(['""'])).toEqual([['']]);
  });

  it('keeps a quote inside an unquoted field as it is', async () => {
    expect(await records(['5" tall,b\r\n'])).toEqual([['5" tall', 'b']]);
  });

  it('drops a byte order mark at the start only', async () => {
    expect(await records(['\uFEFFa,b\r\n'])).toEqual([['a', 'b']]);
    expect(await records(['\uFEFF', 'a\r\n'])).toEqual([['a']]);
    expect(await records([new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x0a])])).toEqual([['a']]);
    expect(await records(['a,\uFEFFb\r\n'])).toEqual([['a', '\uFEFFb']]);
  });

  it('decodes UTF-8 split across chunks', async () => {
    const bytes = new TextEncoder().encode('Zoë,Łukasz,😀\n');
    const chunks = Array.from(bytes, (b) => new Uint8Array([b]));
    expect(await records(chunks)).toEqual([['Zoë', 'Łukasz', '😀']]);
  });

  it('joins a CRLF split across two chunks', async () => {
    expect(await records(['a\r', '\nb\r', '\n'])).toEqual([['a'], ['b']]);
    expect(await records(['"a"\r', '\n"b"'])).toEqual([['a'], ['b']]);
  });

  it('numbers records as a spreadsheet shows rows, counting a quoted line break as inside its row', async () => {
    const got = await all(['h1,h2\r\n"two\r\nlines",x\r\n\r\nlast,y\r\n']);
    expect(got.map((r) => r.row)).toEqual([1, 2, 3, 4]);
  });

  it('reads a Node stream', async () => {
    const got: string[][] = [];
    for await (const r of parseCsv(Readable.from([Buffer.from('a,"b\n'), Buffer.from('c"\r\n1,2')]))) got.push(r.fields);
    expect(got).toEqual([['a', 'b\nc'], ['1', '2']]);
  });

  it('refuses an unclosed quote, naming the row', async () => {
    await expect(records(['a\r\n"b,c\r\n'])).rejects.toThrow(new CsvSyntaxError('Row 2: a value in quotes has no closing quote', 2));
  });

  it('refuses text after a closing quote', async () => {
    await expect(records(['a\r\n"b"c,d\r\n'])).rejects.toThrow(/Row 2: a value in quotes must end with a quote/);
  });

  it('refuses bytes that are not UTF-8', async () => {
    await expect(records([new Uint8Array([0x61, 0x0a, 0xe9, 0x0a])])).rejects.toThrow(/not UTF-8/);
    await expect(records([new Uint8Array([0x61, 0xc3])])).rejects.toThrow(/not UTF-8/);
  });

  it('refuses a value longer than the limit, so an unclosed quote cannot swallow the file', async () => {
    const chunks = ['a\r\n"', ...Array.from({ length: 20 }, () => 'x'.repeat(10))];
    await expect(async () => {
      for await (const r of parseCsv(chunks, { maxFieldLength: 100 })) void r;
    }).rejects.toThrow(/Row 2: a value is too long/);
    await expect(async () => {
      for await (const r of parseCsv(['a,b,c,d\n'], { maxFields: 3 })) void r;
    }).rejects.toThrow(/Row 1: has too many values/);
  });

  it('gives back what formatCsvRecord wrote, however the text is cut into chunks', async () => {
    const field = fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('', '"', ',', '\r\n', '\n', '\r', '""', ' a ', '\uFEFF'), fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', ' ') }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 6 }), async (rows, cuts) => {
        const text = rows.map(formatCsvRecord).join('');
        expect(await records(split(text, cuts))).toEqual(rows);
        // The same as UTF-8 bytes, one byte at a time for short texts.
        const bytes = new TextEncoder().encode(text);
        const byteChunks = bytes.length < 200 ? Array.from(bytes, (b) => new Uint8Array([b])) : [bytes];
        expect(await records(byteChunks)).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });
});

describe('formatCsvRecord', () => {
  it('quotes only what needs it, doubling quotes', () => {
    expect(formatCsvRecord(['a', 'b c', 'd,e', 'say "hi"', 'x\ny', ''])).toBe('a,b c,"d,e","say ""hi""","x\ny",\r\n');
  });
});

describe('isBlankRecord', () => {
  it('is true for blank lines and rows of empty cells only', () => {
    expect(isBlankRecord([''])).toBe(true);
    expect(isBlankRecord(['', ' ', ''])).toBe(true);
    expect(isBlankRecord(['', 'x'])).toBe(false);
  });
});
