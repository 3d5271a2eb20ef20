import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { tileOrigin } from '../../src/routes/pages/karta.js';
import { TEST_NOW, type TestApp, createTestApp, everythingChanged } from '../helpers/app.js';
import { visit } from '../helpers/browser.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const page = (url: string) => visit(t, url);

describe('GET /karta', () => {
  it('is the list of towns with activities by county, with the counts the API gives', async () => {
    const api = (await t.app.inject({ url: '/api/v1/towns?edition=2019' })).json().items as any[];
    const { status, $ } = await page('/karta?edition=2019');
    expect(status).toBe(200);
    expect($('h1').text()).toBe('Karta: orter med aktiviteter, Digital@Idag 2019');
    const listed = $('.town-list li')
      .toArray()
      .map((li) => ({ href: $(li).find('a').attr('href'), text: $(li).text() }));
    expect(listed).toHaveLength(110);
    expect(listed.map((l) => l.href).sort()).toEqual(api.map((town) => `/orter/${town.slug}?edition=2019`).sort());
    for (const town of api) {
      expect(listed.find((l) => l.href === `/orter/${town.slug}?edition=2019`)!.text).toBe(`${town.name} (${town.activityCount})`);
    }
    expect($('section h2').first().text()).toMatch(/^Stockholms län \(\d+ aktiviteter\)$/);
  });

  it('hides the map until the script draws it, and hands it the same towns as data', async () => {
    const { $ } = await page('/karta?edition=2019');
    const map = $('#map');
    expect(map.attr('hidden')).toBeDefined();
    expect(map.attr('role')).toBe('region');
    const data = JSON.parse($('#map-data').text());
    expect(data.tileUrl).toBe('https://tile.openstreetmap.org/{z}/{x}/{y}.png');
    expect(data.towns).toHaveLength(110);
    const umea = data.towns.find((town: any) => town.href === '/orter/umea?edition=2019');
    expect(umea).toMatchObject({ name: 'Umeå', label: `${umea.count} aktiviteter` });
    expect(umea.lat).toBeCloseTo(63.8, 0);
    expect($('script[src]').toArray().map((s) => $(s).attr('src'))).toEqual(['/static/leaflet/leaflet.js', '/static/karta.js']);
  });

  it('serves Leaflet from the app and lets only this page load map tiles', async () => {
    const leaflet = await t.app.inject({ url: '/static/leaflet/leaflet.js' });
    expect(leaflet.statusCode).toBe(200);
    expect(leaflet.headers['content-type']).toMatch(/javascript/);
    expect((await t.app.inject({ url: '/static/leaflet/leaflet.css' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/static/karta.js' })).statusCode).toBe(200);
    const map = await page('/karta');
    expect(map.headers['content-security-policy']).toMatch(/img-src 'self' data: https:\/\/tile\.openstreetmap\.org;/);
    const other = await page('/statistik');
    expect(other.headers['content-security-policy']).not.toContain('openstreetmap');
  });

  it('shows the current edition by default, in English when asked', async () => {
    const { $ } = await page('/karta?lang=en');
    expect($('h1').text()).toBe('Map: towns with activities, Digital@Idag 2027');
    expect(JSON.parse($('#map-data').text()).towns[0].label).toMatch(/^\d+ activit(y|ies)$/);
  });

  it('answers an unknown edition with a 404 page', async () => {
    const { status, $ } = await page('/karta?edition=1999');
    expect(status).toBe(404);
    expect($('.lead').text()).toBe('Vi hittar ingen upplaga som heter ”1999”.');
  });

  it('cannot be broken out of by a town name in the map data', async () => {
    const [town] = await t.database.db.selectFrom('towns').select('id').where('slug', '=', 'umea').execute();
    await t.database.db.updateTable('towns').set({ name: '</script><script>alert(1)</script>' }).where('id', '=', town!.id).execute();
    await everythingChanged(t.database);
    const { $ } = await page('/karta?edition=2019');
    expect($('script:not([src]):not([type])')).toHaveLength(0);
    const data = JSON.parse($('#map-data').text());
    expect(data.towns.map((x: any) => x.name)).toContain('</script><script>alert(1)</script>');
    await t.database.db.updateTable('towns').set({ name: 'Umeå' }).where('id', '=', town!.id).execute();
    await everythingChanged(t.database);
  });
});

describe('MAP_TILE_URL', () => {
  it('names the tile server the map uses and the policy allows', async () => {
    const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent', MAP_TILE_URL: 'https://{s}.tiles.example.se/{z}/{x}/{y}.png' });
    const app = await buildApp({ config, database: t.database, logger: false, clock: () => TEST_NOW });
    const response = await app.inject({ url: '/karta?edition=2019' });
    expect(JSON.parse(cheerio.load(response.body)('#map-data').text()).tileUrl).toBe('https://{s}.tiles.example.se/{z}/{x}/{y}.png');
    expect(response.headers['content-security-policy']).toContain("img-src 'self' data: https://*.tiles.example.se;");
    await app.close();
  });

  it('must be an http(s) template with {z}, {x} and {y}', () => {
    for (const bad of ['tiles.example.se/{z}/{x}/{y}.png', 'javascript:alert(1)//{z}{x}{y}', 'https://tiles.example.se/{z}/{x}.png']) {
      expect(() => loadConfig({ MAP_TILE_URL: bad }), bad).toThrow(ConfigError);
    }
    expect(() => loadConfig({ MAP_TILE_URL: 'https://tiles.example.se/{z}/{x}.png' })).toThrow(/MAP_TILE_URL: must be an http\(s\) URL template/);
    expect(tileOrigin('http://localhost:8080/tiles/{z}/{x}/{y}.png')).toBe('http://localhost:8080');
  });
});
