import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldText, globPattern, regexPattern, searchWords } from '../../src/db/search.js';
import { type TestApp, createTestApp } from '../helpers/app.js';

describe('search words and patterns', () => {
  it('fold the way Swedes type and keep hyphens inside words', () => {
    expect(searchWords('  BankID, e-Tjänst!  Göteborg ')).toEqual(['bankid', 'e-tjanst', 'goteborg']);
    expect(foldText('ÅÄÖ éü')).toBe('aao eu');
    expect(searchWords(' ?! ')).toEqual([]);
  });

  it('match every cased and accented form of a letter, and nothing else', () => {
    const re = new RegExp(regexPattern('umea'));
    for (const name of ['Umeå', 'UMEÅ', 'umea']) expect(re.test(name), name).toBe(true);
    expect(re.test('Ume')).toBe(false);
    expect(new RegExp(regexPattern('a.b')).test('axb')).toBe(false);
    expect(globPattern('umea')).toBe('*[uUúÚùÙûÛüÜ][mM][eEéÉèÈêÊëËęĘ][aAåÅäÄáÁàÀâÂãÃæÆąĄ]*');
    expect(globPattern('50*')).toBe('*50[*]*');
  });
});

describe('the folded search text the database keeps', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const searchTextOf = async (id: number) =>
    (await sql<{ search_text: string }>`select search_text from activities where id = ${id}`.execute(t.database.db)).rows[0]!.search_text;

  it('folds every letter as the query words are folded, on insert and on update', async () => {
    const source = await t.database.db.selectFrom('activities').select(['id', 'title', 'summary', 'description']).orderBy('id').executeTakeFirstOrThrow();
    expect(await searchTextOf(source.id)).toBe(foldText(`${source.title} ${source.summary} ${source.description}`));

    const letters = 'ÅÄÖåäö ÉÈÊËéèêë ÁÀÂÃÆáàâãæ ÓÒÔÕØóòôõø ÍÌÎÏíìîï ÚÙÛÜúùûü ÇçÑñÝýŠšŽžČčĆćŁłŚśŹźŻżŃńĘęĄą BankID E-TJÄNST';
    await t.database.db.updateTable('activities').set({ title: letters }).where('id', '=', source.id).execute();
    const stored = await searchTextOf(source.id);
    expect(stored).toBe(foldText(`${letters} ${source.summary} ${source.description}`));
    expect(stored.startsWith('aaoaao eeeeeeee aaaaaaaaaa oooooooooo iiiiiiii uuuuuuuu ccnnyysszzcccclls')).toBe(true);
  });

  it('is recomputed when a writer copies a whole row, stale search text included', async () => {
    const row = await t.database.db.selectFrom('activities').selectAll().orderBy('id').executeTakeFirstOrThrow();
    const { id } = await t.database.db
      .insertInto('activities')
      // search_text is not in the table types (only the database writes it), so the copy adds it as a raw row would.
      .values({ ...row, id: undefined, uid: 'copied-row', title: 'Kopia: Söka jobb', ...({ search_text: 'stale' } as object) })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await searchTextOf(id)).toBe(foldText(`Kopia: Söka jobb ${row.summary} ${row.description}`));
  });
});
