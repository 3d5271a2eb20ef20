import type { ConsoleMessage } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appInChromium } from './browser.js';

const site = appInChromium();

describe('/karta', () => {
  it('draws every listed town on a Leaflet map served by the app, under the site content security policy', async () => {
    const page = await site.open({ enforceCsp: true });
    const problems: string[] = [];
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error' && !/ERR_FAILED/.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    const leaflet = page.waitForResponse(`${site.origin}/static/leaflet/leaflet.js`);
    await page.goto(`${site.origin}/karta?edition=2019`);
    expect((await leaflet).status()).toBe(200);
    await page.locator('#map.leaflet-container').waitFor();
    const towns = await page.locator('.town-list li').count();
    expect(towns).toBe(110);
    await expect.poll(() => page.locator('#map path.leaflet-interactive').count()).toBe(towns);
    expect(await page.locator('#map').isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('is the town list without JavaScript', async () => {
    const page = await site.open({ javaScript: false });
    await page.goto(`${site.origin}/karta?edition=2019`);
    expect(await page.locator('#map').isVisible()).toBe(false);
    expect(await page.locator('.town-list a').count()).toBe(110);
    expect(await page.locator('.town-list a[href="/orter/umea?edition=2019"]').isVisible()).toBe(true);
    await page.context().close();
  });
});
