import type { HelperOptions } from 'handlebars';
import { formatBadgeDate, formatTime, formatWeekday } from '../../i18n/dates.js';
import { langOf } from '../context.js';

/**
 * {{#with (dateParts startsAt endsAt)}}: the pieces of an activity card's date badge, in
 * Stockholm and the page's language: { weekday: "onsdag", date: "2 okt.", time: "10:00–12:00" }.
 */
export default function dateParts(startsAt: string, endsAt: string, options: HelperOptions) {
  const lang = langOf(options);
  return {
    weekday: formatWeekday(lang, startsAt),
    date: formatBadgeDate(lang, startsAt),
    time: `${formatTime(lang, startsAt)}–${formatTime(lang, endsAt)}`,
    iso: startsAt,
  };
}
