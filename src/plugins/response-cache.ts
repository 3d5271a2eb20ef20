import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import negotiate from '@fastify/accept-negotiator';
import type { FastifyBaseLogger, FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { ChangeFeed } from '../domain/change-feed.js';
import { EVERYTHING } from '../domain/change-tags.js';
import { accessLine } from './access-log.js';
import { audienceOf } from './audience.js';
import { clientHasCurrent, headerValue, keptOnNotModified, noBody, notModified, strongEtag } from './http-cache.js';

/**
 * Public GET answers (pages, API, feeds) kept in memory, keyed by the URL, what picks the
 * language, and the hour (the minute for a page that says what is on now: `config.showsNow`). A repeated read then costs a map
 * lookup instead of the page's queries and rendering. Each answer is kept with the tags of what it
 * shows (`reply.shows()`; an answer that says nothing is taken to show everything), and a change
 * in the change log forgets the answers that share a tag with it, on every instance: read again
 * at once after this instance writes, and at least every `changeMaxAgeMs` (docs/caching.md).
 * Whatever it keeps has a strong ETag, and a client that sends it back gets a 304: a partner's
 * calendar polling a feed, and a browser revalidating a page on a slow line.
 */

type Headers = Record<string, string | string[]>;

/** One encoding of a kept answer: its bytes, headers, and the headers of a 304 for it. */
interface Variant {
  body: Buffer;
  headers: Headers;
  /** The headers with Content-Length: what a hit writes to the socket. */
  wire: Headers;
  notModified: Headers;
}

interface Entry {
  /** Encoded once when stored, not on every answer. */
  identity: Variant;
  /** Compressed copies, made the first time a client asks for each and kept with it; none for an answer not worth compressing. */
  compressed: Partial<Record<Encoding, Variant>> | null;
  /** Counted against maxBytes. */
  size: number;
  tags: readonly string[];
}

export interface ResponseCacheOptions {
  /** This process's count of writes (Database.writes). */
  writes: () => number;
  /** Memory the kept answers may take, in bytes; one answer at most a quarter of it. */
  maxBytes?: number;
  /** How long this instance trusts its reading of the change log when it wrote nothing since. */
  changeMaxAgeMs?: number;
  /** The id of the next request, shared with Fastify (genReqId): a hit answered before Fastify takes one too. */
  requestId: () => string;
}

/**
 * The cache's two hooks, registered apart: `answer` before every other plugin, so a hit skips
 * their onRequest hooks (cookie parsing, headers, language, session), whose work the kept headers
 * already hold; `keep` after the session plugin, so an answer that starts a session (its
 * Set-Cookie, added in the session's onSend) is never stored.
 */
export interface ResponseCache {
  answer: FastifyPluginCallback;
  keep: FastifyPluginCallback;
  /**
   * Answers a request from a kept copy before Fastify routes it, if there is one and the change log's
   * reading is fresh; says whether it did. The server's request listener (src/app.ts).
   */
  front(request: IncomingMessage, response: ServerResponse): boolean;
  /** Answers from kept copies and answers made, since the start: the hit rate the benchmark reports. */
  stats(): { hits: number; hitsBeforeRouting: number; misses: number; entries: number; bytes: number };
}

const SESSION_COOKIE = /(?:^|;\s*)(?:__Host-)?sid=/;
const KEPT_OUT = new Set(['set-cookie', 'content-length', 'date', 'connection', 'transfer-encoding', 'content-encoding']);
// What an entry costs besides its body and key: its headers and the Map's own share, roughly.
const ENTRY_OVERHEAD = 1024;
const MAX_REMEMBERED_TAGS = 10_000;
/** How long others wait for an answer being made before they make their own. */
const MAKER_PATIENCE_MS = 10_000;

declare module 'fastify' {
  interface FastifyRequest {
    responseCacheKey?: string;
    /** The cache's count of forgettings when this request started its work: a change after it makes the answer too old to keep. */
    responseCacheEpoch?: number;
    /** What the answer shows, as change tags; unset, everything. */
    responseCacheTags?: readonly string[];
    /** The key of the answer this request makes and others asking for it wait for. */
    responseCacheLeads?: string;
  }
  interface FastifyContextConfig {
    /** The answer says what is on now: kept for the minute only, where others are kept for the hour. */
    showsNow?: boolean;
  }
  interface FastifyReply {
    /** Says what this answer shows (change tags, src/domain/change-tags.ts), so that only changes to those forget it. */
    shows(tags: readonly string[]): FastifyReply;
  }
}

type Encoding = 'br' | 'gzip';
const ENCODINGS: Encoding[] = ['br', 'gzip'];
/**
 * What is worth compressing: text, JSON, calendars, feeds, CSV, SVG and icons, as @fastify/compress
 * would (a hit does not pass through it). Smaller than a packet or two, it is not.
 */
const COMPRESSIBLE = /^(text\/|image\/(svg\+xml|x-icon)|application\/([\w.+-]*\+)?(json|xml))/;
const COMPRESS_FROM_BYTES = 1024;
// Quality 5: within a few per cent of the best brotli for HTML and JSON, at a small part of its time.
const COMPRESS: Record<Encoding, (body: Buffer) => Buffer> = {
  br: (body) => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
  gzip: (body) => gzipSync(body),
};

/** The encoding to answer a request with: brotli if it takes it, else gzip, else none. */
const encodingFor = (headers: IncomingHttpHeaders): Encoding | null => {
  const header = headers['accept-encoding'];
  return header ? negotiate(header, ENCODINGS) : null;
};

/** The tag of a compressed copy: another representation, so another strong validator (RFC 9110 §8.8.3). */
const encodedTag = (etag: string, encoding: Encoding) => `${etag.slice(0, -1)}-${encoding}"`;

const withVary = (vary: string | string[] | undefined, name: string) => {
  const list = headerValue(vary);
  return list ? `${list}, ${name}` : name;
};

/**
 * Whether the route's answers are the same for everyone and kept here: the public pages and data,
 * unless a route says otherwise (config.cacheable); never personal pages, health checks, the API's
 * documentation or streamed files (src/plugins/audience.ts).
 */
function isShared(request: FastifyRequest): boolean {
  const config = request.routeOptions.config;
  if (config?.cacheable !== undefined) return config.cacheable;
  const audience = audienceOf(request);
  return audience === 'pages' || audience === 'data';
}

/** Whether the request may be answered from a copy shared by everyone: a read, without a session. */
const anonymousRead = (method: string | undefined, headers: IncomingHttpHeaders) =>
  (method === 'GET' || method === 'HEAD') && !SESSION_COOKIE.test(headers.cookie ?? '');

/**
 * A kept answer's key: the URL, what picks the language, and the hour (the minute for a page that
 * says what is on now). The hour: which edition is current turns at Stockholm's midnight, always on
 * the hour in UTC.
 */
const keyOf = (url: string, headers: IncomingHttpHeaders, showsNow: boolean, now: number) =>
  `${url}\u0000${headers.cookie ?? ''}\u0000${headers['accept-language'] ?? ''}\u0000${showsNow ? `m${Math.floor(now / 60_000)}` : `h${Math.floor(now / 3600_000)}`}`;

/**
 * The answer's bytes in memory of their own: Node encodes a short string into a shared 8 KiB
 * block, which a kept slice would hold whole, beyond what the budget counts.
 */
export function ownBytes(payload: string | Buffer): Buffer {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
  if (bytes.byteLength === bytes.buffer.byteLength) return bytes;
  const own = Buffer.allocUnsafeSlow(bytes.byteLength);
  bytes.copy(own);
  return own;
}

export function responseCache(options: ResponseCacheOptions): ResponseCache {
  // A whole-edition calendar feed of 10 000 activities is 11 MB, and the costliest answer to make again.
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const entries = new Map<string, Entry>();
  /** The keys of the kept answers by tag. */
  const byTag = new Map<string, Set<string>>();
  let bytes = 0;
  let hits = 0;
  /** Of the hits, those answered before Fastify routed the request (`front`). */
  let hitsBeforeRouting = 0;
  let misses = 0;
  /** Counts the changes this cache has applied; and, per tag, the count when it last forgot by it. */
  let epoch = 0;
  const forgottenAt = new Map<string, number>();
  /** Requests that began before this epoch are not kept: the tags forgotten before it were let go. */
  let oldestKnown = 0;
  /**
   * Requests waiting for an answer being made for their key. After a change forgets a page that
   * many visitors ask for (the home page, a big town's), the first to ask makes it and the rest are
   * answered from its copy, instead of each making it again and queueing behind one another.
   */
  const making = new Map<string, { waiting: (() => void)[]; patience: NodeJS.Timeout }>();
  /** Keys whose last answer was not kept (a 404, a page that sets a cookie): nobody waits for the next one. */
  const unkept = new Set<string>();
  /** What answering before routing needs of the app, once the answer plugin is registered and until the app closes. */
  let live: { changes: ChangeFeed; now: () => Date; log: FastifyBaseLogger } | undefined;

  const answerPlugin = fp(async (instance: FastifyInstance) => {
    const changes = new ChangeFeed(instance.db, { writes: options.writes, maxAgeMs: options.changeMaxAgeMs });
    changes.onChange(forgetShowing);
    live = { changes, now: instance.now, log: instance.log };
    // While it closes, Fastify answers what still comes in (a 503 that asks to reconnect elsewhere).
    instance.addHook('preClose', (done) => {
      live = undefined;
      done();
    });
    instance.decorateReply('shows', function shows(this: FastifyReply, tags: readonly string[]) {
      this.request.responseCacheTags = tags;
      return this;
    });

    // Callback-style: on a hit the whole answer is a lookup, and an async hook would cost every
    // request a promise and a microtask besides.
    instance.addHook('onRequest', (request, reply, done) => {
      if (!anonymousRead(request.method, request.headers) || !isShared(request)) return done();
      if (changes.fresh()) return answer(request, reply, done);
      changes.read().then(() => answer(request, reply, done), done);
    });

    /** Sends the kept answer, or notes the key for `keep` to store this one. */
    function answer(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
      const key = keyOf(request.url, request.headers, request.routeOptions.config.showsNow === true, instance.now().getTime());
      const made = making.get(key);
      if (made) {
        made.waiting.push(() => answerKept(request, reply, done, key));
        return;
      }
      if (!entries.has(key) && !unkept.has(key)) {
        request.responseCacheLeads = key;
        // Were none of the hooks that end a request to run for this one, the others go on all the same.
        making.set(key, { waiting: [], patience: setTimeout(() => release(request), MAKER_PATIENCE_MS).unref() });
      }
      answerKept(request, reply, done, key);
    }

    /** Sends the kept answer for `key`; if there is none, lets the request make it. */
    function answerKept(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction, key: string) {
      const hit = entries.get(key);
      if (!hit) {
        misses++;
        request.responseCacheKey = key;
        return done();
      }
      reply.hijack();
      const sent = sendHit(key, hit, request.headers, reply.raw);
      // Noted on Fastify's reply too, where the access line reads it.
      if (sent.status === 200) reply.header('content-length', sent.bytes);
    }
  });

  const keepPlugin = fp(async (app: FastifyInstance) => {
    // The change count is noted when the request starts its work, after its turn (src/plugins/turns.ts),
    // not when it arrived: what it reads from then on includes every change this cache knows of. Noted
    // on arrival, a page that waited its turn while a save came in was thrown away, and under load so
    // many were that the day's hit rate fell from 98 % to 77 %.
    app.addHook('onRequest', (request, _reply, done) => {
      if (request.responseCacheKey !== undefined) request.responseCacheEpoch = epoch;
      done();
    });
    app.addHook('onSend', (request, reply, payload, done) => {
      const kept = keep(request, reply, payload);
      release(request);
      done(null, kept);
    });
    // An answer that never reached onSend (its client went away) must not keep the others waiting.
    app.addHook('onResponse', (request, _reply, done) => {
      release(request);
      done();
    });
    app.addHook('onRequestAbort', (request, done) => {
      release(request);
      done();
    });
  });

  /**
   * Writes a kept answer straight to the socket, past Fastify's onSend hooks: what they add (the
   * session's and CSRF cookies, compression, the data's Cache-Control) a kept answer either holds
   * already or never has, and running them held a cached activity page at 0.74 of a bare route's
   * speed (0.92 without them, docs/caching.md). The headers go to writeHead whole, made once when
   * kept: set one by one, Node checks and stores each first. Node leaves the body out of a HEAD and
   * a 304 itself.
   */
  function sendHit(key: string, hit: Entry, headers: IncomingHttpHeaders, response: ServerResponse): { status: number; bytes: number } {
    hits++;
    // Refresh its place: the Map's insertion order is the eviction order.
    entries.delete(key);
    entries.set(key, hit);
    const variant = variantFor(hit, headers);
    // The commonest request of a partner's calendar or script, and a browser's on going back: its copy is current.
    if (clientHasCurrent(headers, headerValue(variant.headers.etag)!, headerValue(variant.headers['last-modified']))) {
      response.writeHead(304, variant.notModified).end();
      return { status: 304, bytes: 0 };
    }
    response.writeHead(200, variant.wire).end(variant.body);
    return { status: 200, bytes: variant.body.length };
  }

  /**
   * A hit answered before Fastify routes the request: no routing, no request and reply objects, no
   * hooks. The key says which route's answer it is, so whether the route's answers are shared was
   * settled when the copy was kept; a page that says what is on now is kept by the minute. Anything
   * else (a miss, a reading of the change log to renew, an answer being made that others wait for)
   * goes on to Fastify, whose onRequest hook above does the same lookup.
   */
  function front(request: IncomingMessage, response: ServerResponse): boolean {
    if (live === undefined || !live.changes.fresh() || !anonymousRead(request.method, request.headers)) return false;
    const { log } = live;
    const started = performance.now();
    const now = live.now().getTime();
    let key = keyOf(request.url!, request.headers, false, now);
    let hit = entries.get(key);
    if (hit === undefined) hit = entries.get((key = keyOf(request.url!, request.headers, true, now)));
    if (hit === undefined) return false;
    try {
      const { status, bytes } = sendHit(key, hit, request.headers, response);
      hitsBeforeRouting++;
      log.info({ reqId: options.requestId(), ...accessLine(request.method!, request.url!, status, performance.now() - started, bytes) });
    } catch (error) {
      // Thrown here, it would take the process down: Fastify answers instead, with its error page if it must.
      log.error({ err: error, url: request.url }, 'a kept answer could not be sent');
      if (!response.headersSent) return false;
      response.destroy();
    }
    return true;
  }

  /** Lets those who waited for the answer `request` made go on: from its kept copy, or, if it was not kept, to make their own. */
  function release(request: FastifyRequest) {
    const key = request.responseCacheLeads;
    if (key === undefined) return;
    request.responseCacheLeads = undefined;
    const made = making.get(key);
    if (!made) return;
    making.delete(key);
    clearTimeout(made.patience);
    if (!entries.has(key)) {
      // Bounded: each is one URL that answered something not worth keeping.
      if (unkept.size >= MAX_REMEMBERED_TAGS) unkept.clear();
      unkept.add(key);
    }
    // After this answer's own onSend, not inside it.
    if (made.waiting.length > 0) queueMicrotask(() => made.waiting.forEach((go) => go()));
  }

  /** Whether a change since `since` forgot answers showing any of `tags`: then this one may be out of date. */
  function changedSince(since: number, tags: readonly string[]): boolean {
    if (epoch === since) return false;
    if (since < oldestKnown) return true;
    if ((forgottenAt.get(EVERYTHING) ?? -1) > since || tags.includes(EVERYTHING)) return true;
    return tags.some((tag) => (forgottenAt.get(tag) ?? -1) > since);
  }

  function keep(request: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
    const key = request.responseCacheKey;
    if (key === undefined || reply.statusCode !== 200 || reply.hasHeader('set-cookie')) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const body = ownBytes(payload);
    if (body.length > maxBytes / 4) return payload;
    // Tagged here, once, rather than hashed again on every hit.
    if (!reply.hasHeader('etag')) reply.header('etag', strongEtag(body));
    const tags = request.responseCacheTags ?? [EVERYTHING];
    if (changedSince(request.responseCacheEpoch!, tags)) return payload;
    const compressible = body.length >= COMPRESS_FROM_BYTES && COMPRESSIBLE.test(String(reply.getHeader('content-type') ?? ''));
    if (compressible) reply.header('vary', withVary(reply.getHeader('vary') as string | string[] | undefined, 'Accept-Encoding'));
    const headers: Headers = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value === undefined || KEPT_OUT.has(name)) continue;
      headers[name] = Array.isArray(value) ? value : String(value);
    }
    const entry: Entry = { identity: variant(body, headers), compressed: compressible ? {} : null, size: body.length + key.length + ENTRY_OVERHEAD, tags };
    forget(key);
    unkept.delete(key);
    entries.set(key, entry);
    for (const tag of tags) {
      let keys = byTag.get(tag);
      if (!keys) byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    bytes += entry.size;
    const sent = variantFor(entry, request.headers);
    // The least recently used go first: a hit moves its entry to the end of the Map's order.
    for (const [oldest] of entries) {
      if (bytes <= maxBytes) break;
      forget(oldest);
    }
    if (sent !== entry.identity) reply.headers(sent.headers);
    if (!clientHasCurrent(request.headers, headerValue(sent.headers.etag)!, headerValue(sent.headers['last-modified']))) return sent.body;
    notModified(reply);
    return noBody(request);
  }

  function variant(body: Buffer, headers: Headers): Variant {
    const notModifiedHeaders: Headers = {};
    for (const [name, value] of Object.entries(headers)) if (keptOnNotModified(name)) notModifiedHeaders[name] = value;
    return { body, headers, wire: { ...headers, 'content-length': String(body.length) }, notModified: notModifiedHeaders };
  }

  /** The copy to send this client: compressed the first time one asks for it, then kept (and counted). */
  function variantFor(entry: Entry, headers: IncomingHttpHeaders): Variant {
    const encoding = entry.compressed && encodingFor(headers);
    if (!encoding) return entry.identity;
    let compressed = entry.compressed![encoding];
    if (!compressed) {
      const body = COMPRESS[encoding](entry.identity.body);
      const etag = encodedTag(headerValue(entry.identity.headers.etag)!, encoding);
      compressed = variant(body, { ...entry.identity.headers, etag, 'content-encoding': encoding });
      entry.compressed![encoding] = compressed;
      entry.size += body.length;
      bytes += body.length;
    }
    return compressed;
  }

  /** Forgets the answers a change makes out of date: those sharing a tag with it, and those showing everything. */
  function forgetShowing(tags: readonly string[]) {
    epoch++;
    // Bounded: the tags of a busy day run to the number of activities.
    if (forgottenAt.size > MAX_REMEMBERED_TAGS) {
      forgottenAt.clear();
      oldestKnown = epoch;
    }
    for (const tag of tags) forgottenAt.set(tag, epoch);
    if (tags.includes(EVERYTHING)) {
      for (const key of [...entries.keys()]) forget(key);
      return;
    }
    for (const tag of [...tags, EVERYTHING]) for (const key of [...(byTag.get(tag) ?? [])]) forget(key);
  }

  function forget(key: string) {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.size;
    for (const tag of entry.tags) {
      const keys = byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) byTag.delete(tag);
    }
  }

  return { answer: answerPlugin, keep: keepPlugin, front, stats: () => ({ hits, hitsBeforeRouting, misses, entries: entries.size, bytes }) };
}
