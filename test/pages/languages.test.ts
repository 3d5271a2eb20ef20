import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGE_INFO, LANGUAGES, type Lang, t as translate } from '../../src/i18n/index.js';
import { type TestApp, createTestApp, everythingChanged } from '../helpers/app.js';
import { Browser, visit } from '../helpers/browser.js';
import { createActivity, createAccount } from '../helpers/factories.js';
import { text } from './helpers.js';

/** The four languages of issue 15, beside Swedish and English. */
const NEW: Lang[] = ['ar', 'fa', 'uk', 'fi'];

/** Every kind of public page, with the text of its h1 in Swedish (to prove it is not what a new language shows). */
const PUBLIC_PAGES = [
  '/',
  '/orter',
  '/orter/umea?edition=2019',
  '/kommuner/umea?edition=2019',
  '/lan/25?edition=2019',
  '/aktiviteter?edition=2019',
  '/aktiviteter?edition=2019&q=bankid',
  '/aktiviteter/1',
  '/kalender/2019-10',
  '/kalender/2019-10-02',
  '/karta',
  '/arrangorer',
  '/statistik',
  '/anvand-vara-data',
  '/om',
  '/tillganglighet',
  '/personuppgifter',
  '/for-arrangorer',
  '/embed?edition=2019',
];

let t: TestApp;
let swedishTitle: number;
beforeAll(async () => {
  t = await createTestApp();
  // An activity of the current edition held in Arabic, with a Swedish title written by its organizer.
  const activity = await createActivity(t.database, { edition: '2027', title: 'Digital kafé på arabiska.', languages: ['ar', 'sv'] });
  swedishTitle = activity.id;
});
afterAll(() => t.close());

const cookieOf = (setCookie: unknown) => String(([] as unknown[]).concat(setCookie ?? [])[0] ?? '').split(';')[0]!;

describe('the public site in Arabic, Persian, Ukrainian and Finnish', () => {
  it.each(NEW)('serves every public page in %s, with its lang and dir, and no Swedish interface text', async (lang) => {
    for (const url of PUBLIC_PAGES) {
      const page = await visit(t, `${url}${url.includes('?') ? '&' : '?'}lang=${lang}`);
      expect(page.status, url).toBe(200);
      const html = page.$('html');
      expect(html.attr('lang'), url).toBe(lang);
      expect(html.attr('dir'), url).toBe(LANGUAGE_INFO[lang].dir);
      expect(page.headers['content-language'], url).toBe(lang);
      // The page's own words are the language's: the heading and the menu are not the Swedish ones.
      expect(text(page.$('h1').first().text()).length, url).toBeGreaterThan(0);
      if (!url.startsWith('/embed')) {
        expect(text(page.$('nav.site-nav').text()), url).toContain(translate(lang, 'nav.towns'));
        expect(text(page.$('nav.site-nav').text()), url).not.toContain('Sök aktiviteter');
        expect(text(page.$('footer').text()), url).toContain(translate(lang, 'footer.helpTitle'));
      }
      // No placeholder left unfilled, and no key shown raw (in what a reader sees: the map's script data aside).
      page.$('script').remove();
      expect(text(page.$('body').text()), url).not.toMatch(/\{\w+\}|\b(nav|home|filters|activity)\.[a-z]+[A-Z]?\w*\b/);
    }
  });

  it.each(NEW)('answers an unknown page in %s, with the error in that language', async (lang) => {
    const page = await visit(t, `/no/such/page?lang=${lang}`);
    expect(page.status).toBe(404);
    expect(page.$('html').attr('lang')).toBe(lang);
    expect(page.$('h1').text()).toBe(translate(lang, 'error.notFound.title'));
  });

  it('writes the service pages in the language itself, not the Swedish text', async () => {
    for (const lang of NEW) {
      const { $ } = await visit(t, `/om?lang=${lang}`);
      expect($('article.prose').attr('lang'), lang).toBeUndefined();
      expect(text($('main').text()), lang).not.toContain('Vad händer på dagen?');
    }
    expect(text((await visit(t, '/om?lang=uk')).$('h1').text())).toBe('Про Digital@Idag');
    expect(text((await visit(t, '/personuppgifter?lang=ar')).$('h1').text())).toBe('كيف نتعامل مع البيانات الشخصية');
  });

  it('formats dates and weekdays with Intl for the language, with Western digits and the Gregorian calendar', async () => {
    const uk = await visit(t, '/aktiviteter/1?lang=uk');
    expect(text(uk.$('.activity-when').text())).toMatch(/жовтня 2019/);
    const fi = await visit(t, '/aktiviteter/1?lang=fi');
    expect(text(fi.$('.activity-when').text())).toMatch(/lokakuuta 2019 klo \d\d:\d\d/);
    // Persian would otherwise give the Solar Hijri year 1398 in Persian digits.
    const fa = await visit(t, '/aktiviteter/1?lang=fa');
    const when = fa.$('.activity-when').text();
    expect(when).toContain('اکتبر');
    expect(when).toMatch(/2019/);
    expect(when).not.toMatch(/[۰-۹٠-٩]|1398/);
    const ar = await visit(t, '/orter/umea?edition=2019&lang=ar');
    const badge = ar.$('.badge__time').first();
    expect(badge.attr('dir')).toBe('ltr');
    expect(badge.text()).toMatch(/^\d\d:\d\d–\d\d:\d\d$/);
  });
});

describe('the language switch', () => {
  it('lists every language in its own name and script, as plain links keeping the page and its query', async () => {
    for (const lang of LANGUAGES) {
      const { $ } = await visit(t, `/aktiviteter?edition=2019&q=bankid&lang=${lang}`);
      const links = $('footer #languages a');
      expect(links.map((_, a) => $(a).text()).get()).toEqual(['Svenska', 'English', 'العربية', 'فارسی', 'Українська', 'Suomi']);
      links.each((_, a) => {
        const code = $(a).attr('hreflang')!;
        expect($(a).attr('lang')).toBe(code);
        expect($(a).attr('dir')).toBe(LANGUAGE_INFO[code as Lang].dir);
        expect($(a).attr('href')).toBe(`/aktiviteter?edition=2019&q=bankid&lang=${code}`);
      });
      expect($(`footer #languages a[aria-current]`).attr('hreflang')).toBe(lang);
      // The header leads to the list from the top of every page, without JavaScript.
      expect($('header a.lang-all').attr('href')).toBe('#languages');
    }
  });

  it('is remembered in a cookie, and the remembered choice wins over Accept-Language', async () => {
    const chosen = await visit(t, '/orter?lang=fa');
    const cookie = cookieOf(chosen.headers['set-cookie']);
    expect(cookie).toBe('lang=fa');
    const later = await visit(t, '/aktiviteter', { cookie, 'accept-language': 'uk-UA,uk;q=0.9' });
    expect(later.$('html').attr('lang')).toBe('fa');
    expect(later.$('html').attr('dir')).toBe('rtl');
  });

  it('follows Accept-Language on a first visit, without setting a cookie', async () => {
    for (const [header, lang] of [
      ['ar-SE,ar;q=0.9,sv;q=0.5', 'ar'],
      ['prs-AF,en;q=0.3', 'fa'],
      ['uk-UA,ru;q=0.8', 'uk'],
      ['fi-FI,fi;q=0.9,sv;q=0.8', 'fi'],
    ] as const) {
      const page = await visit(t, '/', { 'accept-language': header });
      expect(page.$('html').attr('lang'), header).toBe(lang);
      expect(page.headers['set-cookie'], header).toBeUndefined();
      expect(page.headers.vary).toContain('Accept-Language');
    }
  });

  it('keeps the organizer pages in Swedish or English, offering only those', async () => {
    const login = await visit(t, '/konto/logga-in?lang=ar');
    expect(login.$('html').attr('lang')).toBe('en');
    expect(login.$('html').attr('dir')).toBe('ltr');
    expect(login.$('footer #languages a').map((_, a) => login.$(a).attr('hreflang')).get()).toEqual(['sv', 'en']);
    // The visitor's choice stays theirs for the public site.
    expect(cookieOf(login.headers['set-cookie'])).toBe('lang=ar');
    expect((await visit(t, '/konto/logga-in', { cookie: 'lang=fi' })).$('html').attr('lang')).toBe('sv');
  });
});

describe('an unreviewed translation', () => {
  it('says so in one short line in its own language, with a way to report a mistake', async () => {
    for (const lang of NEW) {
      expect(LANGUAGE_INFO[lang].reviewed, lang).toBe(false);
      const { $ } = await visit(t, `/orter?lang=${lang}`);
      const notice = $('main .lang-notice');
      expect(notice, lang).toHaveLength(1);
      expect(text(notice.text())).toBe(`${translate(lang, 'languages.unreviewed')} ${translate(lang, 'languages.reportMistake')}`);
      const href = notice.find('a').attr('href')!;
      expect(href).toMatch(/^mailto:digitalidag@example\.se\?subject=/);
      expect(decodeURIComponent(href.split('subject=')[1]!)).toContain(LANGUAGE_INFO[lang].name);
    }
    for (const lang of ['sv', 'en']) expect((await visit(t, `/orter?lang=${lang}`)).$('.lang-notice'), lang).toHaveLength(0);
  });
});

describe('the home page in a visitor\'s language', () => {
  it.each(['en', ...NEW] as Lang[])('in %s leads straight to the activities held in that language', async (lang) => {
    const expected = (await t.app.inject({ url: `/api/v1/activities?edition=2027&language=${lang}&limit=1` })).json<{ total: number }>().total;
    const home = await visit(t, `/?lang=${lang}`);
    const link = home.$('.in-your-language a');
    expect(link).toHaveLength(1);
    expect(link.attr('href')).toBe(`/aktiviteter?edition=2027&language=${lang}`);
    expect(text(link.text())).toBe(text(expected > 0 ? translate(lang, 'home.inYourLanguage', { count: expected }) : translate(lang, 'home.noneInYourLanguage')));
    // The link lands on the search with the language filter chosen, showing as many.
    const results = await visit(t, link.attr('href')!, { cookie: cookieOf(home.headers['set-cookie']) });
    expect(results.status).toBe(200);
    expect(results.$('html').attr('lang')).toBe(lang);
    if (expected > 0) expect(text(results.$('main').text())).toContain(text(translate(lang, 'count.activities', { count: expected })));
    else expect(text(results.$('main').text())).toContain(translate(lang, 'search.empty'));
  });

  it('counts the Arabic activity added here', async () => {
    const total = (await t.app.inject({ url: '/api/v1/activities?edition=2027&language=ar&limit=1' })).json<{ total: number }>().total;
    expect(total).toBeGreaterThanOrEqual(1);
  });

  it('has no such link in Swedish: every activity is described in Swedish', async () => {
    expect((await visit(t, '/')).$('.in-your-language')).toHaveLength(0);
  });

  /** The current edition's help phone answering in these languages, whatever a test before changed. */
  async function phoneAnswersIn(languages: string) {
    await t.database.db.updateTable('editions').set({ help_phone_languages: languages }).where('slug', '=', '2027').execute();
    await everythingChanged(t.database);
  }

  it('shows the help phone with the languages it answers in, an edition setting', async () => {
    await phoneAnswersIn('sv,en');
    const ar = await visit(t, '/?lang=ar');
    const line = ar.$('.help-line');
    expect(line.find('a.help-line__phone').attr('dir')).toBe('ltr');
    expect(text(line.find('.help-line__languages').text())).toBe(text(translate('ar', 'home.phoneLanguages', { languages: 'السويدية و الإنجليزية' })).replace('و ', 'و'));
    const fi = await visit(t, '/?lang=fi');
    expect(text(fi.$('.help-line__languages').text())).toBe(text(translate('fi', 'home.phoneLanguages', { languages: 'ruotsi ja englanti' })));
    const sv = await visit(t, '/');
    expect(text(sv.$('.help-line__languages').text())).toBe('Telefonhjälpen talar svenska och engelska.');
  });

  it('follows the coordinators when they add a language to the help phone', async () => {
    await createAccount(t.database, { email: 'samordnare-15@example.se', role: 'coordinator', password: 'samordnare-15-losen' });
    await phoneAnswersIn('sv,en');
    const browser = new Browser(t.app);
    await browser.logIn('samordnare-15@example.se', 'samordnare-15-losen');
    const id = (await t.database.db.selectFrom('editions').select('id').where('slug', '=', '2027').executeTakeFirstOrThrow()).id;
    const form = await browser.page(`/admin/utgavor/${id}`);
    expect(form.$('input[name="helpPhoneLanguages"]:checked').map((_, el) => form.$(el).attr('value')).get()).toEqual(['sv', 'en']);
    const fields: Record<string, string | string[]> = {};
    form.$('form input[name], form select[name], form textarea[name]').each((_, el) => {
      const name = form.$(el).attr('name')!;
      if (name === '_csrf' || name === 'helpPhoneLanguages') return;
      fields[name] = el.tagName === 'select' ? form.$(el).find('option[selected]').attr('value') ?? '' : el.tagName === 'textarea' ? form.$(el).text() : (form.$(el).attr('value') ?? '');
    });
    const saved = await browser.post(`/admin/utgavor/${id}`, { ...fields, helpPhoneLanguages: ['sv', 'ar', 'uk'] });
    expect(saved.statusCode).toBe(303);
    const uk = await visit(t, '/?lang=uk');
    expect(text(uk.$('.help-line__languages').text())).toBe(text(translate('uk', 'home.phoneLanguages', { languages: 'шведська, арабська і українська' })));
    // None chosen is refused: a help phone answers in some language.
    const refused = await browser.post(`/admin/utgavor/${id}`, fields);
    expect(refused.statusCode).toBe(422);
  });
});

describe('Swedish text from organizers inside a right-to-left page', () => {
  it('is marked lang="sv" dir="auto" on the activity page, in cards and in search results', async () => {
    const page = await visit(t, `/aktiviteter/${swedishTitle}?lang=ar`);
    const title = page.$('h1 span[lang="sv"]');
    expect(title.text()).toBe('Digital kafé på arabiska.');
    expect(title.attr('dir')).toBe('auto');
    const list = await visit(t, '/aktiviteter?edition=2027&language=ar&lang=fa');
    const card = list.$(`.card__title a[href^="/aktiviteter/${swedishTitle}-"]`);
    expect(card).toHaveLength(1);
    expect(card.attr('lang')).toBe('sv');
    expect(card.attr('dir')).toBe('auto');
    // A venue's address, Swedish street names and postal codes, finds its own direction too.
    const withVenue = await visit(t, '/aktiviteter/1?lang=ar');
    expect(withVenue.$('.address').attr('lang')).toBe('sv');
    expect(withVenue.$('.address').attr('dir')).toBe('auto');
    // Left to right pages mark the language only.
    const uk = await visit(t, `/aktiviteter/${swedishTitle}?lang=uk`);
    expect(uk.$('h1 span[lang="sv"]').attr('dir')).toBeUndefined();
  });

  it('keeps the direction on paper: the printed programme is right to left too', async () => {
    const { $ } = await visit(t, '/orter/umea?edition=2019&print=1&lang=ar');
    expect($('html').attr('dir')).toBe('rtl');
    expect($('.lang-notice').hasClass('no-print')).toBe(true);
    expect($('.card__title a').first().attr('dir')).toBe('auto');
    // The page's address under the QR code reads left to right, not as "orter/stockholm?/…".
    expect($('.print-head__url').attr('dir')).toBe('ltr');
    expect($('.print-head__url').text()).toBe('temadag.test/orter/umea?edition=2019');
  });
});

describe('feeds in the new languages', () => {
  it('word a calendar feed in the language asked for', async () => {
    const response = await t.app.inject({ url: '/orter/umea.ics?edition=2019&lang=uk' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Організатор: ');
    const atom = await t.app.inject({ url: '/feeds/activities.atom?lang=fi' });
    expect(atom.statusCode).toBe(200);
  });
});
