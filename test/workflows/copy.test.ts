import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { Browser } from './client.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const stockholm = (instant: string) => DateTime.fromISO(instant, { zone: 'Europe/Stockholm' });

describe('copying last year into this year', () => {
  it('copies chosen activities as drafts onto the new edition day at the same Stockholm time, with their lists', async () => {
    const a = new Browser(t.app);
    await a.logIn('arrangor@example.se', 'arrangor-demo');
    const { $ } = await a.page('/konto/kopiera');
    const ids = $('input[name="ids"]').map((_, e) => $(e).attr('value')).get().slice(0, 2);
    expect(ids).toHaveLength(2);

    const b = new Browser(t.app);
    await b.logIn('abf@example.se', 'abf-demo');
    await b.get('/konto');
    expect((await b.post('/konto/kopiera', { ids })).statusCode).toBe(403);

    const before = await t.database.db.selectFrom('activities').select('id').execute();
    expect((await a.post('/konto/kopiera', { ids })).statusCode).toBe(303);
    const db = t.database.db;
    const copies = await db
      .selectFrom('activities as x')
      .innerJoin('editions as e', 'e.id', 'x.edition_id')
      .where('x.id', 'not in', before.map((r) => r.id))
      .select(['x.id', 'x.title', 'x.starts_at', 'x.ends_at', 'x.status', 'x.uid', 'e.slug', 'e.first_day'])
      .orderBy('x.id')
      .execute();
    expect(copies).toHaveLength(2);
    for (const [i, copy] of copies.entries()) {
      const original = await db.selectFrom('activities').selectAll().where('id', '=', Number(ids[i])).executeTakeFirstOrThrow();
      expect(copy).toMatchObject({ title: original.title, status: 'draft', slug: '2027' });
      expect(copy.uid).not.toBe(original.uid);
      expect(stockholm(copy.starts_at).toISODate()).toBe(copy.first_day);
      expect(stockholm(copy.starts_at).toFormat('HH:mm')).toBe(stockholm(original.starts_at).toFormat('HH:mm'));
      expect(Date.parse(copy.ends_at) - Date.parse(copy.starts_at)).toBe(Date.parse(original.ends_at) - Date.parse(original.starts_at));
      const topics = (id: number) => db.selectFrom('activity_topics').select('topic').where('activity_id', '=', id).orderBy('topic').execute();
      expect(await topics(copy.id)).toEqual(await topics(original.id));
    }
  });
});
