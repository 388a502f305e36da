import fc from 'fast-check';

/**
 * Values for the fuzz tests (issue 11, "What to build" 4): bodies made from each API route's schema and
 * then mutated, and hostile text for every form field.
 */

/** Text that has broken parsers, databases and pages elsewhere. */
export const HOSTILE_TEXT = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u202eevil\u202c',
  '\u200bMarisol',
  '<script>alert(1)</script>',
  '"; drop table people; --',
  "' or '1'='1",
  '=HYPERLINK("https://evil.example")',
  '../../etc/passwd',
  '%00',
  '%',
  '\\',
  '{{ 7*7 }}',
  '{% raw %}',
  '😀'.repeat(50),
  'x'.repeat(5_000),
  '9'.repeat(40),
  '-1',
  '1e309',
  'NaN',
  'true',
  'null',
  '2026-02-30',
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
];

export const hostileText: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...HOSTILE_TEXT), fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 30 }));

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
  maxItems?: number;
};

/** Any JSON value at all, small. */
const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3 });

/** Values that fit the schema where this understands it (the happy path a mutation starts from). */
export function fromSchema(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 5) return anyJson;
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices?.length) return fc.oneof(...choices.map((c) => fromSchema(c, depth + 1)));
  if (schema.allOf?.length) return fromSchema(schema.allOf[0]!, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'date') return fc.date({ min: new Date('1950-01-01'), max: new Date('2026-12-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      if (schema.format === 'date-time') return fc.date({ min: new Date('2020-01-01'), max: new Date('2026-12-01'), noInvalidDate: true }).map((d) => d.toISOString());
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -10, max: schema.maximum ?? 1_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -10, max: schema.maximum ?? 1_000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schema.items ? fromSchema(schema.items, depth + 1) : anyJson, { maxLength: Math.min(schema.maxItems ?? 4, 4) });
    case 'object': {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, value] of Object.entries(properties)) record[key] = fromSchema(value, depth + 1);
      return fc.record(record, { requiredKeys: Object.keys(properties).filter((k) => required.has(k)) });
    }
    default:
      return anyJson;
  }
}

/** A value changed the way a careless or hostile client would: a field dropped, retyped, made hostile, or added. */
export function mutated(base: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 2, arbitrary: base },
    { weight: 3, arbitrary: fc.tuple(base, fc.nat(), hostileText, anyJson).map(([value, pick, text, other]) => mutate(value, pick, text, other)) },
    { weight: 1, arbitrary: anyJson },
  );
}

function mutate(value: unknown, pick: number, text: string, other: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return pick % 2 ? text : other;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return { [text || 'extra']: other };
  const [key, inner] = entries[pick % entries.length]!;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  switch (pick % 5) {
    case 0:
      delete copy[key];
      break;
    case 1:
      copy[key] = text;
      break;
    case 2:
      copy[key] = other;
      break;
    case 3:
      copy[key] = mutate(inner, Math.floor(pick / 5), text, other);
      break;
    default:
      copy[text || 'extra'] = other;
  }
  return copy;
}
