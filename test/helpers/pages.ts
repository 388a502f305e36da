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
