// Opens /dashboard in headless Chromium (Debian's `chromium`, driven by playwright-core) and records what the page
// does: every request and socket (one to another origin is refused and kept), every GraphQL answer's status by
// operation name, the Authorization headers sent, and every page error and console error.
// Used by test/dashboard-browser.spec.ts and test/dashboard-live-browser.spec.ts (`npm run test:browser`).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, BrowserContextOptions, chromium, Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Screenshots land here (gitignored; CI keeps them as artefacts). */
export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

// What the browser-side callbacks use (the project's TypeScript lib has no DOM).
export type Dom = any;

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`This test needs Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

export interface Recorder {
  context: BrowserContext;
  page: Page;
  origin: string;
  /** Every URL the page and its workers asked for. */
  requested: string[];
  /** Every WebSocket the page opened. */
  sockets: string[];
  /** GraphQL answers: operation name and HTTP status. */
  answers: { operation: string | null; status: number }[];
  /** The Authorization header of each /graphql request (null when none was sent). */
  authorizations: (string | null)[];
  /** Page errors and console errors, as Chromium wrote them. */
  problems: string[];
  close(): Promise<void>;
}

/** A new browser context on the app at `origin`, recording everything; requests to any other origin are refused. */
export async function openRecorded(browser: Browser, origin: string, options: BrowserContextOptions = {}): Promise<Recorder> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const rec: Omit<Recorder, 'page' | 'close'> = { context, origin, requested: [], sockets: [], answers: [], authorizations: [], problems: [] };
  await context.route('**/*', async (route) => {
    const request = route.request();
    const url = request.url();
    rec.requested.push(url);
    if (new URL(url).origin !== origin) return route.abort('blockedbyclient');
    if (new URL(url).pathname === '/graphql' && request.method() === 'POST') rec.authorizations.push((await request.allHeaders()).authorization ?? null);
    await route.continue();
  });
  const page = await context.newPage();
  page.on('websocket', (ws) => rec.sockets.push(ws.url()));
  page.on('pageerror', (err) => rec.problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') rec.problems.push(`console: ${msg.text()}`);
  });
  page.on('response', (res) => {
    if (new URL(res.url()).pathname !== '/graphql') return;
    let operation: string | null = null;
    try {
      operation = /^\s*(?:query|subscription)\s+(\w+)/.exec(JSON.parse(res.request().postData() ?? '{}').query ?? '')?.[1] ?? null;
    } catch {
      operation = null;
    }
    rec.answers.push({ operation, status: res.status() });
  });
  return { ...rec, page, close: () => context.close() };
}

/** Saves a screenshot under test-artifacts/: the whole page, or only what the window shows (the README's picture). */
export async function screenshot(page: Page, name: string, fullPage = true) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.evaluate(() => (globalThis as Dom).scrollTo(0, 0));
  await page.screenshot({ path: join(ARTIFACTS, name), fullPage });
}

/** The text of each cell of a table's body rows, keyed by the row's data attribute and the cells' data-field. */
export async function tableRows(page: Page, rowSelector: string, keyAttribute: string): Promise<Record<string, Record<string, string>>> {
  return page.evaluate(
    ([sel, attr]) => {
      const out: Record<string, Record<string, string>> = {};
      for (const tr of (globalThis as Dom).document.querySelectorAll(sel)) {
        const cells: Record<string, string> = {};
        for (const td of tr.querySelectorAll('[data-field]')) cells[td.getAttribute('data-field')] = td.textContent.trim();
        out[tr.getAttribute(attr)] = cells;
      }
      return out;
    },
    [rowSelector, keyAttribute] as const,
  );
}

/** Whether an SVG chart in `scope` is drawn: an <svg> of real size holding shapes with path data. */
export async function chartDrawn(page: Page, scope: string): Promise<{ charts: number; paths: number; width: number }> {
  return page.evaluate((sel) => {
    const svgs = [...(globalThis as Dom).document.querySelectorAll(`${sel} .chart svg`)];
    const paths = svgs.reduce(
      (n: number, svg: Dom) => n + [...svg.querySelectorAll('path')].filter((p: Dom) => (p.getAttribute('d') ?? '').length > 10).length,
      0,
    );
    const width = Math.min(...svgs.map((s: Dom) => s.getBoundingClientRect().width));
    return { charts: svgs.length, paths, width: svgs.length ? width : 0 };
  }, scope);
}

/** The texts an SVG chart in `scope` draws (labels, axes, legend). */
export async function chartTexts(page: Page, scope: string): Promise<string[]> {
  return page.evaluate((sel) => [...(globalThis as Dom).document.querySelectorAll(`${sel} .chart svg text`)].map((t: Dom) => t.textContent), scope);
}
