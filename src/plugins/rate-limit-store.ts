import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { countAttempt } from '../domain/rate-limits.js';

/**
 * What @fastify/rate-limit hands a store at run time: its settings, and for a route's own store the
 * route as `routeInfo` (its types say the route's options; its own Redis store reads `routeInfo`).
 */
interface StoreSettings {
  continueExceeding?: boolean;
  exponentialBackoff?: boolean;
  routeInfo?: { method?: string | string[]; url?: string };
}

/**
 * A @fastify/rate-limit store that keeps its counters in the `rate_limits` table, so every app
 * instance on the same database counts the same attempts (the plugin's default store counts per
 * process). Fixed windows only: the plugin's continueExceeding and exponentialBackoff are refused
 * rather than silently ignored. Windows are counted by `now`, the app's clock where the app makes
 * the store: the table holds the limits per e-mail address too, and a window is ended (and
 * deleted) by one clock only.
 */
export function databaseRateLimitStore(db: FastifyInstance['db'], now: () => Date = () => new Date()): FastifyRateLimitStoreCtor {
  return class DatabaseRateLimitStore implements FastifyRateLimitStore {
    constructor(
      options: FastifyRateLimitOptions,
      /** Each route counts on its own, as with the plugin's own stores. */
      private readonly prefix = '',
    ) {
      const settings = options as StoreSettings;
      if (settings.continueExceeding || settings.exponentialBackoff) {
        throw new Error('The database rate-limit store keeps fixed windows: continueExceeding and exponentialBackoff are not supported.');
      }
    }

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      const at = now();
      countAttempt(db, this.prefix + key, timeWindow, at)
        .then(({ hits, resetsAt }) => {
          callback(null, { current: hits, ttl: Math.max(0, Date.parse(resetsAt) - at.getTime()) });
        })
        .catch((error: Error) => callback(error));
    }

    child(options: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      const route = (options as StoreSettings).routeInfo;
      return new DatabaseRateLimitStore(options, `${[route?.method].flat().join(',')} ${route?.url ?? ''} `);
    }
  };
}
