import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldErrors } from '../../domain/activity-rules.js';
import type { Actor } from '../../domain/permissions.js';
import { overviewListsEdition } from '../../domain/organizer-desk.js';
import { type Lang, t } from '../../i18n/index.js';

/** Shared pieces of the account and admin pages: guards, error lists, the id in the path. */

/** A local path to return to after logging in; anything else (another site, "//evil") becomes /konto. */
export function safeNext(value: string): string {
  return /^\/(?![/\\])[\x21-\x7e]*$/.test(value) ? value : '/konto';
}

/**
 * The overview of the edition some activities just went into, where the account's own list has
 * it; otherwise the overview as it opens (a coordinator may act for organizers not their own).
 */
export async function overviewOf(app: FastifyInstance, actor: Actor, edition: { id: number; slug: string }): Promise<string> {
  return (await overviewListsEdition(app.db, actor, edition.id)) ? `/konto?utgava=${encodeURIComponent(edition.slug)}` : '/konto';
}

/** Anonymous visitors are sent to log in, and brought back afterwards. */
export async function requireAccount(request: FastifyRequest, reply: FastifyReply) {
  if (request.account) return;
  const next = request.method === 'GET' ? request.url : '/konto';
  return reply.redirect(`/konto/logga-in?next=${encodeURIComponent(next)}`, 303);
}

export async function requireCoordinator(request: FastifyRequest, reply: FastifyReply) {
  if (!request.account) return requireAccount(request, reply);
  if (request.account.role !== 'coordinator') return reply.errorPage(403, t(request.lang, 'auth.forbidden'));
}

export interface ErrorItem {
  id: string;
  message: string;
}

/** Messages by field, and the list for the error summary in the order the fields appear. */
export function errorMessages(lang: Lang, errors: FieldErrors, order: readonly string[]): { byField: Record<string, string>; list: ErrorItem[] } {
  const byField: Record<string, string> = {};
  for (const [name, key] of Object.entries(errors)) byField[name] = t(lang, `form.errors.${key}`);
  const names = Object.keys(errors).sort((a, b) => (order.indexOf(a) >>> 0) - (order.indexOf(b) >>> 0));
  return { byField, list: names.map((name) => ({ id: `field-${name}`, message: byField[name]! })) };
}

/** The id in a route's path, which the route's idPath() schema lets through only as a positive whole number. */
export function idParam(request: { params: { id: string } }): number {
  return Number(request.params.id);
}
