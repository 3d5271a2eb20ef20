import type { CheerioAPI } from 'cheerio';
import type { TestApp } from '../helpers/app.js';
import { visit } from '../helpers/browser.js';

/** The ids of the activities a page links to from its lists, in page order. */
export function listedIds($: CheerioAPI): number[] {
  return $('.card__title a[href^="/aktiviteter/"]')
    .map((_, a) => Number(/^\/aktiviteter\/(\d+)/.exec($(a).attr('href')!)![1]))
    .get();
}

/** Every id over all pages of a search, following the "next page" links as a visitor would. */
export async function allListedIds(t: TestApp, url: string): Promise<{ ids: number[]; heading: string }> {
  const ids: number[] = [];
  let next: string | undefined = url;
  let heading = '';
  while (next) {
    const { status, $ } = await visit(t, next);
    if (status !== 200) throw new Error(`${next} answered ${status}`);
    heading ||= $('#results-title').text();
    ids.push(...listedIds($));
    next = $('a[rel="next"]').attr('href');
  }
  return { ids, heading };
}

/** Text with runs of white space made single spaces, as a reader perceives it. */
export const text = (value: string) => value.replace(/\s+/g, ' ').trim();
