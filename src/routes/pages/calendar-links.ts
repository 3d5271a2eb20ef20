import { DateTime } from 'luxon';
import type { PublicActivityData } from '../../schemas/activity.js';

/** "Add to calendar" links for services that take an event in the URL. Times go as UTC, which both read unambiguously. */

function place(activity: PublicActivityData): string {
  if (activity.venue) {
    return [activity.venue.name, activity.venue.streetAddress, [activity.venue.postalCode, activity.town?.name].filter(Boolean).join(' ')]
      .filter(Boolean)
      .join(', ');
  }
  return activity.onlineUrl ?? activity.phone ?? '';
}

function details(activity: PublicActivityData, pageUrl: string): string {
  return [activity.summary, pageUrl].filter(Boolean).join('\n\n');
}

const compactUtc = (instant: string) => DateTime.fromISO(instant, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss'Z'");

export function googleCalendarUrl(activity: PublicActivityData, pageUrl: string): string {
  const params = new URLSearchParams({
    action: 'TEMPLATE',
    text: activity.title,
    dates: `${compactUtc(activity.startsAt)}/${compactUtc(activity.endsAt)}`,
    details: details(activity, pageUrl),
    location: place(activity),
    ctz: 'Europe/Stockholm',
  });
  return `https://calendar.google.com/calendar/render?${params}`;
}

export function outlookCalendarUrl(activity: PublicActivityData, pageUrl: string): string {
  const params = new URLSearchParams({
    path: '/calendar/action/compose',
    rru: 'addevent',
    subject: activity.title,
    startdt: DateTime.fromISO(activity.startsAt, { zone: 'utc' }).toISO({ suppressMilliseconds: true })!,
    enddt: DateTime.fromISO(activity.endsAt, { zone: 'utc' }).toISO({ suppressMilliseconds: true })!,
    body: details(activity, pageUrl),
    location: place(activity),
  });
  return `https://outlook.live.com/calendar/0/deeplink/compose?${params}`;
}
