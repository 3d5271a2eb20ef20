import type { Executor } from '../db/executor.js';

export async function organizerIdBySlug(db: Executor, slug: string): Promise<number | undefined> {
  return (await db.selectFrom('organizers').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
}
