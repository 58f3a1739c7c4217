// GraphiQL in headless Chromium (Debian's `chromium`, driven by playwright-core): the editors render, a query runs
// with the key pasted into the headers editor, and no request leaves the app's origin.
// Not part of `npm test` (it needs a browser): `npm run test:browser`; CI installs chromium and runs it.
import { existsSync } from 'node:fs';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { GRAPHIQL_HEADERS_TEMPLATE } from '../src/graphiql/graphiql.routes';
import { ADMIN_TOKEN, bootTestApp, TestApp } from './support/test-app';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// What the browser-side callbacks use (the project's TypeScript lib has no DOM).
type Dom = any;

/** Pastes text into the focused Monaco editor as a user would (typing would auto-close brackets and quotes). */
async function paste(page: Page, text: string) {
  await page.evaluate((t) => {
    const w: Dom = globalThis;
    const data = new w.DataTransfer();
    data.setData('text/plain', t);
    w.document.activeElement?.dispatchEvent(new w.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

describe('GraphiQL in a browser', () => {
  let t: TestApp;
  let origin: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const requested: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`This test needs Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    }
    t = await bootTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = await t.app.getUrl();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    context = await browser.newContext();
    // Every request, the page's and its workers', is recorded; one to another origin is refused and reported.
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      requested.push(url);
      if (new URL(url).origin === origin) await route.continue();
      else await route.abort('blockedbyclient');
    });
    page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !/status of 40[01]/.test(msg.text())) problems.push(`console: ${msg.text()}`);
    });
    await page.goto(`${origin}/graphiql`);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('renders the query editor and a headers editor holding the Authorization template', async () => {
    await page.locator('.graphiql-container .graphiql-query-editor').waitFor();
    const headers = page.locator('.graphiql-editor-tool .graphiql-editor').last();
    await headers.waitFor();
    const text = (await headers.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain(`"Authorization": "${JSON.parse(GRAPHIQL_HEADERS_TEMPLATE).Authorization}"`);
  });

  it('runs a query with a pasted key and shows the answer', async () => {
    const headers = page.locator('.graphiql-editor-tool .graphiql-editor').last();
    await headers.click();
    await page.keyboard.press('ControlOrMeta+A');
    await paste(page, JSON.stringify({ Authorization: `Bearer ${ADMIN_TOKEN}` }));
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.result-window');
    await page.waitForFunction(() => (globalThis as Dom).document.querySelector('.result-window')?.textContent?.includes('yrd-2024-2026'));
    const answer = await result.innerText();
    expect(answer).toContain('"plans"');
    expect(answer).not.toContain('UNAUTHENTICATED');
  });

  it('sent every request, workers included, to the app itself', async () => {
    // Monaco starts the GraphQL language worker lazily (after the JSON and editor workers): wait for its request, up to
    // 15 s, rather than race it; the assertions below still fail if it never comes or comes from elsewhere.
    const worker = `${origin}/graphiql/assets/graphql.worker.js`;
    for (const deadline = Date.now() + 15000; !requested.includes(worker) && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 100));
    expect(requested.length).toBeGreaterThan(3);
    expect(requested.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    expect(requested).toEqual(
      expect.arrayContaining([`${origin}/graphiql/assets/graphiql.js`, `${origin}/graphiql/assets/graphql.worker.js`, `${origin}/graphql`]),
    );
    expect(problems).toEqual([]);
  });
});
