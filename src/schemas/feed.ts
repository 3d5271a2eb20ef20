import { type Static, Type } from '@sinclair/typebox';
import { LANGUAGES } from '../i18n/index.js';
import { API_FILTER } from './activity.js';
import { EditionParam, Slug } from './common.js';


export const LanguageParam = Type.Union(
  LANGUAGES.map((l) => Type.Literal(l)),
  { description: 'Language of the words the feed adds (Swedish by default): "INSTÄLLT:" or "CANCELLED:", labels, categories.', examples: ['en'] },
);

/** The API's filters without paging: a feed holds every match. */
export const FeedQuerySchema = Type.Object({ ...API_FILTER, lang: Type.Optional(LanguageParam) }, { additionalProperties: false });
export type FeedQuerystring = Static<typeof FeedQuerySchema>;

export const SubjectFeedQuerySchema = Type.Object(
  { edition: Type.Optional(EditionParam), lang: Type.Optional(LanguageParam) },
  { additionalProperties: false },
);

export const LanguageQuerySchema = Type.Object({ lang: Type.Optional(LanguageParam) }, { additionalProperties: false });

export const ActivityIdParams = Type.Object(
  { id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Activity id.', examples: [42] }) },
  { additionalProperties: false },
);

export const SlugParams = (description: string, example: string) =>
  Type.Object({ slug: Slug(description, example) }, { additionalProperties: false });

/** A calendar file, as OpenAPI describes it. */
export const CalendarResponse = {
  description: 'An iCalendar (RFC 5545) document.',
  content: { 'text/calendar': { schema: Type.String() } },
};

export const EMBED_THEMES = ['light', 'dark', 'auto'] as const;

/** The embedded list: the feed's filters, how many, and a colour theme to match the partner's site. */
export const EmbedQuerySchema = Type.Object(
  {
    ...API_FILTER,
    lang: Type.Optional(LanguageParam),
    theme: Type.Optional(Type.Union(EMBED_THEMES.map((t) => Type.Literal(t)), { description: 'Colours: light (default), dark, or auto (follows the reader).' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10, description: 'How many activities to list.' })),
  },
  { additionalProperties: false },
);
