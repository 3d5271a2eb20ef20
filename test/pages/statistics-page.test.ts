import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { visit } from '../helpers/browser.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const page = (url: string) => visit(t, url);

const number = (text: string) => Number(text.replace(/[\s\u00a0,]/g, ''));

describe('GET /statistik', () => {
  it('shows the 2019 edition in figures', async () => {
    const { status, $ } = await page('/statistik?edition=2019');
    expect(status).toBe(200);
    expect($('h1').text()).toBe('Digital@Idag 2019 i siffror');
    const figures = $('.figures li')
      .toArray()
      .map((li) => $(li).text().replace(/\s+/g, ' ').trim());
    expect(figures).toEqual(['260 aktiviteter', '110 orter', '110 kommuner', '73 arrangörer', '8 på nätet eller per telefon', '5 inställda']);
  });

  it('draws activities per county for all 21 counties, adding up to the activities with a town', async () => {
    const { $ } = await page('/statistik?edition=2019');
    const chart = $('#chart-county');
    expect(chart.find('svg[role=img]')).toHaveLength(1);
    expect(chart.find('text.chart__label')).toHaveLength(21);
    const rows = chart.find('tbody tr').toArray();
    expect(rows).toHaveLength(21);
    const sum = rows.reduce((total, tr) => total + number($(tr).find('td').text()), 0);
    expect(sum).toBe(260 - 8);
    expect($(rows[0]).find('th').text()).toBe('Stockholms län');
  });

  it('has charts per organizer kind, audience and hour, in Swedish time', async () => {
    const { $ } = await page('/statistik?edition=2019');
    const labels = (id: string) =>
      $(`#${id} tbody th`)
        .toArray()
        .map((th) => $(th).text());
    expect(labels('chart-kind')).toContain('Myndighet');
    expect(labels('chart-audience')).toContain('Äldre');
    const hours = labels('chart-hour');
    expect(hours[0]).toBe('kl. 08');
    expect(hours).toContain('kl. 13');
    const perHour = $('#chart-hour tbody td')
      .toArray()
      .reduce((sum, td) => sum + number($(td).text()), 0);
    expect(perHour).toBe(260);
  });

  it('measures coverage of the 290 municipalities and names those without activities', async () => {
    const { $ } = await page('/statistik?edition=2019');
    expect($('#coverage + p').text()).toBe('110 av 290 kommuner har minst en aktivitet (38 %).');
    const rows = $('table.coverage tbody tr').toArray();
    expect(rows).toHaveLength(21);
    const column = (i: number) => rows.reduce((sum, tr) => sum + number($(tr).find('td').eq(i).text()), 0);
    expect([column(0), column(1), column(2)]).toEqual([290, 110, 180]);
    const named = $('.uncovered li')
      .toArray()
      .flatMap((li) => $(li).text().replace(/^[^:]+:\s*/, '').split(', '));
    expect(named).toHaveLength(180);
    expect($('.uncovered').text()).not.toContain('Gotlands län');
  });

  it('sets the editions side by side and links to each', async () => {
    const { $ } = await page('/statistik?edition=2019');
    const rows = $('table.editions tbody tr')
      .toArray()
      .map((tr) =>
        $(tr)
          .find('th, td')
          .toArray()
          .map((c) => $(c).text().trim()),
      );
    expect(rows.map((r) => r[0])).toEqual(['Digital@Idag 2019', 'Digital@Idag 2020', 'Digital@Idag 2027']);
    // Last, the participants reported after the day (test/workflows/reports.test.ts checks the figure).
    expect(rows[0]!.slice(1)).toEqual(['onsdag 2 oktober 2019', '260', '110', '110', '73', expect.stringMatching(/^[1-9][0-9\u00a0]*$/)]);
    expect(rows[2]![1]).toBe('torsdag 7 oktober 2027 – fredag 8 oktober 2027');
    expect($('.edition-switch a[aria-current=page]').text()).toBe('Digital@Idag 2019');
    expect($('.edition-switch a').toArray().map((a) => $(a).attr('href'))).toEqual([
      '/statistik?edition=2019',
      '/statistik?edition=2020',
      '/statistik?edition=2027',
    ]);
  });

  it('shows the current edition without a parameter', async () => {
    const { $ } = await page('/statistik');
    expect($('h1').text()).toBe('Digital@Idag 2027 i siffror');
  });

  it('speaks English when asked', async () => {
    const { $ } = await page('/statistik?edition=2019&lang=en');
    expect($('html').attr('lang')).toBe('en');
    expect($('h1').text()).toBe('Digital@Idag 2019 in figures');
    expect($('#chart-hour tbody th').first().text()).toBe('08:00');
    expect($('#chart-kind tbody th').toArray().map((th) => $(th).text())).toContain('Public agency');
  });

  it('answers an unknown edition with a 404 page that says so, and bad input without a 500', async () => {
    const unknown = await page('/statistik?edition=1999');
    expect(unknown.status).toBe(404);
    expect(unknown.$('.lead').text()).toBe('Vi hittar ingen upplaga som heter ”1999”.');
    const long = await page(`/statistik?edition=${'x'.repeat(5000)}`);
    expect(long.status).toBe(400);
    expect(long.$('h1').text()).toBe('Det gick inte att visa sidan');
  });
});
