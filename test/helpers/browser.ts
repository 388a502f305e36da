import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import axe, { type AxeResults } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page, type Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, startTestApp, TEST_PASSWORD, type TestApp, type TestTenant } from './app.js';
import { closeAll, provided, within, type CloseStep } from './database.js';

/** Debian's Chromium; the browser tests drive it through playwright-core (no downloaded browsers). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Fails, saying how to mend it, when there is no Chromium. The browser tests are never skipped: a
 * machine without Chromium fails them, so CI cannot pass without having run them. To leave them out
 * on purpose, run the other projects: `npx vitest run --project unit --project integration`.
 */
export function requireChromium(): void {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
  } catch {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: the browser tests need it. Install it with \`apt-get install chromium\` ` +
        '(Debian/Ubuntu, as root), or set CHROMIUM_PATH to a Chromium binary. ' +
        'To run the tests without the browser ones: npx vitest run --project unit --project integration',
    );
  }
}

/** True when /dev/shm is missing or too small for Chromium (CI containers often give it 64 MB). */
function smallDevShm(): boolean {
  try {
    const fs = statfsSync('/dev/shm');
    return fs.bavail * fs.bsize < 1024 ** 3;
  } catch {
    return true;
  }
}

const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Debian's launcher means to add this when /dev/shm is small, but its check can fail; a renderer
  // that runs out of shared memory crashes or stalls.
  ...(smallDevShm() ? ['--disable-dev-shm-usage'] : []),
];

/** Limits on the browser's own steps, well inside the e2e test and hook timeouts, so a stuck step fails with its name. */
const LAUNCH_TIMEOUT_MS = 60_000;
/**
 * Playwright's browser.close() waits until Chromium's stdout and stderr are closed, and Debian's
 * Chromium hands them to two crashpad handlers that leave its process group (Playwright cannot kill
 * them). If a handler stays, close() waits for ever; with a stopped handler it did, in a trial.
 */
const CLOSE_TIMEOUT_MS = 30_000;
const AXE_TIMEOUT_MS = 60_000;

/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface PageWatch {
  /** The URL of the document in the main frame. */
  current: string;
  /** The main-frame document loaded since the last axe run, if any. */
  unchecked: string | null;
  /** Documents that were navigated away from without an axe run. */
  missed: string[];
  /** For a page with JavaScript off: a context with it on, where axe (which needs timers) can run. */
  inspector?: BrowserContext;
}

const watches = new WeakMap<Page, PageWatch>();

function withoutHash(url: string): string {
  return url.split('#')[0] ?? url;
}

/**
 * Runs axe with the WCAG 2.2 AA tags on the page as it is now, and fails with a readable list of
 * violations: rule, impact, what it means, and the selectors of the offending elements.
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const watch = watches.get(page);
  // The same document checked again gives the same answer: a page this process has already found clean
  // (the sign-in page in every test, a home page) is not checked again. Only what cannot change an
  // answer is set aside first: nonces, CSRF tokens and record ids.
  const sameAs = sameDocument(await page.content());
  if (AXE_DONE_IN_OTHER_RUN || foundClean(sameAs)) {
    if (watch) watch.unchecked = null;
    return;
  }
  // axe runs in page.evaluate, which Playwright never times out.
  const results = await within(
    AXE_TIMEOUT_MS,
    `axe on ${page.url()}`,
    watch?.inspector ? analyzeWithoutScripts(page, watch.inspector) : runAxe(page),
  );
  if (watch) watch.unchecked = null;
  const found = results.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? 'unknown impact'}): ${v.help} [${v.helpUrl}]\n` +
      v.nodes.map((node) => `      at ${node.target.map((t) => (Array.isArray(t) ? t.join(' >> ') : t)).join(' >> ')}`).join('\n'),
  );
  if (found.length > 0) {
    throw new Error(`axe found ${found.length} WCAG 2.2 AA violation(s) on ${page.url()}:\n${found.map((f) => `  - ${f}`).join('\n')}`);
  }
  rememberClean(sameAs);
}

/**
 * axe with the WCAG 2.2 AA tags on the page's document, run in the page itself: a third of the time
 * @axe-core/playwright takes, which runs axe in parts per frame and joins the parts in a new blank tab
 * (over half of a browser test's time was axe). The service's pages have no frames, and a page with
 * one is refused rather than checked without it: @axe-core/playwright skips a frame that does not
 * answer in time, without failing, which is no check to rely on.
 */
export async function runAxe(page: Page): Promise<AxeResults> {
  if (page.frames().length > 1) throw new Error(`${page.url()} has frames: the accessibility check here runs in one document, and the service's pages have none`);
  await page.evaluate(axe.source);
  return page.evaluate((tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags } }), WCAG_TAGS);
}

/**
 * CI runs the whole suite twice, on PGlite and then on PostgreSQL. The pages are the same HTML from the
 * same templates on either database, and axe (over half of a browser test's time) checks every one of
 * them in the first run; the second run sets AXE_DONE_IN_OTHER_RUN and checks what the pages do, not
 * their accessibility again. Run on its own, each suite checks every page.
 */
const AXE_DONE_IN_OTHER_RUN = process.env.AXE_DONE_IN_OTHER_RUN === 'true';

/**
 * Documents axe found clean in this run, by the hash of their `sameDocument` form: in this process,
 * and in a folder the global setup makes for the run (test/global-setup.ts), so that a page another
 * browser file has already checked (the sign-in page, a person's page with the same parts) is not
 * checked again in this one.
 */
const cleanDocuments = new Set<string>();
const sharedCleanDir = provided('axeCleanDocuments');

function foundClean(document: string): boolean {
  const key = documentKey(document);
  if (cleanDocuments.has(key)) return true;
  if (sharedCleanDir && existsSync(join(sharedCleanDir, key))) {
    cleanDocuments.add(key);
    return true;
  }
  return false;
}

function rememberClean(document: string): void {
  const key = documentKey(document);
  cleanDocuments.add(key);
  if (sharedCleanDir) writeFileSync(join(sharedCleanDir, key), '');
}

function documentKey(document: string): string {
  return createHash('sha256').update(document).digest('hex');
}

/**
 * A document with what never changes an accessibility answer made the same: nonces, CSRF tokens, ids,
 * and the words themselves. axe's rules ask whether a link, heading, label or button has text, never
 * what it says (colour contrast depends on the element's styles, not its letters), so each run of
 * text counts only as there or not; attributes, structure and classes are kept exactly.
 */
function sameDocument(html: string): string {
  return html
    .replace(/nonce="[^"]*"/g, 'nonce=""')
    .replace(/(name="_csrf" value=|data-csrf=)"[^"]*"/g, '$1""')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, 'ID')
    .replace(/>([^<]*\S[^<]*)</g, '>T<')
    .replace(/ value="[^"]+"/g, ' value="V"');
}

/**
 * axe waits on timers, and timers never fire in a page with JavaScript off. So the page's DOM is
 * copied into a tab that has JavaScript on, at the same URL (so its stylesheets and images load
 * from the server as before) but with a CSP that stops the page's own scripts: it renders exactly
 * as the no-JavaScript page does, and axe can run there.
 */
async function analyzeWithoutScripts(page: Page, inspector: BrowserContext) {
  const html = await page.content();
  const url = page.url();
  const copy = await inspector.newPage();
  try {
    await copy.route(url, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': "script-src 'none'" }, body: html }),
    );
    await copy.goto(url);
    return await runAxe(copy);
  } finally {
    await copy.close();
  }
}

function expectNotServerError(response: Response): void {
  expect(response.status(), `${response.request().method()} ${response.url()} answered ${response.status()}`).toBeLessThan(500);
}

/** Goes to a URL, checks the server did not fail (no 5xx), and runs axe on the page. */
export async function visit(page: Page, url: string): Promise<Response> {
  const response = await page.goto(url);
  if (!response) throw new Error(`no response when visiting ${url}`);
  expectNotServerError(response);
  await expectNoAxeViolations(page);
  return response;
}

/**
 * Does something that loads a new page (follows a link, submits a form, or a script navigates),
 * waits for the new page to load, checks it is not a 5xx, and runs axe on it. Returns the final
 * response of the navigation (after any redirects).
 */
export async function follow(page: Page, action: () => Promise<unknown>): Promise<Response> {
  const responded = page.waitForResponse(
    (r) => r.request().isNavigationRequest() && r.frame() === page.mainFrame() && (r.status() < 300 || r.status() >= 400),
  );
  const loaded = page.waitForEvent('load');
  try {
    await action();
  } catch (error) {
    // Do not leave the waits to fail later as unhandled rejections.
    responded.catch(() => {});
    loaded.catch(() => {});
    throw error;
  }
  const response = await responded;
  await loaded;
  expectNotServerError(response);
  await expectNoAxeViolations(page);
  return response;
}

/** Signs in through the sign-in page; the page ends on wherever sign-in leads (the home page). */
export async function signIn(page: Page, email: string, password = TEST_PASSWORD): Promise<Response> {
  await visit(page, paths.signIn);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  return follow(page, () => page.getByRole('button', { name: 'Sign in' }).click());
}

/** The path of the page the tab shows. */
export function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

export function launchChromium(): Promise<Browser> {
  requireChromium();
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: LAUNCH_TIMEOUT_MS });
}

export interface BrowserTest {
  t: TestApp;
  tenant: TestTenant;
  /** http://127.0.0.1:<port> of the real server for this test file. */
  baseUrl: string;
  browser: Browser;
  /** The browser context of this test file (fresh per file; cookies cleared after each test). */
  context: BrowserContext;
  /**
   * A new tab whose every page load must be checked with axe (by visit, follow or
   * expectNoAxeViolations) before the test ends; the test fails otherwise.
   */
  newPage(): Promise<Page>;
}

/**
 * Sets up a browser test file: a real server on loopback over a fresh database with a tenant that
 * has a user for every role, Chromium, and one browser context for the file. Without Chromium every
 * test of the file fails (see requireChromium), before the server starts. `env` adds to the server's
 * configuration (AUTH_MODE=oidc, say).
 */
export function browserTest(contextOptions: BrowserContextOptions = {}, options: { env?: Record<string, string> } = {}): BrowserTest {
  const state = {} as BrowserTest;
  let pages: Page[] = [];
  let inspector: BrowserContext | undefined;

  beforeAll(async () => {
    requireChromium();
    state.t = await startTestApp(options.env ? { env: options.env } : {});
    state.tenant = await createTestTenant(state.t.db);
    await state.t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = state.t.app.server.address() as AddressInfo;
    state.baseUrl = `http://127.0.0.1:${port}`;
    state.browser = await launchChromium();
    state.context = await state.browser.newContext({ baseURL: state.baseUrl, ...contextOptions });
    if (contextOptions.javaScriptEnabled === false) inspector = await state.browser.newContext({ baseURL: state.baseUrl });
    state.newPage = async () => {
      const page = await state.context.newPage();
      const watch: PageWatch = { current: 'about:blank', unchecked: null, missed: [], ...(inspector ? { inspector } : {}) };
      page.on('framenavigated', (frame) => {
        if (frame !== page.mainFrame() || frame.url() === 'about:blank') return;
        const previous = watch.current;
        watch.current = frame.url();
        // A same-document move (a #fragment link such as the skip link) is not a new page.
        if (withoutHash(previous) === withoutHash(frame.url()) && previous !== frame.url()) return;
        if (watch.unchecked !== null) watch.missed.push(watch.unchecked);
        watch.unchecked = frame.url();
      });
      watches.set(page, watch);
      pages.push(page);
      return page;
    };
  });

  afterEach(async () => {
    const unchecked = pages.flatMap((page) => {
      const watch = watches.get(page);
      return watch ? [...watch.missed, ...(watch.unchecked ? [watch.unchecked] : [])] : [];
    });
    const open = pages;
    pages = [];
    await closeAll([
      ...open.map((page, i): CloseStep => [`closing tab ${i + 1}`, () => page.close()]),
      ['clearing cookies', () => state.context?.clearCookies()],
    ]);
    expect(unchecked, 'pages loaded in this test that axe never checked').toEqual([]);
  });

  // Every step runs, each with a time limit, even when an earlier one fails or was never set up.
  afterAll(() =>
    closeAll([
      ['closing the inspector context', () => inspector?.close()],
      ['closing the browser context', () => state.context?.close()],
      ['closing Chromium', () => state.browser?.close(), CLOSE_TIMEOUT_MS],
      ['closing the test server and database', () => state.t?.close(), 60_000],
    ]),
  );

  return state;
}

/**
 * Fills a form by its fields' names: text boxes and text areas are typed into, a select is chosen from,
 * and radios and checkboxes are ticked by value (a list ticks several; a list for a text area is one a line).
 */
export async function fillForm(page: Page, fields: Record<string, string | string[]>): Promise<void> {
  for (const [name, value] of Object.entries(fields)) {
    const inputs = page.locator(`[name="${name}"]`);
    const type = await inputs.first().getAttribute('type');
    if (type === 'radio' || type === 'checkbox') {
      for (const v of Array.isArray(value) ? value : [value]) await page.locator(`[name="${name}"][value="${v}"]`).check();
    } else if ((await inputs.first().evaluate((el) => el.tagName)) === 'SELECT') {
      await inputs.first().selectOption(String(value));
    } else {
      await inputs.first().fill(Array.isArray(value) ? value.join('\n') : value);
    }
  }
}
