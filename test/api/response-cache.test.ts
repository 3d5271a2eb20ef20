import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const titleOf = async (url: string) => {
  const response = await t.app.inject({ method: 'GET', url });
  expect(response.statusCode).toBe(200);
  return { etag: response.headers.etag, items: response.json().items as { id: number; title: string }[] };
};

describe('the response cache', () => {
  it('answers repeated reads with the same bytes and shows any write at once, however it was made', async () => {
    const url = '/api/v1/activities?edition=2019&town=umea';
    const first = await titleOf(url);
    const again = await titleOf(url);
    expect(again).toEqual(first);

    // A direct write that leaves updated_at alone still reaches readers: triggers count every write.
    const id = first.items[0]!.id;
    await t.database.db.updateTable('activities').set({ title: 'Ny titel utan ny tidsstämpel' }).where('id', '=', id).execute();
    const after = await titleOf(url);
    expect(after.items.find((a) => a.id === id)?.title).toBe('Ny titel utan ny tidsstämpel');
    expect(after.etag).not.toBe(first.etag);

    await t.database.db.insertInto('activity_topics').values({ activity_id: id, topic: 'coding' }).onConflict((oc) => oc.doNothing()).execute();
    const topic = await t.app.inject({ method: 'GET', url: '/api/v1/activities?edition=2019&town=umea&topic=coding' });
    expect(topic.json().items.map((a: { id: number }) => a.id)).toContain(id);
  });

  it('keeps the language apart: a cached Swedish page is not served to an English reader', async () => {
    const sv = await t.app.inject({ method: 'GET', url: '/orter', headers: { 'accept-language': 'sv' } });
    const en = await t.app.inject({ method: 'GET', url: '/orter', headers: { 'accept-language': 'en' } });
    expect(sv.body).toMatch(/<html lang="sv"/);
    expect(en.body).toMatch(/<html lang="en"/);
  });

  it('never serves a cached page to someone with a session', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/' });
    const withSession = await t.app.inject({ method: 'GET', url: '/', cookies: { sid: 'not-a-real-session' } });
    expect(anonymous.statusCode).toBe(200);
    expect(withSession.statusCode).toBe(200);
    expect(withSession.headers.etag).toBeUndefined();
  });
});
