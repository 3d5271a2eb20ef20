import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from './app.js';
import { Browser, visit } from './browser.js';
import { createAccount, createActivity, createOrganizer, createVenue } from './factories.js';

/** The factories' rows as the app shows them: public, searchable, and usable by the account pages. */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('test factories', () => {
  it('make a public activity that its page, the search and a list kept by the response cache show', async () => {
    const organizer = await createOrganizer(t.database);
    const list = '/api/v1/activities?edition=2019&town=umea&limit=200';
    const ids = async () => ((await t.app.inject(list)).json().items as { id: number }[]).map((a) => a.id);
    const before = await ids();

    const activity = await createActivity(t.database, { edition: '2019', organizer_id: organizer.id, title: 'Körsång för nybörjare på nätet' });

    const page = await visit(t, `/aktiviteter/${activity.id}`, { 'accept-language': 'sv' });
    expect(page.status).toBe(200);
    expect(page.$('h1').text()).toContain('Körsång för nybörjare på nätet');
    // Written with its folded search text, as the app writes it: "korsang" finds "Körsång".
    const found = (await t.app.inject('/api/v1/activities?edition=2019&q=korsang')).json().items as { id: number }[];
    expect(found.map((a) => a.id)).toEqual([activity.id]);
    // The list answered before it was made is not served again from the cache.
    expect(await ids()).toEqual(expect.arrayContaining([...before, activity.id]));
  });

  it('make an account that logs in through the form and acts for its organizer and its venues', async () => {
    const organizer = await createOrganizer(t.database, { name: 'Fabriksgatans förening' });
    const venue = await createVenue(t.database, { organizer_id: organizer.id, name: 'Föreningslokalen' });
    const account = await createAccount(t.database, { organizers: [organizer.id] });

    const browser = new Browser(t.app);
    await browser.logIn(account.email, account.password);
    const venues = await browser.page('/konto/platser');
    expect(venues.status).toBe(200);
    expect(venues.$('h2').first().text()).toBe('Fabriksgatans förening');
    expect(venues.$(`a[href="/konto/platser/${venue.id}"]`).text()).toContain('Föreningslokalen');
  });
});
