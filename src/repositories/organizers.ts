import type { Organizer, OrganizerKind } from '../db/types.js';
import type { Executor } from '../db/executor.js';
import { isPublic } from './activities.js';
import { toMaybeRecord, toRecord } from '../db/records.js';

/** Swedish order for names; made once, as making a collator costs more than a menu's sorting. */
const collator = new Intl.Collator('sv');

export async function organizerIdBySlug(db: Executor, slug: string): Promise<number | undefined> {
  return (await db.selectFrom('organizers').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
}

export async function findOrganizerById(db: Executor, id: number): Promise<Organizer | undefined> {
  return toMaybeRecord(await db.selectFrom('organizers').selectAll().where('id', '=', id).executeTakeFirst());
}

/** Organizer names by id. */
export async function organizerLabels(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('organizers').where('id', 'in', [...new Set(ids)]).select(['id', 'name']).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function insertOrganizer(db: Executor, organizer: { name: string; slug: string; kind: OrganizerKind; now: string }): Promise<Organizer> {
  const row = await db
    .insertInto('organizers')
    .values({ name: organizer.name, slug: organizer.slug, kind: organizer.kind, trusted: 0, created_at: organizer.now, updated_at: organizer.now })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

export async function setOrganizerTrusted(db: Executor, id: number, trusted: boolean, now: string): Promise<Organizer | undefined> {
  return toMaybeRecord(await db.updateTable('organizers').set({ trusted: trusted ? 1 : 0, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirst());
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

/** Organizers (main or co-organizer) of public activities in an edition, for filter menus, in Swedish order. */
export async function organizerChoices(db: Executor, editionId: number): Promise<{ slug: string; name: string }[]> {
  // One index probe per organizer (activities_organizer_idx) rather than a scan of the edition's activities.
  const rows = await db
    .selectFrom('organizers as o')
    .select(['o.slug', 'o.name'])
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('activities as a')
            .select('a.id')
            .whereRef('a.organizer_id', '=', 'o.id')
            .where('a.edition_id', '=', editionId)
            .where(isPublic('a')),
        ),
        eb.exists(
          eb
            .selectFrom('activity_co_organizers as co')
            .innerJoin('activities as a', 'a.id', 'co.activity_id')
            .select('a.id')
            .whereRef('co.organizer_id', '=', 'o.id')
            .where('a.edition_id', '=', editionId)
            .where(isPublic('a')),
        ),
      ]),
    )
    .execute();
  return rows.sort((a, b) => collator.compare(a.name, b.name));
}

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

/**
 * Public activities per organizer in the edition, as organizer or co-organizer, each activity once
 * per organizer: one pass over the edition, where a count per organizer went over it once each
 * (0.16 s for the organizer list of an edition of 10 000).
 */
function activitiesPerOrganizer(db: Executor, editionId: number, onlySlug?: string) {
  const only = () => db.selectFrom('organizers').select('id').where('slug', '=', onlySlug!);
  const ownActivities = db
    .selectFrom('activities as a')
    .where('a.edition_id', '=', editionId)
    .where(isPublic('a'))
    .$if(onlySlug !== undefined, (q) => q.where('a.organizer_id', '=', only()))
    .select(['a.organizer_id as organizer_id', 'a.id as activity_id']);
  const coOrganized = db
    .selectFrom('activity_co_organizers as co')
    .innerJoin('activities as a', 'a.id', 'co.activity_id')
    .where('a.edition_id', '=', editionId)
    .where(isPublic('a'))
    .$if(onlySlug !== undefined, (q) => q.where('co.organizer_id', '=', only()))
    .select(['co.organizer_id as organizer_id', 'a.id as activity_id']);
  return db
    .selectFrom(ownActivities.union(coOrganized).as('p'))
    .groupBy('p.organizer_id')
    .select((eb) => ['p.organizer_id', eb.fn.countAll<number>().as('n')])
    .as('x');
}

/** Organizers with their counts; `onlySlug` counts for that one alone, as a page of one organizer needs. */
function publicOrganizers(db: Executor, editionId: number, onlySlug?: string) {
  return db
    .selectFrom('organizers as o')
    .leftJoin(activitiesPerOrganizer(db, editionId, onlySlug), 'x.organizer_id', 'o.id')
    .select([...PUBLIC_COLUMNS, 'x.n as activity_count']);
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
export async function organizersInEdition(db: Executor, editionId: number): Promise<PublicOrganizer[]> {
  const rows = await publicOrganizers(db, editionId).execute();
  return rows
    .map(toPublic)
    .filter((o) => o.activityCount > 0)
    .sort((a, b) => collator.compare(a.name, b.name) || a.slug.localeCompare(b.slug));
}

/** One organizer by slug, with its public activities in the edition counted; any organizer, even with none. */
export async function findPublicOrganizer(db: Executor, slug: string, editionId: number): Promise<PublicOrganizer | undefined> {
  const row = await publicOrganizers(db, editionId, slug).where('o.slug', '=', slug).executeTakeFirst();
  return row ? toPublic(row) : undefined;
}
