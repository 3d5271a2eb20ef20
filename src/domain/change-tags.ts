/**
 * What a kept answer shows and a write changes, as short tags (docs/caching.md). A write
 * invalidates exactly the kept answers that share a tag with it; EVERYTHING on either side
 * matches any tag.
 */
export const EVERYTHING = '*';

export const tags = {
  activity: (id: number) => `a:${id}`,
  /** Lists over a whole edition: the home page, search, the API list, whole-edition feeds. */
  edition: (id: number) => `e:${id}`,
  town: (id: number) => `t:${id}`,
  municipality: (code: string) => `m:${code}`,
  county: (code: string) => `c:${code}`,
  organizer: (id: number) => `o:${id}`,
};

/**
 * The listing of a scope tag (`listed(tags.town(5))`): which activities the lists over that scope
 * hold, in what order, how many. A write names it only when an activity enters, leaves or moves in
 * such lists, not when it changes only what its card shows. A list that shows itself by listing
 * tags therefore shows each activity it holds by its own tag too (`listShows`).
 */
export const listed = (scope: string) => `l${scope}`;

/** What a list over `scopes` holding `activities` shows: their listings, and each activity. */
export const listShows = (scopes: readonly string[], activities: readonly { id: number }[]): string[] => [
  ...scopes.map(listed),
  ...activities.map((activity) => tags.activity(activity.id)),
];
