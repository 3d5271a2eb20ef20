import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appInChromium } from './browser.js';
import { LANGUAGES } from '../../src/i18n/index.js';

/**
 * The public site used as a person would: on a 320 × 640 phone and a 1280 × 800 screen, where
 * the programme has to start within the first screen, and on paper. Positions are measured in
 * Chromium. Screenshots of every main page go to test-results/screenshots/ for a person to look at.
 */

// Functions given to page.evaluate run in the browser; the project compiles without the DOM library.
declare const document: any;

const site = appInChromium();
const PHONE = { width: 320, height: 640 };
const DESKTOP = { width: 1280, height: 800 };
const SHOTS = 'test-results/screenshots';

async function open(path: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await site.open({ width: viewport.width });
  await page.setViewportSize(viewport);
  await page.goto(`${site.origin}${path}`);
  return page;
}

/** The top of the first activity's title, from the top of the page, in CSS pixels. */
const firstActivityTop = (page: Page) =>
  page.evaluate(() => {
    const title = document.querySelector('.card__title');
    return title ? title.getBoundingClientRect().top + document.documentElement.scrollTop : null;
  });

/** The 2019 town with the most activities: the longest town programme of the demo edition. */
async function biggestTown(): Promise<string> {
  const { items } = (await (await fetch(`${site.origin}/api/v1/towns?edition=2019`)).json()) as { items: { slug: string; activityCount: number }[] };
  return [...items].sort((a, b) => b.activityCount - a.activityCount)[0]!.slug;
}

describe('the programme first', () => {
  it.each([
    ['a phone', PHONE, 640],
    ['a desktop screen', DESKTOP, 800],
  ])('on %s the first activity of the biggest 2019 town and of a search for "bankid" starts within the first screen', async (_, viewport, limit) => {
    const town = await biggestTown();
    for (const path of [`/orter/${town}?edition=2019`, '/aktiviteter?edition=2019&q=bankid', `/orter/${town}?edition=2019&lang=en`, '/aktiviteter?edition=2019&q=bankid&lang=en']) {
      const page = await open(path, viewport);
      const top = await firstActivityTop(page);
      await page.context().close();
      expect(top, path).not.toBeNull();
      expect(top!, `${path} at ${viewport.width} px`).toBeLessThanOrEqual(limit);
    }
  });

  it('keeps the filters one click away, behind "Ändra urval", and opens them when something asked for cannot be used', async () => {
    const page = await open('/orter/umea?edition=2019&lang=sv', PHONE);
    expect(await page.isVisible('#filter-audience')).toBe(false);
    await page.click('summary:has-text("Ändra urval")');
    expect(await page.isVisible('#filter-audience')).toBe(true);
    await page.selectOption('#filter-audience', 'elderly');
    await Promise.all([page.waitForURL(/audience=elderly/), page.click('button:has-text("Visa aktiviteter")')]);
    expect(await page.textContent('.active-filters')).toContain('För vem: Äldre');
    await page.goto(`${site.origin}/aktiviteter?edition=2019&from=2019-10-02T15:00&to=2019-10-02T13:00`);
    expect(await page.isVisible('#filter-to')).toBe(true);
    await page.context().close();
  });
});

describe('the header and menu', () => {
  const PATHS = ['/', '/orter/stockholm?edition=2019', '/aktiviteter?edition=2019&q=bankid', '/aktiviteter/1', '/kalender/2019-10', '/om', '/for-arrangorer'];

  it.each(PATHS)('take at most 120 px of a 320 px screen on %s, in every language', async (path) => {
    for (const lang of LANGUAGES) {
      const page = await open(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`, PHONE);
      const height = await page.evaluate(() => document.querySelector('.site-header').getBoundingClientRect().height);
      await page.context().close();
      expect(height, lang).toBeLessThanOrEqual(120);
    }
  });

  it.each([...LANGUAGES])('fit the whole menu on one line at 1280 px (%s)', async (lang) => {
    const page = await open(`/aktiviteter?lang=${lang}`, DESKTOP);
    const tops = await page.evaluate(() =>
      [...document.querySelectorAll('.site-nav li')].filter((li: any) => li.getClientRects().length > 0).map((li: any) => Math.round(li.getBoundingClientRect().top)),
    );
    await page.context().close();
    expect(tops.length).toBe(8);
    expect(new Set(tops).size).toBe(1);
  });
});

describe('at 320 px', () => {
  // Some 260 pages, one after another: 45 s on a quiet machine, over the default minute in CI beside other work.
  it('no 2019 activity page scrolls sideways, whatever its addresses and words', async () => {
    const ids: number[] = [];
    let cursor: string | null = null;
    do {
      const answer = (await (await fetch(`${site.origin}/api/v1/activities?edition=2019&limit=200${cursor ? `&cursor=${cursor}` : ''}`)).json()) as {
        items: { id: number }[];
        nextCursor: string | null;
      };
      ids.push(...answer.items.map((a) => a.id));
      cursor = answer.nextCursor;
    } while (cursor);
    expect(ids.length).toBeGreaterThan(250);
    const page = await site.open({ width: 320, javaScript: false });
    const wide: string[] = [];
    for (const id of ids) {
      await page.goto(`${site.origin}/aktiviteter/${id}`);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      if (scrollWidth > clientWidth) wide.push(`${id}: ${scrollWidth - clientWidth} px`);
    }
    await page.context().close();
    expect(wide).toEqual([]);
  }, 240_000);
});

describe('screenshots for a person to look at', () => {
  const SCREENS = [
    ['home', '/?lang=sv'],
    ['town', '/orter/stockholm?edition=2019&lang=sv'],
    ['search', '/aktiviteter?edition=2019&q=bankid&lang=sv'],
    ['activity', '/aktiviteter/1?lang=sv'],
    ['calendar', '/kalender/2019-10?lang=sv'],
    ['calendar-day', '/kalender/2019-10-02?lang=sv'],
    ['om', '/om?lang=sv'],
    ['tillganglighet', '/tillganglighet?lang=sv'],
    ['personuppgifter', '/personuppgifter?lang=sv'],
    ['for-arrangorer', '/for-arrangorer?lang=sv'],
    // Right to left, and a language whose words run long: the four main pages in Arabic and Ukrainian.
    ...(['ar', 'uk'] as const).flatMap((lang) => [
      [`home-${lang}`, `/?lang=${lang}`],
      [`town-${lang}`, `/orter/stockholm?edition=2019&lang=${lang}`],
      [`search-${lang}`, `/aktiviteter?edition=2019&q=bankid&lang=${lang}`],
      [`activity-${lang}`, `/aktiviteter/1?lang=${lang}`],
    ] as const),
  ] as const;

  it.each(SCREENS)('%s at 320 and 1280 px and on paper', async (name, path) => {
    mkdirSync(SHOTS, { recursive: true });
    for (const viewport of [PHONE, DESKTOP]) {
      const page = await open(path, viewport);
      await page.screenshot({ path: `${SHOTS}/${name}-${viewport.width}.png`, fullPage: true });
      await page.context().close();
    }
    // A4 at 96 dpi is 794 px wide; print media shows the page as the print stylesheet lays it out.
    const paper = await open(path, { width: 794, height: 1123 });
    await paper.emulateMedia({ media: 'print' });
    await paper.screenshot({ path: `${SHOTS}/${name}-print.png`, fullPage: true });
    const printed = await paper.evaluate(() => ({
      header: [...document.querySelectorAll('.site-header, .site-footer, .site-nav')].some((el: any) => el.getClientRects().length > 0),
      h1: document.querySelector('h1')?.getClientRects().length > 0,
    }));
    await paper.context().close();
    expect(printed).toEqual({ header: false, h1: true });
  });

  it('prints the town programme with its QR code and addresses on A4', async () => {
    const page = await open('/orter/umea?edition=2019&print=1', { width: 794, height: 1123 });
    await page.emulateMedia({ media: 'print' });
    const shown = await page.evaluate(() => ({
      qr: document.querySelector('svg.qr')?.getBoundingClientRect().width ?? 0,
      addresses: [...document.querySelectorAll('.card__details')].filter((el: any) => el.getClientRects().length > 0).length,
      cards: document.querySelectorAll('.card').length,
      help: document.querySelector('.print-help')?.getClientRects().length > 0,
    }));
    await page.screenshot({ path: `${SHOTS}/town-printview-print.png`, fullPage: true });
    await page.context().close();
    // 28 mm at 96 dpi is about 106 px: big enough for a phone's camera.
    expect(shown.qr).toBeGreaterThan(100);
    expect(shown.addresses).toBe(shown.cards);
    expect(shown.help).toBe(true);
  });
});
