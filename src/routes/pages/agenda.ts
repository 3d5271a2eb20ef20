import type { AgendaDay } from '../../domain/calendar.js';
import { formatDay } from '../../i18n/dates.js';
import type { Lang } from '../../i18n/index.js';

/** Day headings for a programme over several days; the agenda-hours partial words the hours ({{hourLabel}}). */
export function labelDays(lang: Lang, days: readonly AgendaDay[]) {
  return days.map((d) => ({ label: formatDay(lang, d.day), hours: d.hours }));
}
