import type { ParsedFilters } from './filters.js';

/** The filters of the website that the iCalendar feed also takes; time of day and accessibility are the site's own. */
export const FEED_FILTERS = ['q', 'edition', 'county', 'municipality', 'town', 'day', 'from', 'to', 'audience', 'topic', 'format', 'language', 'organizer'] as const;

export interface SubscribeLinks {
  /** The feed as a path of this site, to download once. */
  download: string;
  /** The absolute https URL, to copy into any calendar program. */
  https: string;
  webcal: string;
  google: string;
  outlook: string;
}

/**
 * Ways to subscribe to the feed at `path` (a path of this site, with its query). Calendar programs
 * take `webcal:`; Google takes the webcal URL whole as `cid`, Outlook the https URL as `url`, each
 * percent-encoded so that the feed's own `?` and `&` stay inside the one parameter.
 */
export function subscribeLinks(baseUrl: string, path: string, name: string): SubscribeLinks {
  const https = `${baseUrl}${path}`;
  const webcal = https.replace(/^https?:/, 'webcal:');
  return {
    download: path,
    https,
    webcal,
    google: `https://calendar.google.com/calendar/render?cid=${encodeURIComponent(webcal)}`,
    outlook: `https://outlook.live.com/calendar/0/addfromweb?url=${encodeURIComponent(https)}&name=${encodeURIComponent(name)}`,
  };
}

/**
 * The query string of the feed (or API, or embed) for these filter values: the ones it takes, in a
 * stable order. `from` and `to` must be instants here (the API's form), not the page's local times.
 */
export function feedQuery(values: ParsedFilters['values']): string {
  const params = new URLSearchParams();
  for (const param of FEED_FILTERS) {
    const value = values[param];
    if (value) params.set(param, value);
  }
  return params.toString();
}

/** The path of the filterable feed for these filter values. */
export function feedPath(values: ParsedFilters['values']): string {
  const query = feedQuery(values);
  return query ? `/feeds/activities.ics?${query}` : '/feeds/activities.ics';
}
