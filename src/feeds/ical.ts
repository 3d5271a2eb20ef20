import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { type ICalCalendar, ICalCalendarMethod, type ICalEvent, ICalEventStatus, escape } from 'ical-generator';
import { DateTime } from 'luxon';
import { ZONE } from '../domain/time.js';
import { type Lang, t } from '../i18n/index.js';
import type { PublicActivity } from '../schemas/activity.js';

export interface CalendarMeta {
  /** The calendar's name in the subscriber's list of calendars. */
  name: string;
  /** The edition's name, for the calendar description. */
  edition: string;
  language: Lang;
}

/** The zone's VTIMEZONE with CRLF line ends, after the calendar's properties as RFC 5545 orders them. */
const STOCKHOLM = `${getVtimezoneComponent(ZONE)!.trim().split(/\r?\n/).join('\r\n')}\r\n`;

/** How often subscribing programs should fetch the feed again. */
const REFRESH_SECONDS = 6 * 60 * 60;

/** ical-generator backslash-escapes `,` and `;` in URLs (which breaks them); percent-encoded they mean the same. */
function safeUrl(url: string): string {
  return url.replaceAll(',', '%2C').replaceAll(';', '%3B');
}

/**
 * Whether a local time occurs twice (the autumn clock change), so that TZID time would not say
 * which. It does when an instant one offset change away shows the same wall time. (Luxon's
 * getPossibleOffsets answers the same, at 200 µs a call.)
 */
function isAmbiguous(local: DateTime): boolean {
  return [-1, 1].some((hours) => {
    const otherOffset = local.plus({ hours }).offset;
    return otherOffset !== local.offset && local.plus({ minutes: local.offset - otherOffset }).offset === otherOffset;
  });
}

/**
 * Text as RFC 5545 allows it: no control characters but tab and the line breaks it escapes
 * (§3.3.11). A vertical tab or form feed that came in with an imported text would otherwise be
 * written raw, and strict readers (ical.js, Outlook) refuse the whole calendar.
 */
function plainText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/(?![\t\n])\p{Cc}/gu, '');
}

function location(activity: PublicActivity, language: Lang): string | null {
  if (activity.venue) {
    const place = [activity.venue.postalCode, activity.town?.name].filter(Boolean).join(' ');
    return [activity.venue.name, activity.venue.streetAddress, place].filter(Boolean).join(', ');
  }
  if (activity.format === 'online') return t(language, 'feed.online');
  if (activity.format === 'phone') return activity.phone ? t(language, 'feed.byPhoneAt', { phone: activity.phone }) : t(language, 'feed.byPhone');
  return activity.town?.name ?? null;
}

function description(activity: PublicActivity, language: Lang): string {
  const lines = [activity.summary, '', activity.description, ''];
  if (activity.status === 'cancelled' && activity.cancellationReason) {
    lines.unshift(t(language, 'feed.cancelledReason', { reason: activity.cancellationReason }), '');
  }
  lines.push(t(language, 'feed.organizer', { name: activity.organizer.name }));
  if (activity.coOrganizers.length > 0) lines.push(t(language, 'feed.coOrganizers', { names: activity.coOrganizers.map((o) => o.name).join(', ') }));
  if (activity.onlineUrl) lines.push(activity.onlineUrl);
  lines.push(activity.registration.required ? t(language, 'feed.registration') : t(language, 'feed.noRegistration'));
  for (const how of [activity.registration.url, activity.registration.phone]) if (how) lines.push(how);
  lines.push(t(language, 'feed.moreInfo', { url: activity.url }));
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** Folds a line to 75 octets as RFC 5545 §3.1 asks, never inside a UTF-8 character. */
function foldLine(line: string): string {
  if (Buffer.byteLength(line) <= 75) return line;
  let folded = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    if (octets + size > 75) {
      folded += '\r\n ';
      octets = 1;
    }
    folded += char;
    octets += size;
  }
  return folded;
}

const foldLines = (text: string) => text.split('\r\n').map(foldLine).join('\r\n');

interface LocalTime {
  time: DateTime;
  ambiguous: boolean;
}

/**
 * Stockholm times by instant, for one document. Zone lookups are the costly part of rendering
 * (Intl underneath) and a feed's activities share a few dozen start and end times.
 */
function localTimes(): (instant: string) => LocalTime {
  const known = new Map<string, LocalTime>();
  return (instant) => {
    let local = known.get(instant);
    if (!local) {
      const time = DateTime.fromISO(instant, { zone: ZONE });
      local = { time, ambiguous: isAmbiguous(time) };
      known.set(instant, local);
    }
    return local;
  };
}

function addEvent(calendar: ICalCalendar, activity: PublicActivity, language: Lang, local: (instant: string) => LocalTime): ICalEvent {
  const start = local(activity.startsAt);
  const end = local(activity.endsAt);
  const changed = DateTime.fromISO(activity.updatedAt, { zone: 'utc' });
  const geo = activity.venue?.lat != null && activity.venue.lon != null ? { lat: activity.venue.lat, lon: activity.venue.lon } : activity.town;
  const where = location(activity, language);
  const title = activity.status === 'cancelled' ? t(language, 'feed.cancelledTitle', { title: activity.title }) : activity.title;
  return calendar.createEvent({
    id: activity.uid,
    sequence: activity.revision,
    stamp: changed,
    lastModified: changed,
    // Luxon times, not JS Dates: ical-generator reads a Date's wall time in the server's zone.
    start: start.time,
    end: end.time,
    timezone: start.ambiguous || end.ambiguous ? null : ZONE,
    summary: plainText(title),
    description: plainText(description(activity, language)),
    location: where ? { title: plainText(where), ...(geo ? { geo: { lat: geo.lat, lon: geo.lon } } : {}) } : null,
    url: safeUrl(activity.url),
    categories: activity.topics.map((topic) => ({ name: t(language, `feed.category.${topic}`) })),
    status: activity.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
}

/**
 * An iCalendar document of public activities. The same activities give the same bytes: every
 * value comes from the data (UID, DTSTAMP, LAST-MODIFIED), none from the clock.
 *
 * ical-generator renders the calendar's properties and each event. Three things are done here
 * instead: it writes a VTIMEZONE only when the calendar names a zone, and a calendar-level zone
 * turns every DTSTAMP into local time, so Europe/Stockholm's VTIMEZONE (from
 * @touch4it/ical-timezones) is added here; and it folds lines with a TextEncoder per character
 * (half a second for 260 events), so the events are folded here.
 */
export function renderCalendar(activities: readonly PublicActivity[], meta: CalendarMeta): string {
  const calendar = ical({
    prodId: { company: 'Temadag', product: 'Digital@Idag', language: meta.language.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    // Not escaped by ical-generator, so done here.
    name: escape(plainText(meta.name), false),
    description: escape(plainText(t(meta.language, 'feed.calendarDescription', { edition: meta.edition })), false),
    ttl: REFRESH_SECONDS,
  });
  const properties = calendar.toString();
  const end = properties.lastIndexOf('END:VCALENDAR');
  const local = localTimes();
  const events = activities.map((activity) => foldLines(addEvent(calendar, activity, meta.language, local).toString()));
  // Every content line ends with CRLF, the last one too (RFC 5545 §3.1).
  return `${properties.slice(0, end)}${STOCKHOLM}${events.join('')}${properties.slice(end)}\r\n`;
}
