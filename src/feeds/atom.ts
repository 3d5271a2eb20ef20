import { DateTime } from 'luxon';
import { ZONE } from '../domain/time.js';
import { LOCALES, type Lang, t } from '../i18n/index.js';
import type { PublishedEntry } from '../repositories/activities.js';

// Characters XML 1.0 cannot carry at all, even escaped; organizer text could contain them.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

export interface AtomMeta {
  title: string;
  /** This feed's own URL (its id and rel="self"). */
  selfUrl: string;
  /** The programme page it summarizes. */
  siteUrl: string;
  language: Lang;
  /** When the feed last changed when it has no entries: the edition's own last change. */
  updated: string;
  activityUrl: (id: number) => string;
}

/** An Atom 1.0 feed (RFC 4287) of newly published activities, for news readers and CMSs. */
export function renderAtom(entries: readonly PublishedEntry[], meta: AtomMeta): string {
  const updated = entries.reduce((max, e) => (e.updatedAt > max ? e.updatedAt : max), meta.updated);
  const when = (instant: string) =>
    DateTime.fromISO(instant, { zone: ZONE }).setLocale(LOCALES[meta.language]).toFormat('d MMMM yyyy HH:mm');
  const items = entries.map((e) => {
    const title = e.status === 'cancelled' ? t(meta.language, 'feed.cancelledTitle', { title: e.title }) : e.title;
    const place = [when(e.startsAt), e.town].filter(Boolean).join(', ');
    return [
      '  <entry>',
      `    <id>urn:uuid:${xml(e.uid)}</id>`,
      `    <title>${xml(title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xml(meta.activityUrl(e.id))}"/>`,
      `    <published>${xml(e.publishedAt)}</published>`,
      `    <updated>${xml(e.updatedAt)}</updated>`,
      `    <author><name>${xml(e.organizer)}</name></author>`,
      `    <summary>${xml(`${place}. ${e.summary}`)}</summary>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${meta.language}">`,
    `  <id>${xml(meta.selfUrl)}</id>`,
    `  <title>${xml(meta.title)}</title>`,
    `  <updated>${xml(updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(meta.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(meta.siteUrl)}"/>`,
    '  <rights>CC0 1.0 https://creativecommons.org/publicdomain/zero/1.0/</rights>',
    ...items,
    '</feed>',
    '',
  ].join('\n');
}
