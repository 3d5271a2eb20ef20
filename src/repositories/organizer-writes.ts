import type { Organizer, OrganizerKind } from '../db/types.js';
import type { Executor } from '../db/executor.js';

export function insertOrganizer(db: Executor, organizer: { name: string; slug: string; kind: OrganizerKind; now: string }): Promise<Organizer> {
  return db
    .insertInto('organizers')
    .values({ name: organizer.name, slug: organizer.slug, kind: organizer.kind, trusted: 0, created_at: organizer.now, updated_at: organizer.now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findOrganizerById(db: Executor, id: number): Promise<Organizer | undefined> {
  return db.selectFrom('organizers').selectAll().where('id', '=', id).executeTakeFirst();
}

export function slugTaken(db: Executor, slug: string): Promise<boolean> {
  return db.selectFrom('organizers').select('id').where('slug', '=', slug).executeTakeFirst().then(Boolean);
}

export function setOrganizerTrusted(db: Executor, id: number, trusted: boolean, now: string) {
  return db.updateTable('organizers').set({ trusted: trusted ? 1 : 0, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Every organizer, for pick lists, with how many accounts act for it. */
export function listOrganizers(db: Executor) {
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
