import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.js';

type Db = Kysely<DB> | Transaction<DB>;

export async function townIdBySlug(db: Db, slug: string): Promise<number | undefined> {
  return (await db.selectFrom('towns').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
}

export async function municipalityExists(db: Db, code: string): Promise<boolean> {
  return !!(await db.selectFrom('municipalities').select('code').where('code', '=', code).executeTakeFirst());
}

export async function countyExists(db: Db, code: string): Promise<boolean> {
  return !!(await db.selectFrom('counties').select('code').where('code', '=', code).executeTakeFirst());
}
