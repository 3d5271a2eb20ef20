import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  getActivity,
  getOrganizer,
  getStatistics,
  listCounties,
  listEditions,
  listMunicipalities,
  listOrganizers,
} from '../../domain/partner-data.js';
import { ActivitySchema } from '../../schemas/activity.js';
import { NO_EDITION, NoQuerySchema, badRequest, errorResponse, noEdition } from '../../schemas/common.js';
import { ActivityIdParams } from '../../schemas/feed.js';
import {
  CountyListSchema,
  EditionListSchema,
  EditionQuerySchema,
  MunicipalityListSchema,
  OrganizerListSchema,
  OrganizerParamsSchema,
  OrganizerSchema,
  StatisticsSchema,
} from '../../schemas/partner.js';
import { withUrl } from '../activity-url.js';
import { dated } from '../dated.js';

/** The routes of one edition (the current one by default): a wrong parameter, or no edition at all. */
const editionErrors = { 400: badRequest, 404: noEdition };

/** The partner API beyond the activity list and towns: editions, one activity, places, organizers, statistics. */
const partnerApi: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/editions',
    {
      schema: {
        tags: ['Editions'],
        summary: 'List editions',
        operationId: 'listEditions',
        description: 'Every public edition of the theme day, oldest first, with its totals; an empty list before the first is published.',
        querystring: NoQuerySchema,
        response: { 200: Type.Ref(EditionListSchema), 400: badRequest },
      },
    },
    async (_request, reply) => dated(reply, await listEditions(app.db)),
  );

  app.get(
    '/activities/:id',
    {
      schema: {
        tags: ['Activities'],
        summary: 'One activity',
        operationId: 'getActivity',
        description: 'A published or cancelled activity. Drafts, submissions and rejections answer 404, as unknown ids do.',
        params: ActivityIdParams,
        response: { 200: Type.Ref(ActivitySchema), 400: badRequest, 404: errorResponse('There is no published or cancelled activity with this id.') },
      },
    },
    async (request, reply) => {
      const answer = await getActivity(app.db, request.params.id);
      return dated(reply, { ...answer, data: withUrl(app.config.baseUrl, answer.data) });
    },
  );

  app.get(
    '/municipalities',
    {
      schema: {
        tags: ['Places'],
        summary: 'List municipalities',
        operationId: 'listMunicipalities',
        description: 'All 290 municipalities with their county and the number of public activities in the edition (the current one by default), by code.',
        querystring: EditionQuerySchema,
        response: { 200: Type.Ref(MunicipalityListSchema), ...editionErrors },
      },
    },
    async (request, reply) => dated(reply, await listMunicipalities(app.db, request.query.edition, app.now())),
  );

  app.get(
    '/counties',
    {
      schema: {
        tags: ['Places'],
        summary: 'List counties',
        operationId: 'listCounties',
        description: 'All 21 counties with their number of municipalities and of public activities in the edition (the current one by default), by code.',
        querystring: EditionQuerySchema,
        response: { 200: Type.Ref(CountyListSchema), ...editionErrors },
      },
    },
    async (request, reply) => dated(reply, await listCounties(app.db, request.query.edition, app.now())),
  );

  app.get(
    '/organizers',
    {
      schema: {
        tags: ['Organizers'],
        summary: 'List organizers',
        operationId: 'listOrganizers',
        description:
          'Organizers with at least one public activity in the edition (the current one by default), as organizer or co-organizer, in Swedish alphabetical order. Only public contact details.',
        querystring: EditionQuerySchema,
        response: { 200: Type.Ref(OrganizerListSchema), ...editionErrors },
      },
    },
    async (request, reply) => dated(reply, await listOrganizers(app.db, request.query.edition, app.now())),
  );

  app.get(
    '/organizers/:slug',
    {
      schema: {
        tags: ['Organizers'],
        summary: 'One organizer',
        operationId: 'getOrganizer',
        description: 'An organizer with its public contact details and its number of public activities in the edition (the current one by default).',
        params: OrganizerParamsSchema,
        querystring: EditionQuerySchema,
        response: {
          200: Type.Ref(OrganizerSchema),
          400: badRequest,
          404: errorResponse(`No organizer with this slug has public activities in the edition; or ${NO_EDITION}.`),
        },
      },
    },
    async (request, reply) => dated(reply, await getOrganizer(app.db, request.params.slug, request.query.edition, app.now())),
  );

  app.get(
    '/statistics',
    {
      schema: {
        tags: ['Statistics'],
        summary: 'Edition in figures',
        operationId: 'getStatistics',
        description:
          'Public activities of the edition (the current one by default) per county, organizer kind, audience and starting hour in Stockholm, how many of the 290 municipalities have any, and the participants reached as organizers reported them after the day (`reach`), with how many activities reported.',
        querystring: EditionQuerySchema,
        response: { 200: Type.Ref(StatisticsSchema), ...editionErrors },
      },
    },
    async (request, reply) => dated(reply, await getStatistics(app.db, request.query.edition, app.now())),
  );
};

export default partnerApi;
