/**
 * Reading the HTML of a page the server sent, for the integration tests that check it through
 * `Visitor` (no browser). The browser tests read pages through playwright instead
 * (`test/helpers/browser.ts`).
 */

/**
 * The texts of the GOV.UK error summary, by the field each one links to (`#field`). A page without
 * an error summary gives `{}`, so `toEqual({ … })` fails both when an error is missing and when one
 * more is shown.
 */
export function errorSummary(body: string): Record<string, string> {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(body)?.[0] ?? '';
  return Object.fromEntries([...summary.matchAll(/<a href="#([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]!.trim()]));
}

/** The texts of the page's `<h1>` headings, with white space folded. */
export function h1s(body: string): string[] {
  return [...body.matchAll(/<h1[^>]*>([\s\S]*?)<\/h1>/g)].map((m) => m[1]!.replace(/\s+/g, ' ').trim());
}

/**
 * The values of the radios named `name` that the page sends already selected. Each radio must be
 * found, so a page without them (a renamed field) fails rather than passing with nothing selected.
 */
export function checkedRadios(body: string, name: string): string[] {
  const radios = [...body.matchAll(/<input[^>]*type="radio"[^>]*>/g)].map((m) => m[0]).filter((tag) => tag.includes(`name="${name}"`));
  if (radios.length === 0) throw new Error(`no radios named ${name} on the page`);
  return radios.filter((tag) => /\schecked\b/.test(tag)).map((tag) => /value="([^"]*)"/.exec(tag)?.[1] ?? '');
}
