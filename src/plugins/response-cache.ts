import type { FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { versionReader } from '../repositories/data-version.js';
import { clientHasCurrent, headerValue, keptOnNotModified, noBody, notModified, sendNoBody, strongEtag } from './http-cache.js';

/**
 * Public GET answers (pages, API, feeds) kept in memory, keyed by the URL, what picks the
 * language, the data version and the minute. A repeated read then costs a map lookup instead of
 * the page's queries and rendering. The version is read from the shared database again at once
 * after this instance writes, and at least every `versionMaxAgeMs` otherwise, so behind a load
 * balancer a write made on another instance shows here within that time (answers say
 * max-age=300 to browsers and proxies anyway). The minute is in the key because some pages say
 * what is on "now". Whatever it keeps has a strong ETag, and a client that sends it back gets a
 * 304: a partner's calendar polling a feed, and a browser revalidating a page on a slow line.
 */

interface Entry {
  /** Encoded once when stored, not on every answer. */
  body: Buffer;
  /** Counted against maxBytes. */
  size: number;
  headers: Record<string, string | string[]>;
  /** The headers of a 304 for it. */
  notModified: Record<string, string | string[]>;
}

export interface ResponseCacheOptions {
  /** This process's count of writes (Database.writes). */
  writes: () => number;
  /** Memory the kept answers may take, in bytes; one answer at most a quarter of it. */
  maxBytes?: number;
  versionMaxAgeMs?: number;
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
}

const PRIVATE = /^\/(konto|admin|dev|health|static|api\/docs|data)(\/|$|\?)/;
const SESSION_COOKIE = /(?:^|;\s*)(?:__Host-)?sid=/;
const KEPT_OUT = new Set(['set-cookie', 'content-length', 'date', 'connection', 'transfer-encoding']);
// What an entry costs besides its body and key: its headers and the Map's own share, roughly.
const ENTRY_OVERHEAD = 1024;

declare module 'fastify' {
  interface FastifyRequest {
    responseCacheKey?: string;
  }
}

function cacheable(request: FastifyRequest): boolean {
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    !PRIVATE.test(request.url) &&
    !SESSION_COOKIE.test(request.headers.cookie ?? '')
  );
}

/**
 * The answer's bytes in memory of their own: Node encodes a short string into a shared 8 KiB
 * block, which a kept slice would hold whole, beyond what the budget counts.
 */
function ownBytes(payload: string | Buffer): Buffer {
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
  let bytes = 0;

  const answerPlugin = fp(async (app: FastifyInstance) => {
    const dataVersion = versionReader(app.db, { writes: options.writes, maxAgeMs: options.versionMaxAgeMs ?? 1000 });

    // Callback-style: on a hit the whole answer is a lookup, and an async hook would cost every
    // request a promise and a microtask besides.
    app.addHook('onRequest', (request, reply, done) => {
      if (!cacheable(request)) return done();
      const version = dataVersion.fresh();
      if (version !== undefined) return answer(request, reply, version, done);
      dataVersion.read().then((read) => answer(request, reply, read, done), done);
    });

    /** Sends the kept answer, or notes the key for `keep` to store this one. */
    function answer(request: FastifyRequest, reply: FastifyReply, version: number, done: HookHandlerDoneFunction) {
      const key = [
        request.url,
        request.headers.cookie ?? '',
        request.headers['accept-language'] ?? '',
        version,
        Math.floor(app.now().getTime() / 60_000),
      ].join('\u0000');
      const hit = entries.get(key);
      if (!hit) {
        request.responseCacheKey = key;
        return done();
      }
      // Refresh its place: the Map's insertion order is the eviction order.
      entries.delete(key);
      entries.set(key, hit);
      // The commonest request of a partner's calendar or script, and a browser's on going back: its copy is current.
      if (clientHasCurrent(request, headerValue(hit.headers.etag)!, headerValue(hit.headers['last-modified']))) {
        sendNoBody(request, reply.code(304).headers(hit.notModified));
        return;
      }
      reply.headers(hit.headers).send(hit.body);
    }
  });

  const keepPlugin = fp(async (app: FastifyInstance) => {
    app.addHook('onSend', (request, reply, payload, done) => done(null, keep(request, reply, payload)));
  });

  function keep(request: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
    const key = request.responseCacheKey;
    if (key === undefined || reply.statusCode !== 200 || reply.hasHeader('set-cookie')) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const body = ownBytes(payload);
    if (body.length > maxBytes / 4) return payload;
    // Tagged here, once, rather than hashed again on every hit.
    if (!reply.hasHeader('etag')) reply.header('etag', strongEtag(body));
    const headers: Entry['headers'] = {};
    const notModifiedHeaders: Entry['headers'] = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value === undefined || KEPT_OUT.has(name)) continue;
      headers[name] = Array.isArray(value) ? value : String(value);
      if (keptOnNotModified(name)) notModifiedHeaders[name] = headers[name];
    }
    const size = body.length + key.length + ENTRY_OVERHEAD;
    forget(key);
    entries.set(key, { body, size, headers, notModified: notModifiedHeaders });
    bytes += size;
    // The least recently used go first: a hit moves its entry to the end of the Map's order.
    for (const [oldest] of entries) {
      if (bytes <= maxBytes) break;
      forget(oldest);
    }
    if (!clientHasCurrent(request, headerValue(headers.etag)!, headerValue(headers['last-modified']))) return body;
    notModified(reply);
    return noBody(request);
  }

  function forget(key: string) {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.size;
  }

  return { answer: answerPlugin, keep: keepPlugin };
}
