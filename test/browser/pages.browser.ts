import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { appInChromium, axe } from './browser.js';
import { type NuMessage, checkHtml } from './nu-checker.js';
import { PAGES } from './pages.js';

// Functions given to page.evaluate run in the browser; the project compiles without the DOM library.
declare const document: any, getComputedStyle: (element: any) => any;

/** More Tab presses than any page has links before its main content ends. */
const MAX_TABS = 300;

let nuMessages: Map<string, NuMessage[]>;

const site = appInChromium();

beforeAll(async () => {
  const documents = await Promise.all(
    PAGES.map(async (p) => ({ name: p.name, html: await (await fetch(`${site.origin}${p.path}`)).text() })),
  );
  nuMessages = checkHtml(documents);
});

async function visit(path: string, options: { width?: number } = {}): Promise<Page> {
  const page = await site.open(options);
  await page.goto(`${site.origin}${path}`);
  return page;
}

/** What has focus, described for a failure message, and whether the focus can be seen. */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadowed = style.boxShadow !== 'none';
    return {
      id: `${el.tagName.toLowerCase()}${el.getAttribute('href') ? `[href="${el.getAttribute('href')}"]` : ''}${el.getAttribute('name') ? `[name="${el.getAttribute('name')}"]` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`,
      visible: outlined || shadowed,
      index: Number(el.dataset.tabProbe),
    };
  });
}

describe.each(PAGES)('$name ($path)', (check) => {
  it(`answers ${check.status ?? 200} with HTML`, async () => {
    const response = await fetch(`${site.origin}${check.path}`);
    expect(response.status).toBe(check.status ?? 200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('is valid HTML by the Nu checker', () => {
    const errors = nuMessages.get(check.name)!.filter((m) => m.type !== 'info');
    expect(errors.map((m) => `line ${m.lastLine}: ${m.message} [${m.extract ?? ''}]`)).toEqual([]);
  });

  it.each([1280, 320])('has no WCAG 2.1 A or AA violations by axe-core at %i px', async (width) => {
    const page = await visit(check.path, { width });
    const violations = await axe(page);
    await page.context().close();
    expect(violations).toEqual([]);
  });

  it('fits a 320 px wide screen without scrolling sideways', async () => {
    const page = await visit(check.path, { width: 320 });
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    await page.context().close();
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  });

  it('can be used by keyboard: Tab reaches the main links and fields, with a visible focus', async () => {
    const page = await visit(check.path);
    const targets = check.tabTo ?? [];
    // Number the targets' elements so the Tab walk can say which of them it reached.
    const expected = await page.evaluate((selectors) => {
      let n = 0;
      return selectors.map((selector) => {
        const elements: any[] = [...document.querySelectorAll(selector)];
        for (const el of elements) el.dataset.tabProbe = String(n);
        return elements.length === 0 ? -1 : n++;
      });
    }, targets);
    expect(targets.filter((_, i) => expected[i]! < 0), 'selectors that match nothing').toEqual([]);

    const reached = new Set<number>();
    const invisible: string[] = [];
    for (let i = 0; i < MAX_TABS && reached.size < targets.length; i++) {
      await page.keyboard.press('Tab');
      const now = await focused(page);
      if (!now) break;
      if (!now.visible) invisible.push(now.id);
      if (!Number.isNaN(now.index)) reached.add(now.index);
    }
    await page.context().close();
    expect(invisible, 'focused without a visible focus indicator').toEqual([]);
    expect(targets.filter((_, i) => !reached.has(expected[i]!)), 'not reached by Tab').toEqual([]);
  });
});

describe('on paper (print media)', () => {
  /** Whether anything matching each selector takes up room on the page as it is rendered now. */
  const shown = (page: Page, selectors: string[]) =>
    page.evaluate(
      (list) => Object.fromEntries(list.map((s: string) => [s, [...document.querySelectorAll(s)].some((el: any) => el.getClientRects().length > 0)])),
      selectors,
    );
  const SCREEN_ONLY = ['.site-header', '.site-nav', '.site-footer', '.change-selection', '.take-along', '.subscribe-links', '.lang-switch'];

  it.each(['/orter/umea?edition=2019', '/kommuner/umea?edition=2019', '/lan/vasterbottens-lan?edition=2019', '/aktiviteter?edition=2019&town=umea'])(
    '%s prints the programme without menu, filters, subscribe, print or share links',
    async (path) => {
      const page = await visit(path);
      const onScreen = await shown(page, [...SCREEN_ONLY, 'h1', '.cards']);
      await page.emulateMedia({ media: 'print' });
      const onPaper = await shown(page, [...SCREEN_ONLY, 'h1', '.cards']);
      await page.context().close();
      // The municipality and county pages have no feed of their own, so no subscribe links on any medium.
      expect(onScreen).toMatchObject({ '.site-nav': true, '.change-selection': true, '.take-along': true, h1: true, '.cards': true });
      expect(onPaper).toEqual({ ...Object.fromEntries(SCREEN_ONLY.map((s) => [s, false])), h1: true, '.cards': true });
    },
  );
});

