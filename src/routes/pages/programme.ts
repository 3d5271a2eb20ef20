import { byDayAndHour } from '../../domain/calendar.js';
import { slugify } from '../../domain/slug.js';
import type { PublicActivityData } from '../../schemas/activity.js';

/** How the public pages link to an activity: its id, then a readable slug of its title. */
export function activityPath(activity: Pick<PublicActivityData, 'id' | 'title'>): string {
  const slug = slugify(activity.title).slice(0, 60).replace(/-+$/, '');
  return slug ? `/aktiviteter/${activity.id}-${slug}` : `/aktiviteter/${activity.id}`;
}

export type ListedActivity = PublicActivityData & { href: string };

/** Each kept activity's listing, made once: a frozen activity never changes (src/domain/kept-reads.ts). */
const listings = new WeakMap<PublicActivityData, ListedActivity>();

/**
 * The activities with their page's address, as cards show them. The listing of a kept (frozen)
 * activity is made once and frozen too, so that its card can be kept as well (src/views/kept-partials.ts).
 */
export function withLinks(items: PublicActivityData[]): ListedActivity[] {
  return items.map((activity) => {
    if (!Object.isFrozen(activity)) return { ...activity, href: activityPath(activity) };
    let listed = listings.get(activity);
    if (!listed) listings.set(activity, (listed = Object.freeze({ ...activity, href: activityPath(activity) })));
    return listed;
  });
}

export interface ProgrammeDay {
  day: string;
  hours: { hour: number; items: ListedActivity[] }[];
}

/** Activities in start order, grouped by their Stockholm day and starting hour: the printed programme's shape. */
export function programmeDays(items: PublicActivityData[]): ProgrammeDay[] {
  return byDayAndHour(withLinks(items));
}
