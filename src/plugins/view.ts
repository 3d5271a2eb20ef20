import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DEFAULT_LANG, LANGUAGES, LANGUAGE_INFO, type Lang, STAFF_LANGUAGES, dirOf, isLang, langFromAcceptLanguage, staffLang, t } from '../i18n/index.js';
import { loadAssets } from '../views/assets.js';
import { Views } from '../views/templates.js';
import { inPackage } from '../paths.js';
import { answersData, audienceOf, staffPages, stampAudience } from './audience.js';
import { stringField } from './string-field.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The visitor's language: ?lang=, else the remembered cookie, else Accept-Language, else Swedish. */
    lang: Lang;
  }
  interface FastifyReply {
    /** Renders src/views/pages/<name>.hbs inside the layout, in the request's language. `title` names the page. */
    page(name: string, data: PageData): FastifyReply;
    /** An HTML error page in the visitor's language, with ways onward. */
    errorPage(statusCode: number, message?: string): FastifyReply;
  }
}

export interface PageData {
  title: string;
  [key: string]: unknown;
}

const VIEWS = `${inPackage('src', 'views')}/`;
const PUBLIC = inPackage('public');
/** Helpers are code: compiled beside this module, so .ts under tsx and vitest, .js in dist/. */
const HELPERS = new URL('../views/helpers/', import.meta.url);
export const LANG_COOKIE = 'lang';
const YEAR_IN_SECONDS = 365 * 24 * 3600;

/** The current URL with ?lang= set to each language in turn, for the language switch: parsed once for them all. */
function langLinks(url: string): (lang: Lang) => string {
  const parsed = new URL(url, 'http://x');
  parsed.searchParams.delete('lang');
  const rest = parsed.searchParams.toString();
  const start = `${parsed.pathname}?${rest ? `${rest}&` : ''}lang=`;
  return (lang) => `${start}${lang}`;
}

function resolveLang(request: FastifyRequest): { lang: Lang; chosen: boolean } {
  const asked = stringField(request.query, 'lang');
  if (isLang(asked)) return { lang: asked, chosen: true };
  const remembered = request.cookies[LANG_COOKIE];
  if (isLang(remembered)) return { lang: remembered, chosen: false };
  return { lang: langFromAcceptLanguage(request.headers['accept-language']), chosen: false };
}

/** Server-rendered pages: Handlebars views, the visitor's language, static assets under /static. */
export default fp(
  async (app: FastifyInstance) => {
    // Templates compile once per process and language; restart to see edits.
    const views = await Views.load(VIEWS, HELPERS);
    // Plain names under /static/ stay for pages that link them so and for partners' copies; they
    // may change under the same name, so they are kept only an hour.
    await app.register(async (files) => {
      stampAudience(files, 'assets');
      await files.register(fastifyStatic, { root: PUBLIC, prefix: '/static/', maxAge: '1h' });
    });

    // The layout links fingerprinted names ({{asset "site.css"}}): new content, new address, so a
    // browser keeps each for a year without asking again.
    const assets = loadAssets(PUBLIC, app.config.logoFile);
    const assetUrls = Object.fromEntries([...assets].map(([name, asset]) => [name, asset.url]));
    // The shipped logo is both "logo.svg" and "logo": one address, one route.
    for (const asset of new Map([...assets.values()].map((a) => [a.url, a])).values()) {
      app.get(asset.url, { config: { audience: 'assets' } }, (_request, reply) =>
        reply.type(asset.type).header('cache-control', 'public, max-age=31536000, immutable').send(asset.body),
      );
    }
    // Browsers and phones ask for these at fixed addresses whatever a page links: a day, not a year.
    for (const [path, name] of [
      ['/favicon.ico', 'icons/favicon.ico'],
      ['/apple-touch-icon.png', 'icons/apple-touch-icon.png'],
    ] as const) {
      const asset = assets.get(name)!;
      app.get(path, { config: { audience: 'assets', cacheable: true } }, (_request, reply) => reply.type(asset.type).header('cache-control', 'public, max-age=86400').send(asset.body));
    }
    // The site owner's contact, in every footer.
    const site = { contactEmail: app.config.contactEmail, contactPhone: app.config.contactPhone };

    app.decorateRequest('lang', DEFAULT_LANG);
    app.addHook('onRequest', (request, reply, done) => {
      const { lang, chosen } = resolveLang(request);
      request.lang = staffPages(audienceOf(request)) ? staffLang(lang) : lang;
      if (chosen && request.cookies[LANG_COOKIE] !== lang && !answersData(audienceOf(request))) {
        reply.setCookie(LANG_COOKIE, lang, { path: '/', maxAge: YEAR_IN_SECONDS, sameSite: 'lax', httpOnly: true });
      }
      done();
    });

    app.decorateReply('page', function page(this: FastifyReply, name: string, data: PageData) {
      const lang = this.request.lang;
      // The quick switch beside the logo: Swedish pages offer English, every other page Swedish.
      const other: Lang = lang === 'sv' ? 'en' : 'sv';
      const offered = staffPages(audienceOf(this.request)) ? STAFF_LANGUAGES : LANGUAGES;
      const path = this.request.url.split('?')[0]!;
      const inLang = langLinks(this.request.url);
      // Each key is @key in the templates, inside any block.
      const pageData = {
        lang,
        dir: dirOf(lang),
        otherLang: other,
        switchHref: inLang(other),
        // Every language in its own name and script, each a plain link: no JavaScript needed.
        languages: offered.map((code) => ({
          code,
          name: LANGUAGE_INFO[code].name,
          dir: dirOf(code),
          href: inLang(code),
          current: code === lang,
        })),
        unreviewed: !LANGUAGE_INFO[lang].reviewed,
        reportMistakeHref: site.contactEmail
          ? `mailto:${site.contactEmail}?subject=${encodeURIComponent(`${t(lang, 'languages.reportSubject', { language: LANGUAGE_INFO[lang].name })} ${path}`)}`
          : '/om',
        path,
        assets: assetUrls,
        site,
      };
      let html: string;
      try {
        html = views.render(lang, name, data, pageData);
      } catch (error) {
        return this.send(error);
      }
      // The same URL answers in either language, chosen by cookie and header.
      this.header('vary', 'Accept-Language, Cookie').header('content-language', lang);
      if (!this.hasHeader('content-type')) this.type('text/html; charset=utf-8');
      // Encoded once, here: as a string, Fastify would measure its UTF-8 length and Node then encode
      // it again to write it; a page, in many pieces and with characters beyond Latin-1, is the
      // costliest string to do either with.
      return this.send(Buffer.from(html));
    });

    app.decorateReply('errorPage', function errorPage(this: FastifyReply, statusCode: number, message?: string) {
      const lang = this.request.lang;
      const kind = statusCode === 404 ? 'notFound' : statusCode < 500 ? 'badRequest' : 'serverError';
      return this.code(statusCode).page('error', {
        title: t(lang, `error.${kind}.title`),
        lead: message ?? t(lang, `error.${kind}.lead`),
        statusCode,
      });
    });
  },
  { name: 'view', dependencies: ['@fastify/cookie'] },
);
