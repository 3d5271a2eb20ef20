import { type Browser, type Page, chromium } from 'playwright-core';

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
export async function openPage(browser: Browser, origin: string, options: { width?: number; javaScript?: boolean; enforceCsp?: boolean } = {}): Promise<Page> {
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
