import type { Kysely } from 'kysely';
import type { DB, Edition } from '../../db/types.js';
import type { AgendaDay } from '../../domain/calendar.js';
import { NoEditionError } from '../../domain/errors.js';
import { stockholmToday } from '../../domain/time.js';
import { formatDay } from '../../i18n/dates.js';
import type { Lang } from '../../i18n/index.js';
import { findCurrentEdition, findEditionBySlug } from '../../repositories/editions.js';

/** Day headings for a programme over several days; the agenda-hours partial words the hours ({{hourLabel}}). */
export function labelDays(lang: Lang, days: readonly AgendaDay[]) {
  return days.map((d) => ({ label: formatDay(lang, d.day), hours: d.hours }));
}

/** The edition a page's ?edition= names (undefined when unknown), or the current one without it (NoEditionError when there is none). */
export async function pageEdition(db: Kysely<DB>, slug: string | undefined, now: Date): Promise<Edition | undefined> {
  if (slug !== undefined) return findEditionBySlug(db, slug);
  const current = await findCurrentEdition(db, stockholmToday(now));
  if (!current) throw new NoEditionError();
  return current;
}
