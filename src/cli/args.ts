import { parseArgs, type ParseArgsConfig } from 'node:util';
import { statSync } from 'node:fs';

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

/** `--tenant SLUG FILE`: the tenant's slug and the one file named, which must exist. */
export function tenantAndFile(argv: string[], what: string): { slug: string; file: string } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { tenant: { type: 'string' }, 'data-dir': { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const slug = parsed.values.tenant;
  if (!slug) throw new UsageError('Missing --tenant');
  if (parsed.positionals.length !== 1) throw new UsageError(`Name one ${what}`);
  const file = parsed.positionals[0]!;
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) throw new UsageError(`There is no file at ${file}`);
  return { slug, file };
}
