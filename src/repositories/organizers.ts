import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.js';

type Db = Kysely<DB> | Transaction<DB>;

export async function organizerIdBySlug(db: Db, slug: string): Promise<number | undefined> {
  return (await db.selectFrom('organizers').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
}
