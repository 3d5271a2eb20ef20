import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalCalendarMethod, ICalEventStatus, escape } from 'ical-generator';
import { DateTime } from 'luxon';
import { ZONE } from '../domain/time.js';
import type { PublicActivity } from '../schemas/activity.js';
import { type FeedLanguage, feedLabels } from './labels.js';

export interface CalendarMeta {
  /** The calendar's name in the subscriber's list of calendars. */
  name: string;
  /** The edition's name, for the calendar description. */
  edition: string;
  language: FeedLanguage;
}

/** How often subscribing programs should fetch the feed again. */
const REFRESH_SECONDS = 6 * 60 * 60;

/** ical-generator backslash-escapes `,` and `;` in URLs (which breaks them); percent-encoded they mean the same. */
function safeUrl(url: string): string {
  return url.replaceAll(',', '%2C').replaceAll(';', '%3B');
}

/** A local time that occurs twice (the autumn clock change) cannot be written as TZID time without doubt. */
function isAmbiguous(local: DateTime): boolean {
  return local.getPossibleOffsets().length > 1;
}

function location(activity: PublicActivity, language: FeedLanguage): string | null {
  const labels = feedLabels(language);
  if (activity.venue) {
    const place = [activity.venue.postalCode, activity.town?.name].filter(Boolean).join(' ');
    return [activity.venue.name, activity.venue.streetAddress, place].filter(Boolean).join(', ');
  }
  if (activity.format === 'online') return labels.online;
  if (activity.format === 'phone') return activity.phone ? `${labels.byPhone}: ${activity.phone}` : labels.byPhone;
  return activity.town?.name ?? null;
}

function description(activity: PublicActivity, language: FeedLanguage): string {
  const labels = feedLabels(language);
  const lines = [activity.summary, '', activity.description, ''];
  if (activity.status === 'cancelled' && activity.cancellationReason) {
    lines.unshift(`${labels.cancelled}${labels.reason}: ${activity.cancellationReason}`, '');
  }
  lines.push(`${labels.organizer}: ${activity.organizer.name}`);
  if (activity.coOrganizers.length > 0) lines.push(`${labels.coOrganizers}: ${activity.coOrganizers.map((o) => o.name).join(', ')}`);
  if (activity.onlineUrl) lines.push(activity.onlineUrl);
  lines.push(activity.registration.required ? labels.registration : labels.noRegistration);
  for (const how of [activity.registration.url, activity.registration.phone]) if (how) lines.push(how);
  lines.push(`${labels.moreInfo}: ${activity.url}`);
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * An iCalendar document of public activities. The same activities give the same
 * bytes: every value comes from the data (UID, DTSTAMP, LAST-MODIFIED), none from the clock.
 */
export function renderCalendar(activities: readonly PublicActivity[], meta: CalendarMeta): string {
  const labels = feedLabels(meta.language);
  const calendar = ical({
    prodId: { company: 'Temadag', product: 'Digital@Idag', language: meta.language.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    // Not escaped by ical-generator, so done here.
    name: escape(meta.name, false),
    description: escape(labels.calendarDescription(meta.edition), false),
    // No calendar-level zone name: it would turn DTSTAMP into local time. The generator
    // alone makes ical-generator write a VTIMEZONE for each zone the events name.
    timezone: { name: null, generator: getVtimezoneComponent },
    ttl: REFRESH_SECONDS,
  });

  for (const activity of activities) {
    const start = DateTime.fromISO(activity.startsAt, { zone: ZONE });
    const end = DateTime.fromISO(activity.endsAt, { zone: ZONE });
    const changed = DateTime.fromISO(activity.updatedAt, { zone: 'utc' });
    const geo = activity.venue?.lat != null && activity.venue.lon != null ? { lat: activity.venue.lat, lon: activity.venue.lon } : activity.town;
    const where = location(activity, meta.language);
    calendar.createEvent({
      id: activity.uid,
      sequence: activity.revision,
      stamp: changed,
      lastModified: changed,
      start,
      end,
      timezone: isAmbiguous(start) || isAmbiguous(end) ? null : ZONE,
      summary: activity.status === 'cancelled' ? `${labels.cancelled}${activity.title}` : activity.title,
      description: description(activity, meta.language),
      location: where ? { title: where, ...(geo ? { geo: { lat: geo.lat, lon: geo.lon } } : {}) } : null,
      url: safeUrl(activity.url),
      categories: activity.topics.map((topic) => ({ name: labels.topics[topic] })),
      status: activity.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
