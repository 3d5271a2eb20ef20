import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { containsAllWords, foldText, searchText, searchWords, searchedText } from '../../src/db/search.js';
import { insertActivity, updateActivity } from '../../src/repositories/activity-writes.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { Browser, formFields } from '../helpers/browser.js';

const cheerioText = (html: string) => cheerio.load(html)('.error-summary').text();

describe('search words and matching', () => {
  it('fold the way Swedes type and keep hyphens inside words', () => {
    expect(searchWords('  BankID, e-Tjänst!  Göteborg ')).toEqual(['bankid', 'e-tjanst', 'goteborg']);
    expect(foldText('ÅÄÖ éü')).toBe('aao eu');
    expect(searchWords(' ?! ')).toEqual([]);
  });

  it('match a word in the folded text or the town name, whatever its case and accents, and every word of the query', () => {
    const searched = searchedText(searchText({ title: 'Lär dig BankID', summary: 'På biblioteket' }), 'Umeå');
    for (const q of ['umea', 'UMEÅ', 'Umeå bankid', 'bibliotek lar']) expect(containsAllWords(searched, searchWords(q)), q).toBe(true);
    for (const q of ['ume bankid kiruna', 'a.b', 'umeabankid']) expect(containsAllWords(searched, searchWords(q)), q).toBe(false);
    expect(containsAllWords(searchedText('bankid', null), ['bankid'])).toBe(true);
  });
});

describe('the folded search text, written with every write of an activity', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const searchTextOf = async (id: number) =>
    (await t.database.db.selectFrom('activities').select('search_text').where('id', '=', id).executeTakeFirstOrThrow()).search_text;

  it('is there for the seeded activities, folded as the query words are', async () => {
    const rows = await t.database.db.selectFrom('activities').select(['title', 'summary', 'description', 'search_text']).execute();
    expect(rows.length).toBeGreaterThan(260);
    for (const row of rows) expect(row.search_text).toBe(foldText(`${row.title} ${row.summary} ${row.description}`));
  });

  it('folds every letter on update, of the fields changed and those kept', async () => {
    const source = await t.database.db.selectFrom('activities').select(['id', 'title', 'summary', 'description']).orderBy('id').executeTakeFirstOrThrow();
    const letters = 'ÅÄÖåäö ÉÈÊËéèêë ÁÀÂÃÆáàâãæ ÓÒÔÕØóòôõø ÍÌÎÏíìîï ÚÙÛÜúùûü ÇçÑñÝýŠšŽžČčĆćŁłŚśŹźŻżŃńĘęĄą BankID E-TJÄNST';
    await updateActivity(t.database.db, source.id, { title: letters });
    const stored = await searchTextOf(source.id);
    expect(stored).toBe(searchText({ ...source, title: letters }));
    expect(stored!.startsWith('aaoaao eeeeeeee aaaaaaaaaa oooooooooo iiiiiiii uuuuuuuu ccnnyysszzcccclls')).toBe(true);
    await updateActivity(t.database.db, source.id, { description: 'Ny beskrivning', summary: 'Ny sammanfattning', title: 'Ny titel' });
    expect(await searchTextOf(source.id)).toBe('ny titel ny sammanfattning ny beskrivning');
  });

  it('is computed again when a writer copies a whole row, stale search text included', async () => {
    const row = await t.database.db.selectFrom('activities').selectAll().orderBy('id').executeTakeFirstOrThrow();
    const { id: _id, ...content } = row;
    const copy = await insertActivity(t.database.db, { ...content, uid: 'copied-row', title: 'Kopia: Söka jobb', search_text: 'stale' });
    expect(copy.searchText).toBe(foldText(`Kopia: Söka jobb ${row.summary} ${row.description}`));
  });

  it('finds an activity by its new title once an organizer has changed it in the form', async () => {
    const b = new Browser(t.app);
    await b.logIn('arrangor@example.se', 'arrangor-demo');
    const db = t.database.db;
    const edition = await db.selectFrom('editions').select(['id', 'slug']).where('slug', '=', '2027').executeTakeFirstOrThrow();
    const organizer = await db.selectFrom('organizers').select('id').where('name', '=', 'Umeå stadsbibliotek').executeTakeFirstOrThrow();
    const { id } = await db
      .selectFrom('activities')
      .select('id')
      .where('organizer_id', '=', organizer.id)
      .where('edition_id', '=', edition.id)
      .where('status', '=', 'published')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const search = async (q: string) =>
      ((await t.app.inject(`/api/v1/activities?edition=2027&limit=200&q=${encodeURIComponent(q)}`)).json().items as { id: number }[]).map((a) => a.id);
    expect(await search('bankid')).not.toContain(id);

    const form = await b.page(`/konto/aktiviteter/${id}/andra`);
    const fields = formFields(form.$, `form[action="/konto/aktiviteter/${id}"]`);
    const saved = await b.post(`/konto/aktiviteter/${id}`, { ...fields, title: 'BankID och e-tjänster på biblioteket' });
    expect(saved.statusCode, cheerioText(saved.body)).toBe(303);
    // A change to a published activity keeps it published, so the public search shows it.
    expect(await db.selectFrom('activities').select(['title', 'status']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({
      title: 'BankID och e-tjänster på biblioteket',
      status: 'published',
    });
    expect(await search('bankid')).toContain(id);
    expect(await search('e-tjanst')).toContain(id);
    expect(await search('BANKID E-TJÄNSTER')).toContain(id);
  });
});
