import * as cheerio from 'cheerio';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** A page as a browser got it, parsed. */
export interface Page {
  status: number;
  headers: LightMyRequestResponse['headers'];
  body: string;
  $: cheerio.CheerioAPI;
  response: LightMyRequestResponse;
}

/**
 * The one HTML client of the tests, a browser stand-in over app.inject: keeps cookies, reads the
 * CSRF token from the last page, and posts forms urlencoded as a browser does.
 */
export class Browser {
  readonly cookies = new Map<string, string>();
  csrf = '';
  /** The address the requests come from (inject's default is 127.0.0.1), and any headers to add. */
  remoteAddress?: string;
  headers: Record<string, string> = {};

  constructor(readonly app: FastifyInstance) {}

  /** The headers of the next request: the added ones, and the cookies it holds, if any. */
  #requestHeaders(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = this.cookieHeader;
    return { ...this.headers, ...(cookie ? { cookie } : {}), ...extra };
  }

  #remember(response: LightMyRequestResponse) {
    for (const cookie of response.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      const gone = cookie.value === '' || (cookie.expires && cookie.expires.getTime() < Date.now()) || cookie.maxAge === 0;
      if (gone) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const type = String(response.headers['content-type'] ?? '');
    if (type.startsWith('text/html')) {
      const token = cheerio.load(response.body)('input[name="_csrf"]').first().attr('value');
      if (token) this.csrf = token;
    }
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string) {
    const response = await this.app.inject({ method: 'GET', url, remoteAddress: this.remoteAddress, headers: this.#requestHeaders() });
    this.#remember(response);
    return response;
  }

  async page(url: string): Promise<Page> {
    const response = await this.get(url);
    return { status: response.statusCode, headers: response.headers, body: response.body, $: cheerio.load(response.body), response };
  }

  /** Posts a form; the CSRF token from the last page is added unless the fields name one (or `null` to send none). */
  async post(url: string, fields: Record<string, string | string[]>, options: { csrf?: string | null } = {}) {
    const params = new URLSearchParams();
    const csrf = options.csrf === undefined ? this.csrf : options.csrf;
    if (csrf !== null) params.append('_csrf', csrf);
    for (const [key, value] of Object.entries(fields)) {
      for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
    }
    const response = await this.app.inject({
      method: 'POST',
      url,
      remoteAddress: this.remoteAddress,
      headers: this.#requestHeaders({ 'content-type': 'application/x-www-form-urlencoded' }),
      payload: params.toString(),
    });
    this.#remember(response);
    return response;
  }

  async logIn(email: string, password: string) {
    await this.get('/konto/logga-in');
    const response = await this.post('/konto/logga-in', { email, password, next: '/konto' });
    if (response.statusCode !== 303) throw new Error(`log-in as ${email} failed: ${response.statusCode}`);
    // Followed, as a browser does: the page it leads to carries the session's form token, which the
    // log-in page's (made before the session) is not.
    await this.get(String(response.headers.location));
    return response;
  }
}

/** A page as a first-time visitor's browser gets it: no cookies, only the given headers. */
export function visit(t: { app: FastifyInstance }, url: string, headers: Record<string, string> = {}): Promise<Page> {
  const browser = new Browser(t.app);
  browser.headers = headers;
  return browser.page(url);
}

/** What a browser would send for a form as it stands on the page: its fields, checked boxes and selected options. */
export function formFields($: cheerio.CheerioAPI, selector: string): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  const add = (name: string | undefined, value: string) => {
    if (!name || name === '_csrf') return;
    (fields[name] ??= []).push(value);
  };
  $(selector).find('input, select, textarea').each((_, element) => {
    const el = $(element);
    const name = el.attr('name');
    if (element.tagName === 'select') {
      const chosen = el.find('option[selected]').first();
      add(name, (chosen.length ? chosen : el.find('option').first()).attr('value') ?? '');
    } else if (element.tagName === 'textarea') add(name, el.text());
    else if (['checkbox', 'radio'].includes(el.attr('type') ?? '')) {
      if (el.attr('checked') !== undefined) add(name, el.attr('value') ?? 'on');
    } else if (el.attr('type') !== 'submit') add(name, el.attr('value') ?? '');
  });
  return fields;
}

/** The newest mail to an address, from /dev/outbox, with the first link in it. */
export async function lastMailTo(app: FastifyInstance, to: string) {
  const response = await app.inject({ method: 'GET', url: `/dev/outbox?to=${encodeURIComponent(to)}` });
  const $ = cheerio.load(response.body);
  const mail = $('article.mail').first();
  const body = mail.find('.mail-body').text();
  return { subject: mail.find('h2').text(), body, link: body.match(/https?:\/\/\S+/)?.[0] };
}
