import type { PublicActivity, PublicActivityData } from '../schemas/activity.js';

/** An activity's page on the public site, absolute: what the API, the feeds and the dumps link to. */
export function activityUrl(baseUrl: string, id: number): string {
  return `${baseUrl}/aktiviteter/${id}`;
}

/** The activity as the API and the feeds show it: the domain's answer with its page's address after the uid. */
export function withUrl(baseUrl: string, { id, uid, ...rest }: PublicActivityData): PublicActivity {
  return { id, uid, url: activityUrl(baseUrl, id), ...rest };
}
