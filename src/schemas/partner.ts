import { Type } from '@sinclair/typebox';
import { AUDIENCES, ORGANIZER_KINDS } from '../domain/vocabulary.js';
import { EditionParam, Slug } from './common.js';

/** Response and request schemas of the partner API beyond activities and towns. */

const Count = (description: string) => Type.Integer({ minimum: 0, description });
const Day = (description: string) => Type.String({ format: 'date', description, examples: ['2019-10-02'] });
/** A figure of the reports after the day. */
const ReachFigure = {
  participants: Type.Integer({ minimum: 0, description: 'Participants reported.' }),
  reportedActivities: Type.Integer({ minimum: 0, description: 'Activities the participants were reported for.' }),
};
const OrganizerKind = Type.Union(ORGANIZER_KINDS.map((k) => Type.Literal(k)), { description: 'What kind of organization it is.' });

export const EditionQuerySchema = Type.Object({ edition: Type.Optional(EditionParam) }, { additionalProperties: false });

export const EditionSchema = Type.Object(
  {
    slug: Type.String({ examples: ['2019'] }),
    year: Type.Integer({ examples: [2019] }),
    name: Type.String({ examples: ['Digital@Idag 2019'] }),
    firstDay: Day('First day of the theme day(s), in Stockholm.'),
    lastDay: Day('Last day, in Stockholm.'),
    activities: Count('Public activities (published and cancelled).'),
    towns: Count('Towns with at least one public activity.'),
    municipalities: Count('Municipalities with at least one public activity.'),
    organizers: Count('Organizers with at least one public activity.'),
    participants: Count('Participants reached, as organizers reported them after the day.'),
    reportedActivities: Count('Published activities whose organizer has reported how many took part.'),
  },
  { $id: 'Edition', additionalProperties: false },
);

export const EditionListSchema = Type.Object(
  { items: Type.Array(Type.Ref(EditionSchema)), total: Count('Number of editions.') },
  { $id: 'EditionList', additionalProperties: false },
);

export const CountyRefSchema = Type.Object(
  { code: Type.String({ examples: ['24'] }), name: Type.String({ examples: ['Västerbottens län'] }) },
  { additionalProperties: false },
);

export const MunicipalitySchema = Type.Object(
  {
    code: Type.String({ description: 'Municipality code (SCB).', examples: ['2480'] }),
    name: Type.String({ examples: ['Umeå'] }),
    slug: Type.String({ examples: ['umea'] }),
    county: CountyRefSchema,
    activityCount: Count('Public activities in the edition; 0 where there are none.'),
  },
  { $id: 'Municipality', additionalProperties: false },
);

export const MunicipalityListSchema = Type.Object(
  { items: Type.Array(Type.Ref(MunicipalitySchema)), total: Count('Number of municipalities: all 290.') },
  { $id: 'MunicipalityList', additionalProperties: false },
);

export const CountySchema = Type.Object(
  {
    code: Type.String({ description: 'County code (SCB).', examples: ['24'] }),
    name: Type.String({ examples: ['Västerbottens län'] }),
    slug: Type.String({ examples: ['vasterbottens-lan'] }),
    municipalityCount: Count('Municipalities in the county.'),
    activityCount: Count('Public activities in the edition.'),
  },
  { $id: 'County', additionalProperties: false },
);

export const CountyListSchema = Type.Object(
  { items: Type.Array(Type.Ref(CountySchema)), total: Count('Number of counties: all 21.') },
  { $id: 'CountyList', additionalProperties: false },
);

const Nullable = (description: string) => Type.Union([Type.String(), Type.Null()], { description });

export const OrganizerSchema = Type.Object(
  {
    slug: Type.String({ examples: ['umea-stadsbibliotek'] }),
    name: Type.String({ examples: ['Umeå stadsbibliotek'] }),
    kind: OrganizerKind,
    description: Nullable('Who they are, in their own words.'),
    website: Nullable('Their website.'),
    email: Nullable('Public contact e-mail.'),
    phone: Nullable('Public contact phone number.'),
    activityCount: Count('Public activities in the edition, as organizer or co-organizer.'),
    updatedAt: Type.String({ format: 'date-time', description: 'Last change of the organizer, UTC.' }),
  },
  { $id: 'Organizer', additionalProperties: false },
);

export const OrganizerListSchema = Type.Object(
  { items: Type.Array(Type.Ref(OrganizerSchema)), total: Count('Number of organizers.') },
  { $id: 'OrganizerList', additionalProperties: false },
);

export const OrganizerParamsSchema = Type.Object(
  { slug: Slug('Organizer slug.', 'umea-stadsbibliotek') },
  { additionalProperties: false },
);

export const StatisticsSchema = Type.Object(
  {
    edition: Type.String({ examples: ['2019'] }),
    totals: Type.Object(
      {
        activities: Count('Public activities (published and cancelled).'),
        towns: Count('Towns with activities.'),
        municipalities: Count('Municipalities with activities.'),
        organizers: Count('Organizers with activities.'),
      },
      { additionalProperties: false },
    ),
    cancelled: Count('Cancelled activities, counted in the totals too.'),
    withoutTown: Count('Activities held online or by phone, without a town.'),
    byCounty: Type.Array(
      Type.Object(
        {
          code: Type.String({ examples: ['24'] }),
          name: Type.String({ examples: ['Västerbottens län'] }),
          activities: Count('Public activities in the county.'),
          municipalities: Count('Municipalities in the county.'),
          coveredMunicipalities: Count('Municipalities with at least one activity.'),
          uncovered: Type.Array(Type.String(), { description: 'Municipalities without any activity, by name.' }),
        },
        { additionalProperties: false },
      ),
    ),
    byOrganizerKind: Type.Array(Type.Object({ kind: OrganizerKind, activities: Count('Public activities.') }, { additionalProperties: false })),
    byAudience: Type.Array(
      Type.Object(
        { audience: Type.Union(AUDIENCES.map((a) => Type.Literal(a))), activities: Count('Public activities for the audience.') },
        { additionalProperties: false },
      ),
    ),
    byHour: Type.Array(
      Type.Object(
        { hour: Type.Integer({ minimum: 0, maximum: 23, description: 'Starting hour in Stockholm.' }), activities: Count('Activities starting in that hour.') },
        { additionalProperties: false },
      ),
    ),
    coverage: Type.Object(
      {
        municipalities: Count('All municipalities: 290.'),
        covered: Count('Municipalities with at least one activity.'),
        uncovered: Count('Municipalities without any.'),
      },
      { additionalProperties: false },
    ),
    reach: Type.Object(
      {
        ...ReachFigure,
        publishedActivities: Count('Published activities, the ones a report is asked for (cancelled ones are not).'),
        withoutTown: Type.Object(ReachFigure, { additionalProperties: false, description: 'Activities online or by phone, without a county.' }),
        byCounty: Type.Array(
          Type.Object({ code: Type.String({ examples: ['24'] }), name: Type.String({ examples: ['Västerbottens län'] }), ...ReachFigure }, { additionalProperties: false }),
          { description: 'Every county, with 0 where nothing is reported.' },
        ),
        byOrganizerKind: Type.Array(Type.Object({ kind: OrganizerKind, ...ReachFigure }, { additionalProperties: false })),
        byAudience: Type.Array(Type.Object({ audience: Type.Union(AUDIENCES.map((a) => Type.Literal(a))), ...ReachFigure }, { additionalProperties: false }), {
          description:
            'Participants per audience: the figures organizers gave per audience, and all participants of a reported activity for a single audience that gave none. Activities for several audiences without figures per audience count in the totals only.',
        }),
      },
      {
        additionalProperties: false,
        description: 'Participants reached, as organizers reported them after the day, and how many activities the figures come from.',
      },
    ),
  },
  { $id: 'Statistics', additionalProperties: false },
);

export const PARTNER_SCHEMAS = [
  EditionSchema,
  EditionListSchema,
  MunicipalitySchema,
  MunicipalityListSchema,
  CountySchema,
  CountyListSchema,
  OrganizerSchema,
  OrganizerListSchema,
  StatisticsSchema,
];
