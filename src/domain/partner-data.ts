import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { editionLastChange } from '../repositories/public-activity.js';
import { resolveEdition } from './catalog.js';

/** When the public programme of an edition (the current one by default) last changed, cancellations included. */
export async function programmeLastChange(db: Kysely<DB>, editionSlug: string | undefined): Promise<string> {
  const edition = await resolveEdition(db, editionSlug);
  return editionLastChange(db, edition.id);
}
