import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Edition } from '../../domain/records.js';
import { resolveEdition } from '../../domain/catalog.js';
import { registrationWindow } from '../../domain/edition-texts.js';
import { NoEditionError } from '../../domain/errors.js';
import { formatDay } from '../../i18n/dates.js';
import { LANGUAGES, type Lang, t } from '../../i18n/index.js';
import { renderMarkdown } from '../../views/markdown.js';

/** The pages a Swedish public service must have, at fixed addresses; their texts are Markdown files. */
export const SERVICE_PAGES = ['om', 'tillganglighet', 'personuppgifter', 'for-arrangorer'] as const;
type ServicePage = (typeof SERVICE_PAGES)[number];

/**
 * /om, /tillganglighet, /personuppgifter and /for-arrangorer: the texts in <CONTENT_DIR>/<lang>/<page>.md,
 * read once at start (a missing file stops the start, naming it), so a deployer edits them without
 * touching code and restarts. {placeholders} in a text take the current edition's dates and the
 * configured contact details, so a text stays true from one year to the next.
 */
export default async function servicePages(app: FastifyInstance): Promise<void> {
  const sources = new Map<string, string>();
  for (const lang of LANGUAGES) {
    for (const page of SERVICE_PAGES) sources.set(`${lang}/${page}`, readFileSync(join(app.config.contentDir, lang, `${page}.md`), 'utf8'));
  }

  async function facts(lang: Lang): Promise<Record<string, string>> {
    const edition: Edition | null = await resolveEdition(app.db, undefined, app.now()).catch((error: unknown) => {
      if (error instanceof NoEditionError) return null;
      throw error;
    });
    const none = t(lang, 'service.notGiven');
    const { contactEmail, contactPhone, baseUrl } = app.config;
    const window = edition && registrationWindow(edition, app.now());
    return {
      siteUrl: baseUrl,
      contactEmail: contactEmail ?? none,
      contactPhone: contactPhone ?? none,
      edition: edition?.name ?? t(lang, 'service.nextEdition'),
      days: edition ? [...new Set([edition.first_day, edition.last_day])].map((day) => formatDay(lang, day)).join(` ${t(lang, 'common.and')} `) : none,
      helpPhone: edition?.help_phone ?? contactPhone ?? none,
      registration: window
        ? t(lang, `service.registration.${window.state}`, {
            edition: edition.name,
            opens: formatDay(lang, window.opensOn),
            lastDay: formatDay(lang, window.lastDay),
          })
        : t(lang, 'service.registration.none'),
    };
  }

  const render = (page: ServicePage) =>
    app.get(`/${page}`, async (request, reply) => {
      const lang = request.lang;
      const values = await facts(lang);
      const source = sources.get(`${lang}/${page}`)!.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
      const text = renderMarkdown(source);
      return reply.page('service-page', {
        title: text.title,
        description: text.lead.length > 200 ? `${text.lead.slice(0, 197).replace(/\s+\S*$/, '')}…` : text.lead,
        intro: text.intro,
        body: text.body,
        forOrganizers: page === 'for-arrangorer',
      });
    });
  for (const page of SERVICE_PAGES) render(page);
}
