import { randomUUID } from 'node:crypto';
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';

let t: TestApp;
const TITLE = '<script>alert("x")</script> & café';

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const edition = await db.selectFrom('editions').select('id').where('slug', '=', '2019').executeTakeFirstOrThrow();
  const organizer = await db.selectFrom('organizers').select('id').where('slug', '=', 'abf').executeTakeFirstOrThrow();
  const town = await db.selectFrom('towns').select('id').where('slug', '=', 'umea').executeTakeFirstOrThrow();
  const now = '2019-09-01T10:00:00.000Z';
  await db
    .insertInto('activities')
    .values({
      uid: randomUUID(),
      edition_id: edition.id,
      organizer_id: organizer.id,
      title: TITLE,
      summary: '',
      description: '',
      starts_at: '2019-10-02T05:00:00.000Z',
      ends_at: '2019-10-02T06:00:00.000Z',
      format: 'on_site',
      town_id: town.id,
      registration: 'none',
      status: 'cancelled',
      status_reason: 'Sjuk.',
      revision: 1,
      published_at: now,
      created_at: now,
      updated_at: now,
    })
    .execute();
});
afterAll(() => t.close());

describe('GET /embed', () => {
  it('lists a town’s activities compactly, linking to the full pages, and may be framed by any site', async () => {
    const response = await t.app.inject('/embed?edition=2019&town=umea&limit=3');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['x-frame-options']).toBeUndefined();
    expect(response.headers['content-security-policy']).toMatch(/frame-ancestors \*/);
    expect(response.headers['content-security-policy']).not.toMatch(/frame-ancestors 'self'/);

    const $ = cheerio.load(response.body);
    expect($('html').attr('lang')).toBe('sv');
    expect($('.embed').hasClass('theme-light')).toBe(true);
    expect($('h1').text()).toBe('Aktiviteter under Digital@Idag 2019');
    const items = $('.embed-list li');
    expect(items).toHaveLength(3);
    const first = items.first();
    expect(first.find('a').contents().first().text()).toBe(TITLE);
    expect($('.embed-list script')).toHaveLength(0);
    expect(first.hasClass('is-cancelled')).toBe(true);
    expect(first.find('.tag-cancelled').text()).toBe('Inställd');
    for (const link of $('.embed-list a').toArray()) {
      expect($(link).attr('href')).toMatch(/^http:\/\/temadag\.test\/aktiviteter\/\d+$/);
      expect($(link).attr('target')).toBe('_blank');
    }
    const total = (await t.app.inject('/api/v1/activities?edition=2019&town=umea')).json().total;
    expect($('.embed-more a').attr('href')).toBe('http://temadag.test/aktiviteter?edition=2019&town=umea');
    expect($('.embed-more a').text()).toContain(`(${total})`);
  });

  it('takes a dark or automatic theme and English', async () => {
    const $ = cheerio.load((await t.app.inject('/embed?edition=2019&county=24&theme=dark&lang=en')).body);
    expect($('.embed').hasClass('theme-dark')).toBe(true);
    expect($('html').attr('lang')).toBe('en');
    expect($('h1').text()).toBe('Activities during Digital@Idag 2019');
    expect($('.embed-list a').first().attr('lang')).toBe('sv');
    expect(cheerio.load((await t.app.inject('/embed?theme=auto')).body)('.embed').hasClass('theme-auto')).toBe(true);
  });

  it('is the only page other sites may frame', async () => {
    const home = await t.app.inject('/');
    expect(home.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(home.headers['content-security-policy']).toMatch(/frame-ancestors 'self'/);
  });

  it('rejects an unknown theme or filter with 400', async () => {
    expect((await t.app.inject('/embed?theme=pink')).statusCode).toBe(400);
    expect((await t.app.inject('/embed?county=99')).statusCode).toBe(400);
  });
});
