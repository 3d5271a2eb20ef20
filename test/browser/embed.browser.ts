import { type Server, createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appInChromium } from './browser.js';

const site = appInChromium();

// A partner's page on an origin of its own (another port), served for real: Chromium keeps pages
// it cannot place on this machine from framing a local server at all.
let partner: Server;
let partnerOrigin: string;
beforeAll(async () => {
  partner = createServer((_request, response) => {
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(`<!doctype html><title>Kommunen</title>
      <iframe id="embed" title="Digital@Idag" src="${site.origin}/embed?town=umea&amp;edition=2019"></iframe>
      <iframe id="home" title="Hem" src="${site.origin}/"></iframe>`);
  });
  await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
  partnerOrigin = `http://127.0.0.1:${(partner.address() as { port: number }).port}`;
});
afterAll(() => new Promise((resolve) => partner.close(resolve)));

describe('/embed on a partner site', () => {
  it('shows in the partner page’s iframe, where any other page of the site refuses to be framed', async () => {
    const page = await site.open({ enforceCsp: true });
    await page.route(`${partnerOrigin}/**`, (route) => route.continue());
    const console: string[] = [];
    page.on('console', (message) => console.push(message.text()));
    // The load event waits for both frames, the refused one included.
    await page.goto(`${partnerOrigin}/`, { waitUntil: 'load' });

    const links = page.frameLocator('#embed').locator('a[href*="/aktiviteter/"]');
    expect(await links.count()).toBeGreaterThan(0);
    // The full activity page opens in a tab of its own, not inside the small frame.
    expect(await links.first().getAttribute('target')).toBe('_blank');

    // The home page, framed by the same partner, is refused: Chromium shows its own error instead.
    expect(await page.frameLocator('#embed').locator('main#main').count()).toBe(1);
    expect(await page.frameLocator('#home').locator('main#main').count()).toBe(0);
    expect(console.some((text) => /Framing '.*' violates .*"frame-ancestors 'self'"/.test(text)), console.join('\n')).toBe(true);
    await page.context().close();
  });
});
