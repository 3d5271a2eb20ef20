import { DateTime } from 'luxon';
import { ZONE, keeper } from '../domain/time.js';
import { type Lang, LOCALES, t } from './index.js';

/** Dates and times in words, in Europe/Stockholm whatever the server's zone, in the reader's language. */

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Formatted values by language, format and input: pure, so kept (see keptBy in domain/time.ts for why). */
const remember = keeper<string>();

/** An instant (ISO-8601) or a local date (YYYY-MM-DD) as a Stockholm date-time in the language's locale. */
export function inStockholm(lang: Lang, value: string): DateTime {
  const dt = LOCAL_DATE.test(value) ? DateTime.fromISO(value, { zone: ZONE }) : DateTime.fromISO(value, { zone: 'utc' }).setZone(ZONE);
  if (!dt.isValid) throw new RangeError(`not a date or instant: ${value}`);
  return dt.setLocale(LOCALES[lang]);
}

/**
 * Swedish and English write a day by these patterns; the other languages by their locale's own
 * order, punctuation and grammatical case (Intl): Ukrainian "середа, 2 жовтня 2019 р." needs the
 * genitive month, Finnish "2. lokakuuta", which no one pattern gives.
 */
const PATTERNS: Partial<Record<Lang, { day: string; dayShort: string; badge: string }>> = {
  sv: { day: 'cccc d LLLL yyyy', dayShort: 'cccc d LLLL', badge: 'd LLL' },
  en: { day: 'cccc d LLLL yyyy', dayShort: 'cccc d LLLL', badge: 'd LLL' },
};

/** "onsdag 2 oktober 2019" / "Wednesday 2 October 2019". */
export function formatDay(lang: Lang, value: string): string {
  const pattern = PATTERNS[lang]?.day;
  return remember(`day ${lang} ${value}`, () => {
    const dt = inStockholm(lang, value);
    return pattern ? dt.toFormat(pattern) : dt.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  });
}

/** "onsdag 2 oktober" / "Wednesday 2 October": a day inside a context that already names the year. */
export function formatDayShort(lang: Lang, value: string): string {
  const pattern = PATTERNS[lang]?.dayShort;
  return remember(`dayShort ${lang} ${value}`, () => {
    const dt = inStockholm(lang, value);
    return pattern ? dt.toFormat(pattern) : dt.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' });
  });
}

/** "2 okt." / "2 Oct": the date in an activity card's badge. */
export function formatBadgeDate(lang: Lang, value: string): string {
  const pattern = PATTERNS[lang]?.badge;
  return remember(`badge ${lang} ${value}`, () => {
    const dt = inStockholm(lang, value);
    return pattern ? dt.toFormat(pattern) : dt.toLocaleString({ day: 'numeric', month: 'short' });
  });
}

/** "onsdag" / "Wednesday": the weekday of a date or instant in Stockholm. */
export function formatWeekday(lang: Lang, value: string): string {
  return remember(`weekday ${lang} ${value}`, () => inStockholm(lang, value).toFormat('cccc'));
}

/** "10:00", 24-hour clock in both languages. */
export function formatTime(lang: Lang, instant: string): string {
  return remember(`time ${lang} ${instant}`, () => inStockholm(lang, instant).toFormat('HH:mm'));
}

/** "onsdag 2 oktober 2019, kl. 10:00–12:00"; an end on another day names that day too. */
export function formatWhen(lang: Lang, startsAt: string, endsAt: string): string {
  return remember(`when ${lang} ${startsAt} ${endsAt}`, () => {
    const sameDay = inStockholm(lang, startsAt).hasSame(inStockholm(lang, endsAt), 'day');
    return t(lang, sameDay ? 'time.when' : 'time.whenOverDays', {
      day: formatDay(lang, startsAt),
      start: formatTime(lang, startsAt),
      endDay: formatDay(lang, endsAt),
      end: formatTime(lang, endsAt),
    });
  });
}
