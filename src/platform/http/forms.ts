import type { z } from 'zod';

export interface FormErrors {
  /** Message per field name, for each field's inline error. */
  fields: Record<string, string>;
  /** The GOV.UK error summary list: each links to its field. */
  summary: { text: string; href: string }[];
}

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FormErrors };

/** Parses a submitted form with its zod schema; on failure gives what the GOV.UK error summary needs. */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, data: result.data };
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    fields[field] ??= issue.message;
  }
  return { ok: false, errors: formErrors(fields) };
}

/** Builds form errors from messages found after parsing (a duplicate email, a wrong password). */
export function formErrors(fields: Record<string, string>): FormErrors {
  return {
    fields,
    summary: Object.entries(fields).map(([field, text]) => ({ text, href: `#${field}` })),
  };
}

/** A form field sent as one value or several (checkboxes) becomes a list. */
export function asList(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]).map(String).filter((v) => v !== '');
}
