import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Edition } from '../../domain/records.js';
import { resolveEdition } from '../../domain/catalog.js';
import { registrationWindow } from '../../domain/edition-texts.js';
import { NoEditionError } from '../../domain/errors.js';
import { formatDay } from '../../i18n/dates.js';
import { LANGUAGES, LANGUAGE_INFO, type Lang, dirOf, staffLang, t } from '../../i18n/index.js';
import { renderMarkdown } from '../../views/markdown.js';

/** The pages a Swedish public service must have, at fixed addresses; their texts are Markdown files. */
export const SERVICE_PAGES = ['om', 'tillganglighet', 'personuppgifter', 'for-arrangorer'] as const;
type ServicePage = (typeof SERVICE_PAGES)[number];

/**
 * /om, /tillganglighet, /personuppgifter and /for-arrangorer: the texts in <CONTENT_DIR>/<lang>/<page>.md,
 * read once at start (a missing Swedish or English file stops the start, naming it), so a deployer
 * edits them without touching code and restarts. A public-site language without its own file (a
 * CONTENT_DIR written before the language came) shows its fallback's text, marked with that
 * language, rather than refusing to start. {placeholders} in a text take the current edition's dates and the
 * configured contact details, so a text stays true from one year to the next.
 */
export default async function servicePages(app: FastifyInstance): Promise<void> {
  const sources = new Map<string, { text: string; lang: Lang }>();
  const read = (lang: Lang, page: ServicePage) => readFileSync(join(app.config.contentDir, lang, `${page}.md`), 'utf8');
  for (const lang of LANGUAGES) {
    for (const page of SERVICE_PAGES) {
      const own = LANGUAGE_INFO[lang].scope === 'all' || existsSync(join(app.config.contentDir, lang, `${page}.md`));
      const from = own ? lang : staffLang(lang);
      sources.set(`${lang}/${page}`, { text: read(from, page), lang: from });
    }
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
      days: edition ? [...new Set([edition.firstDay, edition.lastDay])].map((day) => formatDay(lang, day)).join(` ${t(lang, 'common.and')} `) : none,
      helpPhone: edition?.helpPhone ?? contactPhone ?? none,
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
      const { text: written, lang: writtenIn } = sources.get(`${lang}/${page}`)!;
      const source = written.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
      const text = renderMarkdown(source);
      return reply.page('service-page', {
        title: text.title,
        description: text.lead.length > 200 ? `${text.lead.slice(0, 197).replace(/\s+\S*$/, '')}…` : text.lead,
        intro: text.intro,
        body: text.body,
        forOrganizers: page === 'for-arrangorer',
        textLang: writtenIn === lang ? null : { lang: writtenIn, dir: dirOf(writtenIn) },
      });
    });
  for (const page of SERVICE_PAGES) render(page);
}
