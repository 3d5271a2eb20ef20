import type { FastifyInstance } from 'fastify';
import { type TextQuery, textQuery } from '../readable-input.js';
import { outbox } from '../../domain/public-pages.js';

/** Loopback addresses, IPv4 (127.0.0.0/8, also as IPv4-mapped IPv6) and IPv6. */
const LOOPBACK = /^(?:127\.|::ffff:127\.|::1$)/;

/** A mail body as text and links, so the page can make the links clickable without trusting the text. */
export function linkParts(body: string): { text: string; href?: string }[] {
  const parts: { text: string; href?: string }[] = [];
  let last = 0;
  for (const match of body.matchAll(/https?:\/\/[^\s<>"]+/g)) {
    // A sentence may end right after a link: its full stop is not part of the address.
    const url = match[0].replace(/[.,;:!?)]+$/, '');
    if (match.index > last) parts.push({ text: body.slice(last, match.index) });
    parts.push({ text: url, href: url });
    last = match.index + url.length;
  }
  if (last < body.length) parts.push({ text: body.slice(last) });
  return parts;
}

/**
 * /dev/outbox: the mails the app would have sent, newest first, for development and tests
 * without an SMTP server. Registered only outside production (see src/app.ts), and answered only
 * to a client on this machine: the mails hold password-reset links, so anyone else who could read
 * them could take over any account. Decided by the socket's peer, never by a header such as
 * X-Forwarded-For, which a client writes itself (behind a proxy on this machine the peer is the
 * proxy, so there it is not served at all: use the app's own port).
 */
export default async function devOutbox(app: FastifyInstance): Promise<void> {
  app.get<TextQuery<'to'>>('/dev/outbox', textQuery('to'), async (request, reply) => {
    if (!LOOPBACK.test(request.socket.remoteAddress ?? '')) return reply.callNotFound();
    const to = request.query.to;
    const mails = await outbox(app.db, { recipient: to?.toLowerCase(), limit: 100 });
    reply.header('cache-control', 'no-store');
    return reply.page('admin/outbox', { title: 'Outbox', mails: mails.map((m) => ({ ...m, parts: linkParts(m.body) })), to: to ?? '' });
  });
}
