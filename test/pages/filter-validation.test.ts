import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { visit } from '../helpers/browser.js';
import { text } from './helpers.js';

/**
 * The programme filter in a page's address is checked by the route's schema (ProgrammeFilter), and
 * what it cannot use is said on the page in the visitor's language: a 400 page with the form filled
 * in as the visitor left it, never an error in English for programs and never a 500.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const summary = (page: Awaited<ReturnType<typeof visit>>) => page.$('.error-summary li').map((_, li) => text(page.$(li).text())).get();

describe('a filter the town page cannot use', () => {
  it('is named on a 400 page in Swedish, with the programme’s form kept', async () => {
    const page = await visit(t, '/orter/umea?edition=2019&day=2-okt&q=bankid');
    expect(page.status).toBe(400);
    expect(page.$('html').attr('lang')).toBe('sv');
    expect(summary(page)).toEqual(['”2-okt” är inte en av dagarna i programmet. Välj en dag i listan.']);
    expect(page.$('#filter-q').attr('value')).toBe('bankid');
    expect(text(page.$('h1').text())).toBe('Program för Umeå');
  });

  it('is named on a 400 page in English', async () => {
    const page = await visit(t, '/orter/umea?edition=2019&timeOfDay=night&lang=en');
    expect(page.status).toBe(400);
    expect(page.$('html').attr('lang')).toBe('en');
    expect(summary(page)).toEqual(['“night” is not a time of day we know. Please choose morning, afternoon or evening.']);
  });

  it('lists every value it cannot use, in the form’s order, naming the one accessibility choice at fault', async () => {
    const page = await visit(t, '/orter/umea?edition=2019&access=step_free&access=lift&audience=cats&day=x');
    expect(page.status).toBe(400);
    expect(summary(page)).toEqual([
      '”x” är inte en av dagarna i programmet. Välj en dag i listan.',
      '”cats” är ingen målgrupp vi känner till.',
      '”lift” är inget tillgänglighetsval vi känner till.',
    ]);
  });
});

describe('what a filter form sends that is not a choice', () => {
  it('reads empty selects as "all", trims what was typed and leaves unknown parameters alone', async () => {
    const plain = await visit(t, '/orter/umea?edition=2019');
    const page = await visit(t, '/orter/umea?edition=%202019%20&audience=&topic=&day=&utm_source=newsletter');
    expect(page.status).toBe(200);
    expect(page.$('.error-summary')).toHaveLength(0);
    expect(text(page.$('.programme').text())).toBe(text(plain.$('.programme').text()));
  });

  it('takes the first of a repeated parameter that has one value', async () => {
    const page = await visit(t, '/aktiviteter?edition=2019&timeOfDay=morning&timeOfDay=night');
    expect(page.status).toBe(200);
    expect(page.$('#filter-timeOfDay option[selected]').attr('value')).toBe('morning');
  });

  it('says a page number that is not one ("2x", "1e3") on the search page, in English and Swedish', async () => {
    const page = await visit(t, '/aktiviteter?edition=2019&page=2x&lang=en');
    expect(page.status).toBe(400);
    expect(summary(page)).toEqual(['“2x” is not a page number. Pages are numbered from 1.']);
    const written = await visit(t, '/aktiviteter?edition=2019&page=1e3');
    expect(summary(written)).toEqual(['”1e3” är inget sidnummer. Sidorna numreras från 1.']);
  });
});
