import { z } from 'zod';
import { isPlainDate, londonDate } from '../../domain/calendar/plain-date.js';

/**
 * The GOV.UK date input (three boxes: day, month, year) as one field of a zod schema. A form posts
 * `completedOn-day`, `completedOn-month` and `completedOn-year`; `withDateInputs` gathers them into
 * `completedOn` before the schema runs, and `govukDate` turns them into YYYY-MM-DD (null when all
 * three are blank) or one plain error naming what is wrong.
 */

export type DatePart = 'day' | 'month' | 'year';
export type DateResult = { value: string | null; error?: undefined } | { value?: undefined; error: string; parts: DatePart[] };
export type FormValues = Record<string, string>;

export interface DateRules {
  /** Refuse a date after today. */
  past?: boolean;
  /** Refuse a year before this one. */
  earliestYear?: number;
}

/** Reads the three boxes of a date input from what was typed; all blank is no date. */
export function readDate(values: FormValues, prefix: string, label: string, options: DateRules = {}): DateResult {
  const day = (values[`${prefix}-day`] ?? '').trim();
  const month = (values[`${prefix}-month`] ?? '').trim();
  const year = (values[`${prefix}-year`] ?? '').trim();
  if (!day && !month && !year) return { value: null };
  const missing = (['day', 'month', 'year'] as const).filter((p) => !{ day, month, year }[p]);
  if (missing.length) return { error: `${label} must include a ${missing.join(' and ')}`, parts: missing };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    const wrong = (['day', 'month', 'year'] as const).filter((p) => !(p === 'year' ? /^\d{4}$/ : /^\d{1,2}$/).test({ day, month, year }[p]));
    return { error: `${label} must be a real date${wrong.includes('year') ? ', with a 4-digit year' : ''}`, parts: wrong };
  }
  const value = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!isPlainDate(value)) return { error: `${label} must be a real date`, parts: ['day', 'month', 'year'] };
  if (options.past && value > londonDate(new Date())) return { error: `${label} must be today or in the past`, parts: ['day', 'month', 'year'] };
  if (options.earliestYear && Number(year) < options.earliestYear) return { error: `${label} must be in ${options.earliestYear} or later`, parts: ['year'] };
  return { value };
}

/** The three boxes of a GOV.UK date input, with what was typed and which boxes are wrong. */
export function dateItems(values: FormValues, prefix: string, errorParts: readonly DatePart[] = []) {
  return (['day', 'month', 'year'] as const).map((part) => ({
    name: part,
    label: part === 'day' ? 'Day' : part === 'month' ? 'Month' : 'Year',
    value: values[`${prefix}-${part}`] ?? '',
    classes: `govuk-input--width-${part === 'year' ? 4 : 2}${errorParts.includes(part) ? ' govuk-input--error' : ''}`,
  }));
}

/** A date as the date input's three boxes. */
export function dateValues(prefix: string, date: string | null): FormValues {
  const [year = '', month = '', day = ''] = date ? date.split('-') : [];
  return { [`${prefix}-day`]: day.replace(/^0/, ''), [`${prefix}-month`]: month.replace(/^0/, ''), [`${prefix}-year`]: year };
}

const part = z.string().optional().default('');

/** One date input in a form schema: YYYY-MM-DD, or null when left blank (add `.refine` or `required` for a must). */
export function govukDate(label: string, rules: DateRules = {}) {
  return z.object({ day: part, month: part, year: part }).transform((boxes, ctx): string | null => {
    const read = readDate({ 'd-day': boxes.day, 'd-month': boxes.month, 'd-year': boxes.year }, 'd', label, rules);
    if (read.error !== undefined) {
      ctx.addIssue({ code: 'custom', message: read.error });
      return z.NEVER;
    }
    return read.value;
  });
}

/** A date input that must be answered. */
export function requiredGovukDate(label: string, rules: DateRules = {}) {
  return govukDate(label, rules).refine((v): v is string => v !== null, `Enter ${label.charAt(0).toLowerCase()}${label.slice(1)}`);
}

/** Gathers each date input's three boxes (`name-day`, `name-month`, `name-year`) into `name` before the schema runs. */
export function withDateInputs<S extends z.ZodType>(names: readonly string[], schema: S) {
  return z.preprocess((body) => {
    const fields = body && typeof body === 'object' ? { ...(body as Record<string, unknown>) } : {};
    for (const name of names) fields[name] = { day: fields[`${name}-day`], month: fields[`${name}-month`], year: fields[`${name}-year`] };
    return fields;
  }, schema);
}

/** A date input's three boxes for the template: what the form holds, with the boxes that are wrong marked. */
export function dateBoxes(values: Record<string, string | string[]>, name: string, date: { label: string; rules: DateRules }) {
  const text = Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const read = readDate(text, name, date.label, date.rules);
  return dateItems(text, name, read.error === undefined ? [] : read.parts);
}
