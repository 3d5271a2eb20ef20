import { readFileSync } from 'node:fs';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type RunningApp, startApp } from './server.js';

// Functions given to page.evaluate run in the browser; the project compiles without the DOM library.
declare const document: any, window: any;

const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Debian's Chromium, which .ci/run installs with apt-get; playwright-core brings no browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * A page that may only talk to the app: anything else (map tiles, fonts, analytics) is
 * refused, so a check can neither depend on the network nor miss a third-party request.
 */
export interface PageOptions {
  width?: number;
  javaScript?: boolean;
  enforceCsp?: boolean;
}

export async function openPage(browser: Browser, origin: string, options: PageOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 800 },
    javaScriptEnabled: options.javaScript ?? true,
    // axe-core is injected as an inline script, which the site's Content-Security-Policy rightly forbids.
    bypassCSP: !options.enforceCsp,
  });
  const page = await context.newPage();
  await page.route('**/*', (route) => {
    const url = route.request().url();
    return url.startsWith(`${origin}/`) || url.startsWith('data:') ? route.continue() : route.abort();
  });
  return page;
}

/**
 * The shipped app (see startApp) and Chromium for one test file: started before its tests,
 * closed after them. `open` gives a page that may only talk to the app.
 */
export function appInChromium(): { readonly origin: string; open(options?: PageOptions): Promise<Page> } {
  let server: RunningApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startApp();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get origin() {
      return server!.origin;
    },
    open: (options) => openPage(browser!, server!.origin, options),
  };
}

/** axe-core's WCAG 2.1 A and AA violations on the page, one line each. */
export async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v: any) => `${v.id}: ${v.help} at ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  }, WCAG_21_AA);
}
