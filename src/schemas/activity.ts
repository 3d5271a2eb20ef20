import { type Static, Type } from '@sinclair/typebox';
import { ACTIVITY_FORMATS, ACTIVITY_LANGUAGES, AUDIENCES, MAX_SEARCH_LENGTH, ORGANIZER_KINDS, TIMES_OF_DAY, TOPICS, VENUE_FACTS } from '../domain/vocabulary.js';
import { EditionParam, Slug } from './common.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const Instant = (description: string) =>
  Type.String({ format: 'date-time', description, examples: ['2019-10-02T08:00:00.000Z'] });

export const RegionRef = Type.Object(
  { code: Type.String({ examples: ['2480'] }), name: Type.String({ examples: ['Umeå'] }) },
  { additionalProperties: false },
);

export const OrganizerRefSchema = Type.Object(
  {
    slug: Type.String({ examples: ['statens-servicecenter'] }),
    name: Type.String({ examples: ['Statens servicecenter'] }),
    kind: Type.Union(ORGANIZER_KINDS.map((k) => Type.Literal(k))),
  },
  { $id: 'OrganizerRef', additionalProperties: false },
);

export const TownRefSchema = Type.Object(
  {
    slug: Type.String({ examples: ['umea'] }),
    name: Type.String({ examples: ['Umeå'] }),
    municipality: RegionRef,
    county: RegionRef,
    lat: Type.Number({ examples: [63.8258] }),
    lon: Type.Number({ examples: [20.263] }),
  },
  { $id: 'TownRef', additionalProperties: false },
);

export const ActivitySchema = Type.Object(
  {
    id: Type.Integer({ examples: [42] }),
    uid: Type.String({ description: 'Calendar UID, stable forever; the same in every feed.' }),
    url: Type.String({ format: 'uri', description: 'The activity page on the public site.' }),
    edition: Type.String({ examples: ['2019'] }),
    title: Type.String(),
    summary: Type.String(),
    description: Type.String(),
    startsAt: Instant('Start, UTC. Show it in Europe/Stockholm.'),
    endsAt: Instant('End, UTC.'),
    format: Type.Union(ACTIVITY_FORMATS.map((f) => Type.Literal(f))),
    status: Type.Union([Type.Literal('published'), Type.Literal('cancelled')]),
    cancellationReason: Nullable(Type.String()),
    revision: Type.Integer({ minimum: 0, description: 'Rises when time, place or status changes (iCalendar SEQUENCE).' }),
    updatedAt: Instant('Last change.'),
    organizer: Type.Ref(OrganizerRefSchema),
    coOrganizers: Type.Array(Type.Ref(OrganizerRefSchema)),
    town: Type.Union([Type.Ref(TownRefSchema), Type.Null()], { description: 'Null for national online or phone activities.' }),
    venue: Type.Union([
      Type.Object(
        {
          name: Type.String(),
          streetAddress: Type.String(),
          postalCode: Nullable(Type.String()),
          lat: Type.Union([Type.Number(), Type.Null()]),
          lon: Type.Union([Type.Number(), Type.Null()]),
          stepFree: Type.Boolean(),
          hearingLoop: Type.Boolean(),
          accessibleToilet: Type.Boolean(),
          accessibleParking: Type.Boolean(),
          accessibilityNotes: Nullable(Type.String()),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    onlineUrl: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    accessibilityNotes: Nullable(Type.String()),
    registration: Type.Object(
      { required: Type.Boolean(), url: Nullable(Type.String()), phone: Nullable(Type.String()) },
      { additionalProperties: false },
    ),
    capacity: Type.Union([Type.Integer(), Type.Null()]),
    contact: Type.Object({ email: Nullable(Type.String()), phone: Nullable(Type.String()) }, { additionalProperties: false }),
    audiences: Type.Array(Type.Union(AUDIENCES.map((a) => Type.Literal(a)))),
    topics: Type.Array(Type.Union(TOPICS.map((t) => Type.Literal(t)))),
    languages: Type.Array(Type.Union(ACTIVITY_LANGUAGES.map((l) => Type.Literal(l)))),
    participants: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
      description: 'How many took part, as the organizer reported after the day; null until reported.',
    }),
  },
  { $id: 'Activity', additionalProperties: false },
);
export type PublicActivity = Static<typeof ActivitySchema>;
/** A public activity as the domain answers it: all the API shows but `url`, which the routes add (routes/activity-url.ts). */
export type PublicActivityData = Omit<PublicActivity, 'url'>;

export const ActivityListSchema = Type.Object(
  {
    items: Type.Array(Type.Ref(ActivitySchema)),
    total: Type.Integer({ minimum: 0, description: 'How many activities match, over all pages.' }),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the next page; null on the last.' }),
  },
  { $id: 'ActivityList', additionalProperties: false },
);

const enumParam = <T extends string>(values: readonly T[], description: string) =>
  Type.Union(values.map((v) => Type.Literal(v)), { description, examples: [values[0]] });

/**
 * The programme filter: every way the programme can be narrowed, in one place. The API, the feeds
 * and the embed take the parameters their documentation lists; the public pages (src/routes/pages/
 * filters.ts) take the ones their form offers, with the time window in the visitor's local time.
 */
export const PROGRAMME_FILTER = {
  edition: Type.Optional(EditionParam),
  town: Type.Optional(Slug('Town slug.', 'umea')),
  municipality: Type.Optional(Type.String({ pattern: '^[0-9]{4}$', description: 'Municipality code (SCB).', examples: ['2480'] })),
  county: Type.Optional(Type.String({ pattern: '^[0-9]{2}$', description: 'County code (SCB).', examples: ['24'] })),
  organizer: Type.Optional(Slug('Organizer slug.', 'statens-servicecenter')),
  format: Type.Optional(enumParam(ACTIVITY_FORMATS, 'Format.')),
  audience: Type.Optional(enumParam(AUDIENCES, 'Audience.')),
  topic: Type.Optional(enumParam(TOPICS, 'Topic.')),
  language: Type.Optional(enumParam(ACTIVITY_LANGUAGES, 'Language (ISO 639-1).')),
  q: Type.Optional(
    Type.String({
      maxLength: MAX_SEARCH_LENGTH,
      description: 'Free text: every word must occur in the title, summary, description or town; case and accents do not matter.',
      examples: ['bankid'],
    }),
  ),
  day: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'One day of the edition (YYYY-MM-DD, Stockholm).', examples: ['2019-10-02'] })),
  from: Type.Optional(
    Type.String({ maxLength: 40, description: 'Starts at or after this date and time, with its zone (ISO 8601).', examples: ['2019-10-02T10:00:00+02:00'] }),
  ),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'Starts before this date and time, with its zone (ISO 8601).', examples: ['2019-10-02T17:00:00+02:00'] })),
  timeOfDay: Type.Optional(enumParam(TIMES_OF_DAY, 'Time of day, in Stockholm.')),
  access: Type.Optional(Type.Array(enumParam(VENUE_FACTS, 'An accessibility fact the venue has.'), { description: 'The venue has all of these.' })),
};

export const ProgrammeFilter = Type.Object(PROGRAMME_FILTER, { additionalProperties: false });
export type ProgrammeFilter = Static<typeof ProgrammeFilter>;

/** The filters the API documents (time of day and accessibility are the public pages' only), and its paging. */
const { timeOfDay: _timeOfDay, access: _access, ...apiFilters } = PROGRAMME_FILTER;
export const API_FILTER = apiFilters;

export const ActivityQuerySchema = Type.Object(
  {
    ...API_FILTER,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Page size.', examples: [50] })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'From `nextCursor` of the previous page.', examples: ['WyIyMDE5LTEwLTAyVDA4OjAwOjAwLjAwMFoiLDQyXQ'] })),
  },
  { additionalProperties: false },
);
export type ActivityQuery = Static<typeof ActivityQuerySchema>;
