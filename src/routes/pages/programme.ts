import { byDayAndHour } from '../../domain/calendar.js';
import { slugify } from '../../domain/slug.js';
import type { PublicActivityData } from '../../schemas/activity.js';

/** How the public pages link to an activity: its id, then a readable slug of its title. */
export function activityPath(activity: Pick<PublicActivityData, 'id' | 'title'>): string {
  const slug = slugify(activity.title).slice(0, 60).replace(/-+$/, '');
  return slug ? `/aktiviteter/${activity.id}-${slug}` : `/aktiviteter/${activity.id}`;
}

export type ListedActivity = PublicActivityData & { href: string };

export function withLinks(items: PublicActivityData[]): ListedActivity[] {
  return items.map((activity) => ({ ...activity, href: activityPath(activity) }));
}

export interface ProgrammeDay {
  day: string;
  hours: { hour: number; items: ListedActivity[] }[];
}

/** Activities in start order, grouped by their Stockholm day and starting hour: the printed programme's shape. */
export function programmeDays(items: PublicActivityData[]): ProgrammeDay[] {
  return byDayAndHour(withLinks(items));
}
