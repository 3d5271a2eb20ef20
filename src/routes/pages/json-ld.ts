import { DateTime } from 'luxon';
import { ZONE } from '../../domain/time.js';
import type { PublicActivityData } from '../../schemas/activity.js';

const ATTENDANCE = {
  on_site: 'https://schema.org/OfflineEventAttendanceMode',
  online: 'https://schema.org/OnlineEventAttendanceMode',
  phone: 'https://schema.org/OnlineEventAttendanceMode',
  hybrid: 'https://schema.org/MixedEventAttendanceMode',
} as const;

const local = (instant: string) => DateTime.fromISO(instant, { zone: 'utc' }).setZone(ZONE).toISO({ suppressMilliseconds: true });

/** The activity as a schema.org Event, for search engines and calendar tools; escaped by the jsonLd helper. */
export function eventJsonLd(activity: PublicActivityData, pageUrl: string, organizerUrl: string): Record<string, unknown> {
  const locations: Record<string, unknown>[] = [];
  if (activity.venue) {
    locations.push({
      '@type': 'Place',
      name: activity.venue.name,
      address: {
        '@type': 'PostalAddress',
        streetAddress: activity.venue.streetAddress,
        postalCode: activity.venue.postalCode ?? undefined,
        addressLocality: activity.town?.name,
        addressRegion: activity.town?.county.name,
        addressCountry: 'SE',
      },
      geo:
        activity.venue.lat !== null && activity.venue.lon !== null
          ? { '@type': 'GeoCoordinates', latitude: activity.venue.lat, longitude: activity.venue.lon }
          : undefined,
    });
  }
  if (activity.onlineUrl || activity.format === 'online' || activity.format === 'phone' || activity.format === 'hybrid') {
    locations.push({ '@type': 'VirtualLocation', url: activity.onlineUrl ?? pageUrl, name: activity.phone ?? undefined });
  }
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: activity.title,
    description: activity.summary || activity.description,
    url: pageUrl,
    startDate: local(activity.startsAt),
    endDate: local(activity.endsAt),
    eventStatus: activity.status === 'cancelled' ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
    eventAttendanceMode: ATTENDANCE[activity.format],
    location: locations.length === 1 ? locations[0] : locations,
    organizer: { '@type': 'Organization', name: activity.organizer.name, url: organizerUrl },
    isAccessibleForFree: true,
    inLanguage: activity.languages,
  };
}
