import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appInChromium, axe } from './browser.js';
import { checkHtml } from './nu-checker.js';

/**
 * The organizer's and coordinator's forms in Chromium: axe-core (WCAG 2.1 A/AA) on every form
 * page, also with errors shown; the Nu checker on their HTML; and the activity form filled in
 * by keyboard alone, from the log-in to the saved activity.
 */

// Functions given to page.evaluate run in the browser; the project compiles without the DOM library.
declare const document: any;

const MAX_TABS = 200;

const site = appInChromium();

/** Presses Tab until the element matching the selector has focus; fails if it never does. */
async function tabTo(page: Page, selector: string) {
  for (let i = 0; i < MAX_TABS; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Logs in by keyboard and waits for the landing page: the account overview, or the review queue for a coordinator. */
async function logInByKeyboard(page: Page, email: string, password: string, landing = '/konto') {
  await page.goto(`${site.origin}/konto/logga-in`);
  await tabTo(page, '#field-email');
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await Promise.all([page.waitForURL(`${site.origin}${landing}`), page.keyboard.press('Enter')]);
}

const IMPORT_WITH_ERRORS = '\uFEFFreferens;titel;datum;start;slut;format;plats;gatuadress;ort\r\nx-1;Ny;2027-13-40;25:00;10:00;på plats;;;Umeå\r\n';

/**
 * The organizer's venue, import, copy and team pages, each also with errors shown, and an
 * invitation's page, handed one by one to `check` (axe or the Nu checker). The page must be logged
 * in as an organizer; it is logged out at the end.
 */
async function walkOrganizerPages(page: Page, check: (name: string) => Promise<void>) {
  for (const path of ['/konto/platser', '/konto/import', '/konto/kopiera', '/konto/rapporter']) {
    await page.goto(`${site.origin}${path}`);
    await check(path);
  }
  await page.goto(`${site.origin}/konto/platser`);
  const venue = await page.getAttribute('main a[href^="/konto/platser/"]', 'href');
  await page.goto(`${site.origin}${venue}`);
  await check('venue');
  await page.fill('#field-venueName', '');
  await page.click('form[action^="/konto/platser/"] button[type="submit"]');
  await page.waitForSelector('.error-summary');
  await check('venue with errors');
  await page.goto(`${site.origin}/konto/import`);
  await page.setInputFiles('#field-file', { name: 'program.csv', mimeType: 'text/csv', buffer: Buffer.from(IMPORT_WITH_ERRORS) });
  await page.click('form[action="/konto/import"] button[type="submit"]');
  await page.waitForSelector('.error-summary');
  await check('import report with errors');

  await page.goto(`${site.origin}/konto`);
  const team = await page.getAttribute('main a[href^="/konto/organisationer/"]', 'href');
  await page.goto(`${site.origin}${team}`);
  await page.fill('#field-email', 'inte en adress');
  await page.click('form[action$="/bjud-in"] button[type="submit"]');
  await page.waitForSelector('.error-summary');
  await check('team with errors');
  const colleague = `kollega-${Date.now()}@example.se`;
  await page.fill('#field-email', colleague);
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/bjud-in"] button[type="submit"]')]);
  await check('team with an open invitation');
  await page.goto(`${site.origin}/dev/outbox?to=${encodeURIComponent(colleague)}`);
  const link = new URL((await page.getAttribute('.mail-body a', 'href'))!);
  await page.goto(`${site.origin}${link.pathname}${link.search}`);
  await check('invitation, logged in');
  // Last, as it logs out: the invitation as someone without an account meets it.
  await page.goto(`${site.origin}/konto`);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/konto/logga-ut"] button')]);
  await page.goto(`${site.origin}${link.pathname}${link.search}`);
  await check('invitation');
  await page.click('form[action="/konto/inbjudan/registrera"] button[type="submit"]');
  await page.waitForSelector('.error-summary');
  await check('invitation with errors');
}

/**
 * The coordinator's reports after the day: who has reported, an organization's list, one report
 * form (coordinators may report on 2019 still), also with errors. The page must be logged in as a coordinator.
 */
async function walkReports(page: Page, check: (name: string) => Promise<void>) {
  await page.goto(`${site.origin}/admin/rapporter?utgava=2019`);
  await check('/admin/rapporter');
  await page.goto(`${site.origin}${await page.getAttribute('table.report-status tbody a', 'href')}`);
  await check('reports of an organization');
  const list = page.url();
  await page.setInputFiles('#field-file', { name: 'rapport.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFFaktivitet;deltagare\r\n999999;många\r\n') });
  await page.click('form[action="/konto/rapporter/import"] button[type="submit"]');
  await page.waitForSelector('.error-summary');
  await check('report upload with errors');
  await page.goto(list);
  await page.goto(`${site.origin}${await page.getAttribute('table.reports tbody a', 'href')}`);
  await check('report form');
  // A number field takes no letters in a browser: "did not happen" with participants is the error to show.
  await page.fill('#field-participants', '25');
  await page.check('input[name="held"][value="not_held"]');
  await page.click('form[action$="/rapport"] button[type="submit"]');
  await page.waitForSelector('.error-summary');
  await check('report form with errors');
}

describe('form pages', () => {
  // One width, one side at a time: each walk is long enough on its own for a shared machine.
  const failures = (problems: Record<string, string[]>) => Object.fromEntries(Object.entries(problems).filter(([, v]) => v.length > 0));

  it.each([1280, 320])("on the organizer's side are free of WCAG 2.1 A/AA violations, with and without errors shown, at %i px", async (width) => {
    const page = await site.open({ width });
    const problems: Record<string, string[]> = {};
    for (const path of ['/konto/logga-in', '/konto/registrera', '/konto/glomt-losenord']) {
      await page.goto(`${site.origin}${path}`);
      problems[path] = await axe(page);
    }
    await page.goto(`${site.origin}/konto/registrera`);
    await page.click('button[type="submit"]');
    await page.waitForSelector('.error-summary');
    problems['register with errors'] = await axe(page);

    await logInByKeyboard(page, 'arrangor@example.se', 'arrangor-demo');
    problems['/konto'] = await axe(page);
    await page.goto(`${site.origin}/konto/aktiviteter/ny`);
    problems['activity form'] = await axe(page);
    await page.click('button[value="submit"]');
    await page.waitForSelector('.error-summary');
    problems['activity form with errors'] = await axe(page);
    await walkOrganizerPages(page, async (name) => {
      problems[name] = await axe(page);
    });
    await page.context().close();
    expect(failures(problems), `at ${width} px`).toEqual({});
  });

  it.each([1280, 320])("on the coordinator's side are free of WCAG 2.1 A/AA violations, with and without errors shown, at %i px", async (width) => {
    const problems: Record<string, string[]> = {};
    const coordinator = await site.open({ width });
    await logInByKeyboard(coordinator, 'samordnare@example.se', 'samordnare-demo', '/admin');
    for (const path of ['/admin', '/admin/andringar', '/admin/arrangorer', '/admin/utgavor', '/admin/konton']) {
      await coordinator.goto(`${site.origin}${path}`);
      problems[path] = await axe(coordinator);
    }
    expect(coordinator.url()).toBe(`${site.origin}/admin/konton`);
    await coordinator.goto(`${site.origin}/admin`);
    const first = await coordinator.getAttribute('table.queue tbody a', 'href');
    await coordinator.goto(`${site.origin}${first}`);
    problems['admin activity'] = await axe(coordinator);
    await coordinator.selectOption('#field-preset', 'other');
    await coordinator.click('form[action$="/avvisa"] button');
    await coordinator.waitForSelector('.error-summary');
    problems['admin activity with errors'] = await axe(coordinator);
    await walkReports(coordinator, async (name) => {
      problems[name] = await axe(coordinator);
    });
    await coordinator.context().close();
    expect(failures(problems), `at ${width} px`).toEqual({});
  });

  it('are valid HTML by the Nu checker, also with errors shown', async () => {
    const page = await site.open();
    const documents: { name: string; html: string }[] = [];
    for (const path of ['/konto/logga-in', '/konto/registrera']) {
      await page.goto(`${site.origin}${path}`);
      documents.push({ name: path, html: await page.content() });
    }
    await logInByKeyboard(page, 'arrangor@example.se', 'arrangor-demo');
    documents.push({ name: '/konto', html: await page.content() });
    await page.goto(`${site.origin}/konto/aktiviteter/ny`);
    documents.push({ name: 'activity form', html: await page.content() });
    await page.click('button[value="submit"]');
    await page.waitForSelector('.error-summary');
    documents.push({ name: 'activity form with errors', html: await page.content() });
    await walkOrganizerPages(page, async (name) => {
      documents.push({ name, html: await page.content() });
    });
    await page.context().close();
    const coordinator = await site.open();
    await logInByKeyboard(coordinator, 'samordnare@example.se', 'samordnare-demo', '/admin');
    for (const path of ['/admin', '/admin/andringar', '/admin/arrangorer', '/admin/utgavor', '/admin/konton']) {
      await coordinator.goto(`${site.origin}${path}`);
      documents.push({ name: path, html: await coordinator.content() });
    }
    await walkReports(coordinator, async (name) => {
      documents.push({ name, html: await coordinator.content() });
    });
    await coordinator.context().close();
    const messages = checkHtml(documents);
    const errors: Record<string, string[]> = {};
    for (const [name, list] of messages) {
      const found = list.filter((m) => m.type !== 'info').map((m) => `line ${m.lastLine}: ${m.message}`);
      if (found.length > 0) errors[name] = found;
    }
    expect(errors).toEqual({});
  });

  it('can be filled in and submitted by keyboard alone', async () => {
    const page = await site.open({ javaScript: true });
    await logInByKeyboard(page, 'arrangor@example.se', 'arrangor-demo');
    await tabTo(page, 'a[href="/konto/aktiviteter/ny"]');
    await Promise.all([page.waitForURL('**/konto/aktiviteter/ny'), page.keyboard.press('Enter')]);

    await tabTo(page, '#field-title');
    await page.keyboard.type('Tangentbordsträff om e-legitimation');
    await tabTo(page, '#field-summary');
    await page.keyboard.type('Vi hjälper dig att komma igång med BankID.');
    await tabTo(page, '#field-day');
    await page.keyboard.press('ArrowDown');
    // Chromium's time field in the en-US locale has hour, minute and AM/PM segments.
    await tabTo(page, '#field-startTime');
    await page.keyboard.type('1000AM');
    await tabTo(page, '#field-endTime');
    await page.keyboard.type('1130AM');
    await tabTo(page, '#field-venueId');
    await page.keyboard.press('ArrowDown');
    for (const box of ['#field-audiences-1', '#field-topics-0']) {
      await tabTo(page, box);
      await page.keyboard.press('Space');
    }
    await tabTo(page, 'button[value="submit"]');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.locator('.error-summary').allTextContents()).toEqual([]);
    expect(page.url()).toMatch(/\/konto\/aktiviteter\/\d+$/);
    // Chromium asks for English (Accept-Language: en-US), and gets it.
    expect(await page.textContent('.status')).toBe('Submitted, waiting for review');
    expect(await page.textContent('h1')).toBe('Tangentbordsträff om e-legitimation');
    await page.context().close();
  });
});
