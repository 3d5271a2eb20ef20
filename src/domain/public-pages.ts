import type { Kysely } from 'kysely';
import type { DB, Edition } from '../db/types.js';
import { VENUE_FACTS } from '../repositories/activities.js';
import { findPublicOrganizer, organizerChoices, organizerIdBySlug, organizersInEdition } from '../repositories/organizers.js';
import { townChoices, townsWithActivityCounts } from '../repositories/places.js';
import { organizerAgenda } from '../repositories/calendar.js';
import { listOutbox } from '../repositories/outbox.js';
import type { TownWithCount } from '../schemas/town.js';
import { currentPublicEdition, publicEditionBySlug, resolveEdition } from './catalog.js';
import { NoEditionError } from './errors.js';
import { editionList, publicEditions } from './kept-reads.js';
import { regionList } from './places.js';

/** What the public HTML pages read beyond the programme itself (src/domain/catalog.ts): one function per page. */

/** The edition a page's ?edition= names (undefined when unknown), or the current one without it (NoEditionError when there is none). */
export async function pageEdition(db: Kysely<DB>, slug: string | undefined, now: Date): Promise<Edition | undefined> {
  if (slug !== undefined) return publicEditionBySlug(db, slug);
  const current = await currentPublicEdition(db, now);
  if (!current) throw new NoEditionError();
  return current;
}

/** The edition open now (NoEditionError when there is none). */
export async function currentEditionOrFail(db: Kysely<DB>, now: Date): Promise<Edition> {
  const edition = await currentPublicEdition(db, now);
  if (!edition) throw new NoEditionError();
  return edition;
}

/** Every public edition, oldest first. */
export function editionChoices(db: Kysely<DB>): Promise<readonly Edition[]> {
  return publicEditions(db);
}

export interface CountyOfTowns {
  code: string;
  name: string;
  count: number;
  towns: TownWithCount[];
}

/** Towns with activities grouped by county, each county with its count of activities. */
function byCounty(towns: readonly TownWithCount[]): CountyOfTowns[] {
  const counties = new Map<string, CountyOfTowns>();
  for (const town of towns) {
    const county = counties.get(town.county.code) ?? { code: town.county.code, name: town.county.name, count: 0, towns: [] };
    county.count += town.activityCount;
    county.towns.push(town);
    counties.set(county.code, county);
  }
  return [...counties.values()];
}

/** /orter: the edition's towns with activities, by county in alphabetical order (BadParameterError for an unknown edition). */
export async function townDirectory(db: Kysely<DB>, editionSlug: string | undefined, now: Date) {
  const edition = await resolveEdition(db, editionSlug, now);
  const towns = await townsWithActivityCounts(db, edition.id);
  const collator = new Intl.Collator('sv');
  return { edition, total: towns.length, counties: byCounty(towns).sort((a, b) => collator.compare(a.name, b.name)) };
}

/** /karta: the edition's towns (undefined for an unknown edition), by county in code order, and the editions to switch to. */
export async function townMap(db: Kysely<DB>, editionSlug: string | undefined, now: Date) {
  const edition = await pageEdition(db, editionSlug, now);
  if (!edition) return undefined;
  const [towns, editions] = await Promise.all([townsWithActivityCounts(db, edition.id), publicEditions(db)]);
  return { edition, towns, counties: byCounty(towns).sort((a, b) => a.code.localeCompare(b.code)), editions };
}

/** /arrangorer: the edition's organizers (undefined for an unknown edition) and the editions to switch to. */
export async function organizerDirectory(db: Kysely<DB>, editionSlug: string | undefined, now: Date) {
  const edition = await pageEdition(db, editionSlug, now);
  if (!edition) return undefined;
  const [organizers, editions] = await Promise.all([organizersInEdition(db, edition.id), publicEditions(db)]);
  return { edition, organizers, editions };
}

/**
 * /arrangorer/:slug: one organizer in an edition, its agenda (at most `limit`) and the editions
 * it has activities in. An unknown organizer is told apart from an unknown edition, and comes
 * first: it is a 404 even before any edition is published.
 */
export async function organizerProgramme(db: Kysely<DB>, slug: string, editionSlug: string | undefined, now: Date, limit: number) {
  const organizerId = await organizerIdBySlug(db, slug);
  if (organizerId === undefined) return { missing: 'organizer' } as const;
  const edition = await pageEdition(db, editionSlug, now);
  if (!edition) return { missing: 'edition' } as const;
  const organizer = await findPublicOrganizer(db, slug, edition.id);
  if (!organizer) return { missing: 'organizer' } as const;
  const editions = await publicEditions(db);
  const [items, elsewhere] = await Promise.all([
    organizerAgenda(db, edition.id, organizerId, limit),
    Promise.all(editions.map(async (e) => ({ ...e, count: (await findPublicOrganizer(db, slug, e.id))?.activityCount ?? 0 }))),
  ]);
  return { missing: null, organizer, edition, items, editions: elsewhere.filter((e) => e.count > 0) } as const;
}

export { publicActivity } from './kept-reads.js';

/** Which lists a programme's filter form shows. */
export interface FilterLists {
  editions: boolean;
  regions: boolean;
  towns: boolean;
  organizers: boolean;
}
export type FilterChoices = Awaited<ReturnType<typeof filterChoices>>;

/** What the programme's filter form offers for an edition (editions oldest first): only the lists the page shows are read. */
export async function filterChoices(db: Kysely<DB>, edition: Edition, wants: FilterLists) {
  const [editions, regions, towns, organizers] = await Promise.all([
    wants.editions ? publicEditions(db) : [],
    wants.regions ? regionList(db) : [],
    wants.towns ? editionList(db, edition.id, 'towns', () => townChoices(db, edition.id)) : [],
    wants.organizers ? editionList(db, edition.id, 'organizers', () => organizerChoices(db, edition.id)) : [],
  ]);
  return { editions, regions, towns, organizers, venueFacts: VENUE_FACTS };
}

/** The mails in the outbox, newest first (development only). */
export function outbox(db: Kysely<DB>, options: { recipient?: string; limit: number }) {
  return listOutbox(db, options);
}
