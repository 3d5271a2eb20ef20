import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editionOverview } from '../../src/domain/catalog.js';
import { type TestApp, createTestApp, everythingChanged } from '../helpers/app.js';
import { visit } from '../helpers/browser.js';
import { listedIds, text } from './helpers.js';
import { toRecord } from '../../src/db/records.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const cookieOf = (setCookie: unknown) => String(([] as unknown[]).concat(setCookie ?? [])[0] ?? '').split(';')[0]!;

describe('language', () => {
  it('is Swedish by default, English after the switch, and remembered on the next visit', async () => {
    const swedish = await visit(t, '/orter');
    expect(swedish.$('html').attr('lang')).toBe('sv');
    expect(swedish.$('h1').text()).toBe('Orter');
    const switchLink = swedish.$('a.lang-switch');
    expect(switchLink.text()).toBe('In English');
    expect(switchLink.attr('href')).toBe('/orter?lang=en');

    const english = await visit(t, switchLink.attr('href')!);
    expect(english.$('html').attr('lang')).toBe('en');
    expect(english.$('h1').text()).toBe('Towns');
    expect(english.$('a.lang-switch').text()).toBe('På svenska');
    const cookie = cookieOf(english.headers['set-cookie']);
    expect(cookie).toBe('lang=en');

    const later = await visit(t, '/aktiviteter', { cookie });
    expect(later.$('html').attr('lang')).toBe('en');
    expect(later.$('h1').text()).toBe('Find activities');
    expect(later.$('nav.site-nav a[aria-current="page"]').text()).toBe('Find activities');

    const back = await visit(t, '/?lang=sv', { cookie });
    expect(back.$('html').attr('lang')).toBe('sv');
    expect(cookieOf(back.headers['set-cookie'])).toBe('lang=sv');
  });

  it('follows Accept-Language on a first visit, and a remembered choice over it', async () => {
    const first = await visit(t, '/orter', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(first.$('html').attr('lang')).toBe('en');
    expect(first.headers['set-cookie']).toBeUndefined();
    expect(first.headers.vary).toContain('Accept-Language');
    const chosen = await visit(t, '/orter', { 'accept-language': 'en-GB,en;q=0.9', cookie: 'lang=sv' });
    expect(chosen.$('html').attr('lang')).toBe('sv');
  });

  it('keeps the other query parameters in the switch link', async () => {
    const { $ } = await visit(t, '/aktiviteter?edition=2019&q=bankid');
    expect($('a.lang-switch').attr('href')).toBe('/aktiviteter?edition=2019&q=bankid&lang=en');
  });

  it('gives 404 pages in the visitor\'s language, and keeps JSON for the API', async () => {
    const english = await visit(t, '/no/such/page?lang=en');
    expect(english.status).toBe(404);
    expect(english.$('html').attr('lang')).toBe('en');
    expect(english.$('h1').text()).toBe('Page not found');
    expect(english.$('main a[href="/"]').text()).toBe('To the home page');

    const unknownActivity = await visit(t, '/aktiviteter/999999', { cookie: 'lang=en' });
    expect(unknownActivity.status).toBe(404);
    expect(unknownActivity.$('main').text()).toContain('There is no activity at this address.');

    const api = await t.app.inject({ url: '/api/v1/nothing-here' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/^application\/json/);
    expect(api.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('shows dates, numbers and labels in English on English pages', async () => {
    const { $ } = await visit(t, '/orter/umea?edition=2019&lang=en');
    expect($('.day-heading').first().text()).toBe('Wednesday 2 October 2019');
    expect($('h1').text()).toBe('Programme for Umeå');
    expect(text($('.selection__count').text())).toMatch(/^\d+ activities$/);
  });
});

describe('an activity page', () => {
  it('tells everything about the activity, with weekday, date and time in words in Stockholm time', async () => {
    const row = await t.database.db
      .selectFrom('activities as a')
      .innerJoin('editions as e', 'e.id', 'a.edition_id')
      .innerJoin('venues as v', 'v.id', 'a.venue_id')
      .innerJoin('organizers as o', 'o.id', 'a.organizer_id')
      .where('e.slug', '=', '2019')
      .where('a.status', '=', 'published')
      .select(['a.id', 'a.title', 'a.starts_at', 'a.ends_at', 'v.name as venue', 'v.street_address', 'v.lat', 'v.lon', 'v.step_free', 'o.name as organizer'])
      .orderBy('a.id')
      .executeTakeFirstOrThrow();
    const { status, $ } = await visit(t, `/aktiviteter/${row.id}`);
    expect(status).toBe(200);
    expect($('h1').text()).toBe(row.title);
    // October 2019 in Sweden is UTC+2, whatever zone this test runs in.
    const local = (instant: string) => `${String(new Date(instant).getUTCHours() + 2).padStart(2, '0')}:${String(new Date(instant).getUTCMinutes()).padStart(2, '0')}`;
    expect($('.when').text()).toBe(`onsdag 2 oktober 2019, kl. ${local(row.starts_at)}–${local(row.ends_at)}`);
    const main = text($('main').text());
    expect(main).toContain(row.venue);
    expect(main).toContain(row.street_address);
    expect(main).toContain(row.organizer);
    expect(main).toContain(`Entré utan trappsteg: ${row.step_free ? 'Ja' : 'Nej'}`);
    expect($('a[href^="https://www.openstreetmap.org/"]').attr('href')).toBe(
      `https://www.openstreetmap.org/?mlat=${row.lat}&mlon=${row.lon}#map=17/${row.lat}/${row.lon}`,
    );
    expect($('.cancelled-banner').length).toBe(0);

    const calendar = $('.add-to-calendar a').map((_, a) => $(a).attr('href')).get();
    expect(calendar[0]).toBe(`/aktiviteter/${row.id}.ics`);
    const google = new URL(calendar[1]!);
    expect(google.hostname).toBe('calendar.google.com');
    expect(google.searchParams.get('text')).toBe(row.title);
    const compact = (i: string) => i.replace(/[-:]|\.\d{3}/g, '');
    expect(google.searchParams.get('dates')).toBe(`${compact(row.starts_at)}/${compact(row.ends_at)}`);
    const outlook = new URL(calendar[2]!);
    expect(outlook.hostname).toBe('outlook.live.com');
    expect(outlook.searchParams.get('startdt')).toBe(row.starts_at.replace('.000', ''));

    const event = JSON.parse($('script[type="application/ld+json"]').text());
    expect(event).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Event',
      name: row.title,
      eventStatus: 'https://schema.org/EventScheduled',
      isAccessibleForFree: true,
      location: { '@type': 'Place', name: row.venue },
      organizer: { '@type': 'Organization', name: row.organizer },
    });
    expect(event.startDate).toBe(`2019-10-02T${local(row.starts_at)}:00+02:00`);
    expect(event.inLanguage).toContain('sv');
  });

  it('has one address: a wrong slug after the id is sent there with 301, keeping the query; the bare id names it as canonical', async () => {
    const town = await visit(t, '/orter/umea?edition=2019');
    const canonical = town.$('.card__title a[href^="/aktiviteter/"]').first().attr('href')!;
    const [, id, slug] = /^\/aktiviteter\/(\d+)-([a-z0-9-]+)$/.exec(canonical) as unknown as [string, string, string];

    const page = await visit(t, canonical);
    expect(page.status).toBe(200);
    expect(page.$('link[rel="canonical"]').attr('href')).toBe(`http://temadag.test${canonical}`);

    for (const wrong of [`${id}-wrong-slug`, `${id}-${slug.toUpperCase()}`, `${id}-${encodeURIComponent('ä ö')}`, `${id}-`, `0${id}-${slug}`]) {
      const moved = await t.app.inject(`/aktiviteter/${wrong}?lang=en&x=1`);
      expect(moved.statusCode, wrong).toBe(301);
      expect(moved.headers.location, wrong).toBe(`${canonical}?lang=en&x=1`);
      // A title (and so the canonical slug) can change: browsers must not keep this redirect for ever.
      expect(moved.headers['cache-control']).toBe('public, max-age=300');
    }
    const english = await visit(t, `/aktiviteter/${id}-wrong-slug?lang=en`);
    const followed = await visit(t, String(english.headers.location));
    expect(followed.status).toBe(200);
    expect(followed.$('html').attr('lang')).toBe('en');
    expect(followed.$('h1').text()).toBe(page.$('h1').text());
    expect((await t.app.inject(`/aktiviteter/${id}-wrong-slug`)).headers.location).toBe(canonical);

    // The bare id is the permalink in feeds and the API: it answers, and points search engines at the canonical address.
    const bare = await visit(t, `/aktiviteter/${id}`);
    expect(bare.status).toBe(200);
    expect(bare.$('link[rel="canonical"]').attr('href')).toBe(`http://temadag.test${canonical}`);

    const unknown = await visit(t, '/aktiviteter/999999-wrong-slug');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.location).toBeUndefined();
  });

  it('says unmistakably at the top that a cancelled activity is cancelled, and why', async () => {
    const cancelled = await t.database.db
      .selectFrom('activities')
      .where('status', '=', 'cancelled')
      .select(['id', 'title', 'status_reason', 'town_id'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const { status, $ } = await visit(t, `/aktiviteter/${cancelled.id}`);
    expect(status).toBe(200);
    const banner = $('main .cancelled-banner');
    expect(banner.length).toBe(1);
    expect($('main > article').children().first().is(banner)).toBe(true);
    expect(text(banner.text())).toContain('Den här aktiviteten är INSTÄLLD.');
    expect(text(banner.text())).toContain(cancelled.status_reason!);
    expect($('h1').text()).toBe(`Inställd ${cancelled.title}`);
    expect($('.add-to-calendar').length).toBe(0);
    expect(JSON.parse($('script[type="application/ld+json"]').text()).eventStatus).toBe('https://schema.org/EventCancelled');

    const town = await t.database.db.selectFrom('towns').where('id', '=', cancelled.town_id!).select('slug').executeTakeFirstOrThrow();
    const programme = await visit(t, `/orter/${town.slug}?edition=2019`);
    const item = programme.$(`.cards > li:has(a[href^="/aktiviteter/${cancelled.id}-"])`);
    expect(item.find('.tag-cancelled').text()).toBe('Inställd');
  });

  it('shows a title containing <script> as text, in the page, the lists and the JSON-LD', async () => {
    const source = await t.database.db
      .selectFrom('activities as a')
      .innerJoin('editions as e', 'e.id', 'a.edition_id')
      .innerJoin('towns as tw', 'tw.id', 'a.town_id')
      .where('e.slug', '=', '2019')
      .where('tw.slug', '=', 'umea')
      .where('a.status', '=', 'published')
      .selectAll('a')
      .executeTakeFirstOrThrow();
    const title = '<script>alert("x")</script> Hej & välkommen </title>';
    const { id } = await t.database.db
      .insertInto('activities')
      .values({
        ...source,
        id: undefined,
        uid: 'escape-test-uid',
        external_ref: null,
        title,
        summary: '<img src=x onerror=alert(1)>',
        online_url: 'javascript:alert(1)',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await everythingChanged(t.database);

    const { status, $, body } = await visit(t, `/aktiviteter/${id}`);
    expect(status).toBe(200);
    expect($('h1').text()).toBe(title);
    expect($('title').text()).toBe(`${title} – Digital@Idag`);
    expect($('script').length).toBe(1);
    expect($('main img').length).toBe(0);
    expect($('a[href^="javascript:"]').length).toBe(0);
    expect(text($('main').text())).toContain('javascript:alert(1)');
    const jsonLd = $('script[type="application/ld+json"]').text();
    expect(jsonLd).not.toContain('<');
    expect(JSON.parse(jsonLd).name).toBe(title);
    expect(body).not.toContain('<script>alert');

    const programme = await visit(t, '/orter/umea?edition=2019');
    expect(listedIds(programme.$)).toContain(id);
    expect(programme.$(`a[href^="/aktiviteter/${id}-"]`).text()).toBe(title);
    expect(programme.$('script').length).toBe(0);
  });
});

describe('the home page', () => {
  it('shows the current edition with its days, figures, help and towns by county', async () => {
    const { status, $ } = await visit(t, '/');
    expect(status).toBe(200);
    // The test clock is November 2026, so the current edition is the upcoming 2027 one, over two days.
    expect($('h1').text()).toBe('Digital@Idag 2027');
    expect(text($('.when').text())).toBe('torsdag 7 oktober 2027 och fredag 8 oktober 2027');
    const figures = await t.database.db
      .selectFrom('activities as a')
      .innerJoin('editions as e', 'e.id', 'a.edition_id')
      .innerJoin('towns as tw', 'tw.id', 'a.town_id')
      .where('e.slug', '=', '2027')
      .where('a.status', 'in', ['published', 'cancelled'])
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('a.town_id').distinct().as('towns')])
      .executeTakeFirstOrThrow();
    expect(text($('.figures li').eq(0).text())).toBe(`${figures.n} aktiviteter`);
    expect(text($('.figures li').eq(1).text())).toBe(`${figures.towns} orter`);
    expect($('.town-list li').length).toBe(Number(figures.towns));
    expect(text($('#help-title').parent().text())).toMatch(/Ring oss: \d/);
    expect($('form[action="/aktiviteter"] input[name="q"]').length).toBe(1);
  });

  it('on the day, knows what is on now and what starts later', async () => {
    const edition = toRecord(await t.database.db.selectFrom('editions').selectAll().where('slug', '=', '2019').executeTakeFirstOrThrow());
    const now = new Date('2019-10-02T09:30:00Z');
    const overview = await editionOverview(t.database.db, edition, now);
    expect(overview.today).not.toBeNull();
    expect(overview.today!.onNow.length).toBeGreaterThan(0);
    for (const a of overview.today!.onNow) expect(a.startsAt <= now.toISOString() && a.endsAt > now.toISOString()).toBe(true);
    for (const a of overview.today!.next) expect(a.startsAt >= now.toISOString() && a.startsAt < '2019-10-02T22:00:00.000Z').toBe(true);
    expect(await editionOverview(t.database.db, edition, new Date('2019-10-03T09:30:00Z'))).toMatchObject({ today: null });
  });
});

describe('text from organizers on English pages', () => {
  it('is marked as Swedish, and drafts are not shown at all', async () => {
    const { $ } = await visit(t, '/aktiviteter/5?lang=en');
    expect($('html').attr('lang')).toBe('en');
    expect($('h1 span').attr('lang')).toBe('sv');
    expect($('.description').attr('lang')).toBe('sv');
    const swedish = await visit(t, '/aktiviteter/5?lang=sv');
    expect(swedish.$('main [lang]').length).toBe(0);

    const draft = await t.database.db.selectFrom('activities').where('status', '=', 'draft').select('id').executeTakeFirstOrThrow();
    expect((await visit(t, `/aktiviteter/${draft.id}`)).status).toBe(404);
  });
});
