import type { Kysely, Transaction } from 'kysely';
import { type ActivityStatus, type DB, type OrganizerKind, PUBLIC_STATUSES } from '../db/types.js';

type Db = Kysely<DB> | Transaction<DB>;

/** What the public may know about an organizer. Never the private_* contact columns. */
export interface PublicOrganizer {
  slug: string;
  name: string;
  kind: OrganizerKind;
  description: string | null;
  website: string | null;
  email: string | null;
  phone: string | null;
  activityCount: number;
  updatedAt: string;
}

const PUBLIC_COLUMNS = ['o.id', 'o.slug', 'o.name', 'o.kind', 'o.description', 'o.website', 'o.public_email', 'o.public_phone', 'o.updated_at'] as const;

function publicOrganizers(db: Db, editionId: number) {
  return db
    .selectFrom('organizers as o')
    .select(PUBLIC_COLUMNS)
    .select((eb) =>
      eb
        .selectFrom('activities as a')
        .where('a.edition_id', '=', editionId)
        .where('a.status', 'in', PUBLIC_STATUSES as unknown as ActivityStatus[])
        .where((w) =>
          w.or([
            w('a.organizer_id', '=', w.ref('o.id')),
            w.exists(w.selectFrom('activity_co_organizers as co').select('co.activity_id').whereRef('co.activity_id', '=', 'a.id').whereRef('co.organizer_id', '=', 'o.id')),
          ]),
        )
        .select((sub) => sub.fn.countAll<number>().as('n'))
        .as('activity_count'),
    );
}

type Row = Awaited<ReturnType<ReturnType<typeof publicOrganizers>['execute']>>[number];

function toPublic(r: Row): PublicOrganizer {
  return {
    slug: r.slug,
    name: r.name,
    kind: r.kind,
    description: r.description,
    website: r.website,
    email: r.public_email,
    phone: r.public_phone,
    activityCount: Number(r.activity_count ?? 0),
    updatedAt: r.updated_at,
  };
}

/** Organizers with at least one public activity (as organizer or co-organizer) in the edition, in Swedish order. */
export async function organizersInEdition(db: Db, editionId: number): Promise<PublicOrganizer[]> {
  const rows = await publicOrganizers(db, editionId).execute();
  const collator = new Intl.Collator('sv');
  return rows
    .map(toPublic)
    .filter((o) => o.activityCount > 0)
    .sort((a, b) => collator.compare(a.name, b.name) || a.slug.localeCompare(b.slug));
}

/** One organizer by slug, with its public activities in the edition counted; any organizer, even with none. */
export async function findPublicOrganizer(db: Db, slug: string, editionId: number): Promise<PublicOrganizer | undefined> {
  const row = await publicOrganizers(db, editionId).where('o.slug', '=', slug).executeTakeFirst();
  return row ? toPublic(row) : undefined;
}
