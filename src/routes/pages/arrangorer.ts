import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { byDayAndHour } from '../../domain/calendar.js';
import { t } from '../../i18n/index.js';
import { organizerDirectory, organizerProgramme } from '../../domain/public-pages.js';
import { ORGANIZER_KINDS } from '../../domain/vocabulary.js';
import { labelDays } from './agenda.js';
import { shareHref } from './share.js';
import { subscribeLinks } from './subscribe-links.js';

/** More than this many and the page points to the search; no demo organizer comes near it. */
const AGENDA_LIMIT = 500;

const Query = Type.Object({ edition: Type.Optional(Type.String({ maxLength: 80 })) });

/** /arrangorer: organizers of an edition by kind; /arrangorer/:slug: one organizer and its programme. */
const arrangorer: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/arrangorer', { schema: { querystring: Query } }, async (request, reply) => {
    const lang = request.lang;
    const { edition: slug } = request.query;
    const directory = await organizerDirectory(app.db, slug, app.now());
    if (!directory) return reply.errorPage(404, t(lang, 'statistics.unknownEdition', { slug: slug ?? '' }));
    const { edition, organizers, editions } = directory;
    const kinds = ORGANIZER_KINDS.map((kind) => ({
      kind,
      label: t(lang, `organizerKind.${kind}`),
      organizers: organizers.filter((o) => o.kind === kind),
    })).filter((k) => k.organizers.length > 0);
    return reply.page('arrangorer', {
      title: t(lang, 'organizers.title', { edition: edition.name }),
      edition,
      total: organizers.length,
      kinds,
      editions: editions.map((e) => ({ ...e, current: e.slug === edition.slug })),
    });
  });

  app.get('/arrangorer/:slug', { schema: { querystring: Query, params: Type.Object({ slug: Type.String() }) } }, async (request, reply) => {
    const lang = request.lang;
    const { slug } = request.params;
    const { edition: editionSlug } = request.query;
    const unknown = () => reply.errorPage(404, t(lang, 'organizers.unknown', { slug: slug.slice(0, 80) }));
    const found = await organizerProgramme(app.db, slug, editionSlug, app.now(), AGENDA_LIMIT);
    if (found.missing === 'organizer') return unknown();
    if (found.missing === 'edition') return reply.errorPage(404, t(lang, 'statistics.unknownEdition', { slug: editionSlug ?? '' }));
    const { organizer, edition, items, editions } = found;
    return reply.page('arrangorer-organizer', {
      title: organizer.name,
      organizer,
      edition,
      kindLabel: t(lang, `organizerKind.${organizer.kind}`),
      // Only web addresses become links: a "javascript:" website must never be clickable.
      websiteHref: organizer.website && /^https?:\/\//i.test(organizer.website) ? organizer.website : null,
      hasContact: Boolean(organizer.website || organizer.email || organizer.phone),
      days: labelDays(lang, byDayAndHour(items)),
      limited: items.length < organizer.activityCount,
      description: t(lang, 'organizers.description', { name: organizer.name, edition: edition.name, count: organizer.activityCount }),
      shareHref: shareHref(lang, organizer.name, `${app.config.baseUrl}/arrangorer/${organizer.slug}?edition=${edition.slug}`),
      subscribe: subscribeLinks(app.config.baseUrl, `/arrangorer/${organizer.slug}.ics?edition=${edition.slug}`, organizer.name),
      editions: editions.map((e) => ({ ...e, current: e.slug === edition.slug })),
    });
  });
};

export default arrangorer;
