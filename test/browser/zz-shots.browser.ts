import { mkdirSync } from 'node:fs';
import { it } from 'vitest';
import { appInChromium } from './browser.js';

const site = appInChromium();
it('shots', { timeout: 300_000 }, async () => {
  mkdirSync('/tmp/shots', { recursive: true });
  for (const lang of ['ar', 'uk']) {
    for (const [name, path] of [['home', '/'], ['town', '/orter/stockholm?edition=2019'], ['activity', '/aktiviteter/1'], ['search', '/aktiviteter?edition=2019&q=bankid']]) {
      for (const width of [320, 1280]) {
        const page = await site.open({ width });
        await page.goto(`${site.origin}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        await page.screenshot({ path: `/tmp/shots/${name}-${lang}-${width}.png`, fullPage: width === 320 ? false : false });
        await page.context().close();
      }
    }
  }
});
