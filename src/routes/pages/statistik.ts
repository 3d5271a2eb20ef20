import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type BarChartSpec, barChart } from '../../charts/svg.js';
import { type EditionSummary, editionStatistics, editionsSideBySide } from '../../domain/statistics.js';
import { type Lang, formatNumber, t } from '../../i18n/index.js';
import { pageEdition } from '../../domain/public-pages.js';

const Query = Type.Object({ edition: Type.Optional(Type.String({ maxLength: 80 })) });

type Bars = BarChartSpec['bars'];

/** A chart with the page's headings, table disclosure and number format; bars count activities unless told otherwise. */
function chart(lang: Lang, id: string, title: string, description: string, labelHeading: string, bars: Bars, valueKey = 'statistics.activities'): string {
  return barChart({
    id,
    title,
    description,
    bars,
    labelHeading,
    valueHeading: t(lang, valueKey),
    tableSummary: t(lang, 'statistics.showTable'),
    format: (n) => formatNumber(lang, n),
  });
}

/** /statistik: the edition in figures, charts drawn on the server. */
const statistik: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/statistik', { schema: { querystring: Query } }, async (request, reply) => {
    const lang = request.lang;
    const { edition: slug } = request.query;
    const edition = await pageEdition(app.db, slug, app.now());
    if (!edition) return reply.errorPage(404, t(lang, 'statistics.unknownEdition', { slug: slug ?? '' }));

    const [stats, editions] = await Promise.all([editionStatistics(app.db, edition), editionsSideBySide(app.db)]);
    const name = edition.name;
    const charts = {
      county: chart(
        lang,
        'chart-county',
        t(lang, 'statistics.perCounty', { edition: name }),
        t(lang, 'statistics.perCountyDesc', { count: stats.withoutTown }),
        t(lang, 'statistics.county'),
        stats.byCounty.map((c) => ({ label: c.name, value: c.activities })),
      ),
      kind: chart(
        lang,
        'chart-kind',
        t(lang, 'statistics.perKind', { edition: name }),
        t(lang, 'statistics.perKindDesc'),
        t(lang, 'statistics.kind'),
        stats.byOrganizerKind.map((k) => ({ label: t(lang, `organizerKind.${k.kind}`), value: k.activities })),
      ),
      audience: chart(
        lang,
        'chart-audience',
        t(lang, 'statistics.perAudience', { edition: name }),
        t(lang, 'statistics.perAudienceDesc'),
        t(lang, 'statistics.audience'),
        stats.byAudience.map((a) => ({ label: t(lang, `audience.${a.audience}`), value: a.activities })),
      ),
      hour: chart(
        lang,
        'chart-hour',
        t(lang, 'statistics.perHour', { edition: name }),
        t(lang, 'statistics.perHourDesc'),
        t(lang, 'statistics.hour'),
        stats.byHour.map((h) => ({ label: t(lang, 'statistics.hourLabel', { hour: String(h.hour).padStart(2, '0') }), value: h.activities })),
      ),
      reachCounty: chart(
        lang,
        'chart-reach-county',
        t(lang, 'reach.perCounty', { edition: name }),
        t(lang, 'reach.perCountyDesc', { count: stats.reach.withoutTown.participants }),
        t(lang, 'statistics.county'),
        stats.reach.byCounty.map((c) => ({ label: c.name, value: c.participants })),
        'reach.participants',
      ),
      editions: chart(
        lang,
        'chart-editions',
        t(lang, 'statistics.perEdition'),
        t(lang, 'statistics.perEditionDesc'),
        t(lang, 'statistics.edition'),
        editions.map((e: EditionSummary) => ({ label: e.name, value: e.activities })),
      ),
    };
    const coveredPercent = Math.round((stats.coverage.covered / stats.coverage.municipalities) * 100);
    return reply.page('statistik', {
      title: t(lang, 'statistics.title', { edition: name }),
      edition,
      editions: editions.map((e) => ({ ...e, current: e.slug === edition.slug })),
      stats,
      reach: {
        ...stats.reach,
        reportedPercent: stats.reach.publishedActivities === 0 ? 0 : Math.round((stats.reach.reportedActivities / stats.reach.publishedActivities) * 100),
        byOrganizerKind: stats.reach.byOrganizerKind.map((k) => ({ ...k, label: t(lang, `organizerKind.${k.kind}`) })),
        byAudience: stats.reach.byAudience.map((a) => ({ ...a, label: t(lang, `audience.${a.audience}`) })),
      },
      charts,
      coveredPercent,
    });
  });
};

export default statistik;
