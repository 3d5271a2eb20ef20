import type { Kysely, Transaction } from 'kysely';
import type { DB, Organizer, OrganizerKind } from '../db/types.js';

type Db = Kysely<DB> | Transaction<DB>;

export function insertOrganizer(db: Db, organizer: { name: string; slug: string; kind: OrganizerKind; now: string }): Promise<Organizer> {
  return db
    .insertInto('organizers')
    .values({ name: organizer.name, slug: organizer.slug, kind: organizer.kind, trusted: 0, created_at: organizer.now, updated_at: organizer.now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findOrganizerById(db: Db, id: number): Promise<Organizer | undefined> {
  return db.selectFrom('organizers').selectAll().where('id', '=', id).executeTakeFirst();
}

export function slugTaken(db: Db, slug: string): Promise<boolean> {
  return db.selectFrom('organizers').select('id').where('slug', '=', slug).executeTakeFirst().then(Boolean);
}

export function setOrganizerTrusted(db: Db, id: number, trusted: boolean, now: string) {
  return db.updateTable('organizers').set({ trusted: trusted ? 1 : 0, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Every organizer, for pick lists, with how many accounts act for it. */
export function listOrganizers(db: Db) {
  return db
    .selectFrom('organizers as o')
    .select((eb) => [
      'o.id',
      'o.name',
      'o.slug',
      'o.kind',
      'o.trusted',
      eb.selectFrom('memberships as m').whereRef('m.organizer_id', '=', 'o.id').select((x) => x.fn.countAll<number>().as('n')).as('members'),
    ])
    .orderBy('o.name')
    .execute();
}
