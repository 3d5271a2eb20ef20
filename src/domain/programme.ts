import type { Kysely } from 'kysely';
import type { DB, Edition } from '../db/types.js';
import { findCounty, findMunicipality, type Region } from '../repositories/places.js';
import { type CatalogQuery, type KnownPlace, type ProgrammePage, programmePage, resolveEdition } from './catalog.js';
import { listShows, tags } from './change-tags.js';
import { BadParameterError } from './errors.js';
import { townBySlug } from './places.js';
import { type FilterChoices, type FilterLists, filterChoices } from './public-pages.js';
import { stockholmDayEnd, stockholmInstant } from './time.js';

/**
 * A programme page's one question to the domain (/orter/:slug, /kommuner/:slug, /lan/:slug,
 * /aktiviteter, /partner): the place by its slug, the edition, the filters checked against it,
 * one page of matches and the lists of the filter form, each looked up once.
 */

export type PlaceKind = 'town' | 'municipality' | 'county';

export type FoundPlace =
  | { kind: 'town'; id: number; slug: string; name: string; municipality: Region; county: Region }
  | { kind: 'municipality'; code: string; slug: string; name: string; county: Region }
  | { kind: 'county'; code: string; slug: string; name: string };

export interface ProgrammeRequest {
  /** The place the page is about; none for the search. */
  place?: { kind: PlaceKind; slug: string };
  /** The filters as the page's schema checked them, the time window as instants. */
  filter: CatalogQuery;
  /** The page's parser found something it could not read: then nothing is searched, the page shows its messages. */
  unreadable: boolean;
  now: Date;
  page: { offset: number; limit: number };
  /** Which lists the filter form shows. */
  lists: FilterLists;
}

/** What the page should tell the visitor, in words of its own: a value the catalogue refuses, or a time window outside the edition. */
export type ProgrammeProblem =
  | { param: string; kind: 'refused' }
  | { param: 'from' | 'to'; kind: 'outside'; instant: string }
  | { param: 'to'; kind: 'order' };

export interface ProgrammeAnswer {
  place: FoundPlace | undefined;
  /** The edition asked for; the current one when that is unknown, so the form still renders. */
  edition: Edition;
  /** null when a problem kept the search from running. */
  result: ProgrammePage | null;
  problems: ProgrammeProblem[];
  choices: FilterChoices;
  /** What the page shows, as change tags. */
  shows: string[];
}

async function findPlace(db: Kysely<DB>, { kind, slug }: { kind: PlaceKind; slug: string }): Promise<FoundPlace | undefined> {
  if (kind === 'town') {
    const town = await townBySlug(db, slug);
    return town && { kind, ...town };
  }
  if (kind === 'municipality') {
    const municipality = await findMunicipality(db, slug);
    return municipality && { kind, ...municipality };
  }
  const county = await findCounty(db, slug);
  return county && { kind, ...county };
}

/** The place as catalogue filters, and as already-known ids so they are not looked up again. */
function placeFilter(place: FoundPlace | undefined): { scope: Partial<CatalogQuery>; known: KnownPlace; shows?: string } {
  switch (place?.kind) {
    case 'town':
      return { scope: { town: place.slug }, known: { townId: place.id }, shows: tags.town(place.id) };
    case 'municipality':
      return { scope: { municipality: place.code }, known: { municipalityCode: place.code }, shows: tags.municipality(place.code) };
    case 'county':
      return { scope: { county: place.code }, known: { countyCode: place.code }, shows: tags.county(place.code) };
    default:
      return { scope: {}, known: {} };
  }
}

/**
 * A page's time window must lie within the edition's days and end after it starts; the API takes
 * any window, but a visitor who picks a time outside the day should be told rather than shown nothing.
 */
function timeWindowProblems({ from, to }: CatalogQuery, edition: Edition): ProgrammeProblem[] {
  const opens = stockholmInstant(edition.firstDay, '00:00');
  const closes = stockholmDayEnd(edition.lastDay);
  const problems: ProgrammeProblem[] = [];
  if (from !== undefined && (from < opens || from >= closes)) problems.push({ param: 'from', kind: 'outside', instant: from });
  if (to !== undefined && (to <= opens || to > closes)) problems.push({ param: 'to', kind: 'outside', instant: to });
  if (from !== undefined && to !== undefined && to <= from) problems.push({ param: 'to', kind: 'order' });
  return problems;
}

const refused = (error: unknown): ProgrammeProblem => {
  if (!(error instanceof BadParameterError)) throw error;
  return { param: error.parameter, kind: 'refused' };
};

/** Everything a programme page shows; undefined when the place it names does not exist. */
export async function programme(db: Kysely<DB>, request: ProgrammeRequest): Promise<ProgrammeAnswer | undefined> {
  const place = request.place && (await findPlace(db, request.place));
  if (request.place && !place) return undefined;
  const problems: ProgrammeProblem[] = [];
  let edition: Edition;
  try {
    edition = await resolveEdition(db, request.filter.edition, request.now);
    problems.push(...timeWindowProblems(request.filter, edition));
  } catch (error) {
    problems.push(refused(error));
    edition = await resolveEdition(db, undefined, request.now);
  }
  const { scope, known, shows } = placeFilter(place);
  const search = async () => {
    if (request.unreadable || problems.length) return null;
    try {
      return await programmePage(db, { ...request.filter, ...scope }, edition, known, request.page);
    } catch (error) {
      problems.push(refused(error));
      return null;
    }
  };
  const [result, choices] = await Promise.all([search(), filterChoices(db, edition, request.lists)]);
  // The filter menus list the edition's towns and organizers, whatever place the page is of.
  const menus = request.lists.towns || request.lists.organizers;
  const scopes = shows && menus ? [shows, tags.edition(edition.id)] : [shows ?? tags.edition(edition.id)];
  return { place, edition, result, problems, choices, shows: listShows(scopes, result?.items ?? []) };
}
