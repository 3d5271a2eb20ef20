import { createHash, type Hash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/**
 * HTTP caching for the public data (API, feeds, dumps). Hand-written rather than
 * @fastify/etag (not installed): it is a hash and two comparisons, and streamed dumps need the
 * same freshness check before they start, which the plugin cannot give them.
 */

export interface HttpCacheOptions {
  /** Seconds clients and proxies may reuse an answer without asking again. */
  maxAge: number;
}

/** A strong validator: the same bytes give the same tag, on every server. */
export function strongEtag(body: string | Buffer): string {
  return tag(createHash('sha256').update(body));
}

/** What strongEtagOfParts() is made from: one part's SHA-256. */
export function partDigest(part: Buffer): Buffer {
  return createHash('sha256').update(part).digest();
}

/**
 * The strong validator of a body put together from parts in a fixed frame (the items of an API
 * list), from the parts' digests kept with them: the same parts give the same tag on every server,
 * and a change to any of them changes it. Hashing a list of 50 whole, 90 kB, was an eighth of an
 * uncached answer's time.
 */
export function strongEtagOfParts(digests: readonly Buffer[]): string {
  const hash = createHash('sha256');
  for (const digest of digests) hash.update(digest);
  return tag(hash);
}

const tag = (hash: Hash) => `"${hash.digest('base64url').slice(0, 32)}"`;

/**
 * Sets Last-Modified for data last changed at `instant`. HTTP dates count whole seconds, so the
 * header names the change's time rounded up to a whole second, and is left out while that second
 * is still running (by the app's clock, which dates the changes): a copy a client got is then
 * never dated before a change made later in the same second, and If-Modified-Since compared at
 * the header's precision (clientHasCurrent) is exact. RFC 9110 §8.8.2.2 calls such a date strong.
 */
export function setLastModified(reply: FastifyReply, instant: string): FastifyReply {
  const ms = Math.ceil(Date.parse(instant) / 1000) * 1000;
  if (ms <= reply.server.now().getTime()) return reply.header('last-modified', new Date(ms).toUTCString());
  // Not kept either: the kept copy would go without its date for as long as it is kept.
  reply.request.responseCacheKey = undefined;
  return reply;
}

/** A header's value as one string, a repeated header's values joined. */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/** GET compares weakly: a W/ prefix the client or a proxy added does not make it a different representation. */
const opaqueTag = (tag: string) => tag.trim().replace(/^W\//, '');

/**
 * Whether the client's copy is current (RFC 9110 §13.1): If-None-Match wins; If-Modified-Since
 * only without it, against a Last-Modified set by setLastModified (none: never current by date).
 */
export function clientHasCurrent(headers: IncomingHttpHeaders, etag: string, lastModified?: string): boolean {
  const ifNoneMatch = headerValue(headers['if-none-match']);
  if (ifNoneMatch !== undefined) {
    const wanted = opaqueTag(etag);
    return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => opaqueTag(tag) === wanted);
  }
  const since = Date.parse(headerValue(headers['if-modified-since']) ?? '');
  return lastModified !== undefined && !Number.isNaN(since) && Date.parse(lastModified) <= since;
}

/**
 * What a 304 carries (RFC 9110 §15.4.5): the fields a cache updates its stored copy with, and
 * CORS (src/plugins/cors.ts), so a partner's script may read the answer. The rest (the security policies, Last-Modified
 * beside an ETag) describe a body a 304 does not have.
 */
const NOT_MODIFIED_HEADERS = new Set(['etag', 'cache-control', 'expires', 'vary', 'content-location']);

export const keptOnNotModified = (name: string) => NOT_MODIFIED_HEADERS.has(name) || name.startsWith('access-control-');

/** Marks a reply "not modified": no body, only the headers a 304 carries. */
export function notModified(reply: FastifyReply): FastifyReply {
  for (const name of Object.keys(reply.getHeaders())) if (!keptOnNotModified(name)) reply.removeHeader(name);
  return reply.code(304);
}

/**
 * What a 304 is sent with: no body, and so no Content-Length: 0 either, which would misstate the
 * length of the 200. For HEAD an empty stream: Fastify's own HEAD handling, which runs after the
 * other onSend hooks, cannot take null and gives anything else a length.
 */
export const noBody = (request: FastifyRequest) => (request.method === 'HEAD' ? Readable.from([]) : null);

/** The same from a handler or an onRequest hook, whose send() takes no body as undefined (null it would serialize). */
export const sendNoBody = (request: FastifyRequest, reply: FastifyReply) => reply.send(request.method === 'HEAD' ? noBody(request) : undefined);

const isStream = (payload: unknown): payload is Readable =>
  typeof payload === 'object' && payload !== null && typeof (payload as Readable).pipe === 'function';

export default fp<HttpCacheOptions>(async (app: FastifyInstance, options) => {
  const cacheControl = `public, max-age=${options.maxAge}`;
  // Set before the handler rather than in onSend: the response cache keeps an answer's headers in
  // its own onSend, which runs before this scope's, and sends a kept answer without any.
  app.addHook('onRequest', (_request, reply, done) => {
    reply.header('cache-control', cacheControl);
    done();
  });
  // Callback-style hooks: an async one costs every answer a promise and a microtask.
  app.addHook('onSend', (request, reply, payload, done) => done(null, revalidate(request, reply, payload)));

  function revalidate(request: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
    // Only a read's whole answer may be reused: not an error, which the next request may not repeat.
    if ((request.method !== 'GET' && request.method !== 'HEAD') || (reply.statusCode !== 200 && reply.statusCode !== 304)) {
      reply.removeHeader('cache-control');
      return payload;
    }
    // A 304 arriving here is the response cache's, from the answer it just kept.
    if (reply.statusCode === 304) return payload;

    let etag = reply.getHeader('etag');
    if (etag === undefined) {
      // Streams (the dumps) set their own tag from a cheap fingerprint of the data before they start.
      if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
      // Encoded once, for the tag and the wire: a page or list with å, ä and ö is a two-byte string,
      // and encoding it cost more than hashing it, twice over when Node encoded it again to send it.
      payload = typeof payload === 'string' ? Buffer.from(payload) : payload;
      etag = strongEtag(payload as Buffer);
      reply.header('etag', etag);
    }
    const lastModified = reply.getHeader('last-modified');
    if (!clientHasCurrent(request.headers, String(etag), lastModified === undefined ? undefined : String(lastModified))) return payload;
    if (isStream(payload)) payload.destroy();
    notModified(reply);
    return noBody(request);
  }
});
