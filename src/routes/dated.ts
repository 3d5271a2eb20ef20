import type { FastifyReply } from 'fastify';
import type { Dated } from '../domain/partner-data.js';
import { setLastModified } from '../plugins/http-cache.js';

/** Replies with a dated answer: Last-Modified from its data, and what it shows for the response cache. */
export function dated<T>(reply: FastifyReply, { data, lastChange, shows }: Dated<T>): T {
  setLastModified(reply, lastChange);
  if (shows) reply.shows(shows);
  return data;
}
