import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses a command's flags; unknown flags and missing required ones are usage errors. */
export function parseFlags<O extends Options>(argv: string[], options: O, required: (keyof O & string)[] = []) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, 'data-dir': { type: 'string' } }, allowPositionals: false, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const missing = required.filter((name) => values[name] === undefined || values[name] === '');
  if (missing.length) throw new UsageError(`Missing ${missing.map((m) => `--${m}`).join(', ')}`);
  return values;
}

export function text(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  return typeof value === 'string' ? value : '';
}
