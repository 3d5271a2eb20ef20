import ICAL from 'ical.js';
import { expect } from 'vitest';

// RFC 7986 made NAME a TEXT property and calendar programs read X-WR-CALNAME and X-WR-CALDESC the
// same way; ical.js predates that and would hand back their escaped form.
for (const name of ['name', 'x-wr-calname', 'x-wr-caldesc']) ICAL.design.icalendar.property[name] = { defaultType: 'text' };

export interface ParsedEvent {
  uid: string;
  sequence: number;
  summary: string;
  description: string;
  location: string | null;
  url: string | null;
  status: string | null;
  categories: string[];
  geo: [number, number] | null;
  /** Start and end as UTC instants, converted by ical.js through the feed's own VTIMEZONE. */
  start: string;
  end: string;
  /** The DTSTART line as written, e.g. "DTSTART;TZID=Europe/Stockholm:20191002T180000". */
  startLine: string;
  stamp: string;
  lastModified: string | null;
  component: ICAL.Component;
}

export interface ParsedCalendar {
  calendar: ICAL.Component;
  events: ParsedEvent[];
  byUid: Map<string, ParsedEvent>;
}

/**
 * Parses an iCalendar body the way Thunderbird does (ical.js, strict design), after checking
 * the wire format RFC 5545 asks for: CRLF line ends and lines of at most 75 octets.
 */
export function parseCalendar(body: string): ParsedCalendar {
  expect(ICAL.design.strict).toBe(true);
  expect(body.endsWith('END:VCALENDAR\r\n')).toBe(true);
  const lines = body.slice(0, -2).split('\r\n');
  expect(lines.filter((line) => line.includes('\n') || line.includes('\r'))).toEqual([]);
  expect(lines.filter((line) => Buffer.byteLength(line, 'utf8') > 75)).toEqual([]);

  const calendar = new ICAL.Component(ICAL.parse(body));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const events = calendar.getAllSubcomponents('vevent').map((component): ParsedEvent => {
    const event = new ICAL.Event(component);
    const instant = (time: ICAL.Time) => new Date(time.toUnixTime() * 1000).toISOString();
    const geo = component.getFirstPropertyValue('geo') as unknown as [number, number] | null;
    const lastModified = component.getFirstPropertyValue('last-modified') as ICAL.Time | null;
    return {
      uid: event.uid,
      sequence: event.sequence,
      summary: event.summary,
      description: event.description,
      location: event.location ?? null,
      url: (component.getFirstPropertyValue('url') as string | null) ?? null,
      status: (component.getFirstPropertyValue('status') as string | null) ?? null,
      categories: component.getAllProperties('categories').flatMap((p) => p.getValues() as string[]),
      geo,
      start: instant(event.startDate),
      end: instant(event.endDate),
      startLine: component.getFirstProperty('dtstart')!.toICALString(),
      stamp: instant(component.getFirstPropertyValue('dtstamp') as ICAL.Time),
      lastModified: lastModified ? instant(lastModified) : null,
      component,
    };
  });
  return { calendar, events, byUid: new Map(events.map((e) => [e.uid, e])) };
}
