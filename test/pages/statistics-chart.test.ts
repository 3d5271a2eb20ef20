import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { barChart } from '../../src/charts/svg.js';

const chart = (bars: { label: string; value: number }[]) =>
  cheerio.load(
    barChart({
      id: 'per-county',
      title: 'Aktiviteter per län',
      description: 'Antal aktiviteter i varje län.',
      bars,
      labelHeading: 'Län',
      valueHeading: 'Aktiviteter',
      tableSummary: 'Visa som tabell',
      format: (n) => n.toLocaleString('sv-SE'),
    }),
  );

describe('server-drawn bar chart', () => {
  const $ = chart([
    { label: 'Stockholms län', value: 25 },
    { label: 'Gotlands län', value: 2 },
    { label: 'Hallands län', value: 0 },
    { label: 'Västra Götalands län', value: 1200 },
  ]);

  it('is one labelled image to assistive technology, naming every value', () => {
    const svg = $('svg');
    expect(svg.attr('role')).toBe('img');
    const [titleId, descId] = svg.attr('aria-labelledby')!.split(' ');
    expect($(`#${titleId}`).text()).toBe('Aktiviteter per län');
    expect($(`#${descId}`).text()).toBe(
      'Antal aktiviteter i varje län. Stockholms län: 25; Gotlands län: 2; Hallands län: 0; Västra Götalands län: 1\u00a0200.',
    );
  });

  it('draws bars in proportion, the largest filling the width left for its value, and none for a zero', () => {
    const widths = $('rect.chart__bar')
      .toArray()
      .map((r) => Number($(r).attr('width')));
    expect(widths).toHaveLength(3);
    expect(widths[2]).toBe(224);
    expect(widths[0]! / widths[2]!).toBeCloseTo(25 / 1200, 3);
    const viewBoxWidth = Number($('svg').attr('viewBox')!.split(' ')[2]);
    expect(Math.max(...widths)).toBeLessThan(viewBoxWidth);
  });

  it('writes each label and value as text, not as a picture of text', () => {
    expect($('text.chart__label').toArray().map((e) => $(e).text())).toEqual([
      'Stockholms län',
      'Gotlands län',
      'Hallands län',
      'Västra Götalands län',
    ]);
    expect($('text.chart__value').toArray().map((e) => $(e).text())).toEqual(['25', '2', '0', '1\u00a0200']);
  });

  it('offers the same figures as a table with row and column headers', () => {
    expect($('details summary').text()).toBe('Visa som tabell');
    expect($('table caption').text()).toBe('Aktiviteter per län');
    expect($('thead th[scope=col]').toArray().map((e) => $(e).text())).toEqual(['Län', 'Aktiviteter']);
    const rows = $('tbody tr')
      .toArray()
      .map((tr) => [$(tr).find('th[scope=row]').text(), $(tr).find('td').text()]);
    expect(rows).toEqual([
      ['Stockholms län', '25'],
      ['Gotlands län', '2'],
      ['Hallands län', '0'],
      ['Västra Götalands län', '1\u00a0200'],
    ]);
  });

  it('escapes labels', () => {
    const $x = chart([{ label: '<script>alert(1)</script> & co', value: 1 }]);
    expect($x('script')).toHaveLength(0);
    expect($x('text.chart__label').text()).toBe('<script>alert(1)</script> & co');
    expect($x('tbody th').text()).toBe('<script>alert(1)</script> & co');
  });

  it('draws an empty chart without dividing by zero', () => {
    const $e = chart([]);
    expect($e('svg').attr('viewBox')).toBe('0 0 280 44');
    expect($e('rect')).toHaveLength(0);
  });
});
