import { slugify } from '../../domain/slug.js';
import { inStockholm } from '../../i18n/dates.js';
import type { Lang } from '../../i18n/index.js';
import type { PublicActivity } from '../../schemas/activity.js';

/** How the public pages link to an activity: its id, then a readable slug of its title. */
export function activityPath(activity: Pick<PublicActivity, 'id' | 'title'>): string {
  const slug = slugify(activity.title).slice(0, 60).replace(/-+$/, '');
  return slug ? `/aktiviteter/${activity.id}-${slug}` : `/aktiviteter/${activity.id}`;
}

export type ListedActivity = PublicActivity & { href: string };

export function withLinks(items: PublicActivity[]): ListedActivity[] {
  return items.map((activity) => ({ ...activity, href: activityPath(activity) }));
}

export interface ProgrammeDay {
  day: string;
  hours: { hour: string; items: ListedActivity[] }[];
}

/** Activities in start order, grouped by their Stockholm day and starting hour: the printed programme's shape. */
export function byDayAndHour(lang: Lang, items: PublicActivity[]): ProgrammeDay[] {
  const days: ProgrammeDay[] = [];
  for (const activity of withLinks(items)) {
    const start = inStockholm(lang, activity.startsAt);
    const day = start.toISODate()!;
    const hour = start.startOf('hour').toFormat('HH:mm');
    let current = days.at(-1);
    if (current?.day !== day) days.push((current = { day, hours: [] }));
    let slot = current.hours.at(-1);
    if (slot?.hour !== hour) current.hours.push((slot = { hour, items: [] }));
    slot.items.push(activity);
  }
  return days;
}
