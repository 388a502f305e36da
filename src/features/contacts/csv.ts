/**
 * A small streaming CSV reader and writer (RFC 4180): fields separated by commas, records by CRLF
 * (a bare LF or CR is taken too), fields in double quotes may hold commas, line breaks and doubled
 * quotes (""), and a UTF-8 byte order mark at the start is dropped. A quote inside an unquoted field
 * is kept as it is, as spreadsheets do.
 */

/** One record, with its number counted as a spreadsheet shows it: the header is row 1. */
export interface CsvRecord {
  row: number;
  fields: string[];
}

/** The file is not CSV we can read. The message names the row, never a value. */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly row: number,
  ) {
    super(message);
  }
}

export interface CsvOptions {
  /** Longest value taken (in characters), so that an unclosed quote cannot swallow the whole file. */
  maxFieldLength?: number;
  /** Most values in one record. */
  maxFields?: number;
}

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

// Where the reader is within the current field.
const START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** Just after a quote inside a quoted field: a second quote, or the end of the field, follows. */
const CLOSING = 3;

/** Reads records one at a time from text or UTF-8 bytes (a Readable, a file stream, an array of chunks). */
export async function* parseCsv(source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>, options: CsvOptions = {}): AsyncGenerator<CsvRecord, void, undefined> {
  const maxFieldLength = options.maxFieldLength ?? 100_000;
  const maxFields = options.maxFields ?? 1_000;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let fields: string[] = [];
  let field = '';
  let state = START;
  let afterCR = false;
  let row = 1;
  let atFileStart = true;

  const tooLong = () => new CsvSyntaxError(`Row ${row}: a value is too long. Check that every opening quote has a closing quote`, row);
  const pushField = () => {
    if (field.length > maxFieldLength) throw tooLong();
    fields.push(field);
    if (fields.length > maxFields) throw new CsvSyntaxError(`Row ${row}: has too many values`, row);
    field = '';
    state = START;
  };

  function feed(text: string, out: CsvRecord[]): void {
    let start = 0;
    if (atFileStart && text.length > 0) {
      atFileStart = false;
      if (text.charCodeAt(0) === 0xfeff) start = 1;
    }
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (afterCR) {
        afterCR = false;
        if (c === LF) {
          start = i + 1;
          continue;
        }
      }
      if (state === QUOTED) {
        if (c === QUOTE) {
          field += text.slice(start, i);
          state = CLOSING;
        }
        continue;
      }
      if (state === CLOSING) {
        if (c === QUOTE) {
          field += '"';
          start = i + 1;
          state = QUOTED;
        } else if (c === COMMA) {
          pushField();
          start = i + 1;
        } else if (c === CR || c === LF) {
          pushField();
          out.push({ row: row++, fields });
          fields = [];
          afterCR = c === CR;
          start = i + 1;
        } else {
          throw new CsvSyntaxError(`Row ${row}: a value in quotes must end with a quote just before the next comma or line break`, row);
        }
        continue;
      }
      if (c === COMMA) {
        field += text.slice(start, i);
        pushField();
        start = i + 1;
      } else if (c === CR || c === LF) {
        field += text.slice(start, i);
        pushField();
        out.push({ row: row++, fields });
        fields = [];
        afterCR = c === CR;
        start = i + 1;
      } else if (state === START) {
        if (c === QUOTE) start = i + 1;
        state = c === QUOTE ? QUOTED : UNQUOTED;
      }
    }
    if (state !== CLOSING) field += text.slice(start);
    if (field.length > maxFieldLength) throw tooLong();
  }

  for await (const chunk of source) {
    const out: CsvRecord[] = [];
    let text: string;
    try {
      text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    } catch {
      throw new CsvSyntaxError(`Row ${row}: the file is not UTF-8 text. Save it as "CSV UTF-8"`, row);
    }
    feed(text, out);
    yield* out;
  }
  const out: CsvRecord[] = [];
  try {
    feed(decoder.decode(), out);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw error;
    throw new CsvSyntaxError(`Row ${row}: the file is not UTF-8 text. Save it as "CSV UTF-8"`, row);
  }
  yield* out;
  if (state === QUOTED) throw new CsvSyntaxError(`Row ${row}: a value in quotes has no closing quote`, row);
  if (state !== START || fields.length > 0 || field.length > 0) {
    pushField();
    yield { row, fields };
  }
}

/** True for a record with nothing in it (a blank line, or only commas). */
export function isBlankRecord(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() === '');
}

const NEEDS_QUOTES = /[",\r\n]|^\uFEFF/;

/** One record as a CSV line, quoted where it must be, ending with CRLF. */
export function formatCsvRecord(fields: readonly string[]): string {
  return `${fields.map((f) => (NEEDS_QUOTES.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',')}\r\n`;
}
