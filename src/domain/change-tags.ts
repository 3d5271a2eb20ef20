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
