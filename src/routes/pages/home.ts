import type { FastifyInstance } from 'fastify';
import { countInLanguage, editionDays, editionOverview, resolveEdition } from '../../domain/catalog.js';
import { listShows, tags } from '../../domain/change-tags.js';
import { editionHelp } from '../../domain/edition-texts.js';
import { NoEditionError } from '../../domain/errors.js';
import { DEFAULT_LANG, LOCALES, type Lang, t } from '../../i18n/index.js';
import { withLinks } from './programme.js';

/** "svenska och engelska": the help phone's languages, named in the reader's language. */
function phoneLanguages(lang: Lang, codes: string[]): string {
  const names = codes.map((code) => {
    const name = t(lang, `language.${code}`);
    // Language names are lower case inside a sentence, except in English.
    return lang === 'en' ? name : name.toLocaleLowerCase(LOCALES[lang]);
  });
  return new Intl.ListFormat(LOCALES[lang], { type: 'conjunction' }).format(names);
}

/** The front page: the current edition in figures, a search box, its towns by county, and on the day what is on now. */
export default async function home(app: FastifyInstance): Promise<void> {
  app.get('/', { config: { showsNow: true } }, async (request, reply) => {
    const lang = request.lang;
    const edition = await resolveEdition(app.db, undefined, app.now()).catch((error: unknown) => {
      if (error instanceof NoEditionError) return undefined;
      throw error;
    });
    if (!edition) return reply.page('home', { title: t(lang, 'home.noEdition') });
    const overview = await editionOverview(app.db, edition, app.now());
    const collator = new Intl.Collator('sv');
    const counties = new Map<string, { code: string; name: string; towns: typeof overview.towns }>();
    for (const town of overview.towns) {
      const county = counties.get(town.county.code) ?? { code: town.county.code, name: town.county.name, towns: [] };
      county.towns.push(town);
      counties.set(town.county.code, county);
    }
    const help = await editionHelp(app.db, edition, lang);
    // A visitor reading another language than Swedish goes straight to the activities held in it.
    const inYourLanguage =
      lang === DEFAULT_LANG
        ? null
        : { count: await countInLanguage(app.db, edition, lang), href: `/aktiviteter?edition=${encodeURIComponent(edition.slug)}&language=${lang}` };
    return reply.shows(listShows([tags.edition(edition.id)], overview.today ? [...overview.today.onNow, ...overview.today.next] : [])).page('home', {
      title: edition.name,
      description: t(lang, 'meta.home', { edition: edition.name, activities: overview.figures.activities, towns: overview.figures.towns }),
      edition,
      help: { ...help, languages: help.phoneLanguages.length > 0 ? phoneLanguages(lang, help.phoneLanguages) : null },
      inYourLanguage,
      days: editionDays(edition),
      figures: overview.figures,
      counties: [...counties.values()].sort((a, b) => collator.compare(a.name, b.name)),
      today: overview.today && { onNow: withLinks(overview.today.onNow), next: withLinks(overview.today.next) },
    });
  });
}
