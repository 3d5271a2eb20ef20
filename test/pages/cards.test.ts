import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as translate } from '../../src/i18n/index.js';
import type { PublicActivity } from '../../src/schemas/activity.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { visit } from '../helpers/browser.js';
import { text } from './helpers.js';

/** An activity in a list is a card a person scans: when, what, where, who, how, for whom, free, or cancelled. */

let t: TestApp;
let activities: PublicActivity[];
beforeAll(async () => {
  t = await createTestApp();
  activities = (await t.app.inject('/api/v1/activities?edition=2019&town=stockholm&limit=200')).json<{ items: PublicActivity[] }>().items;
});
afterAll(() => t.close());

describe('an activity card on a town programme', () => {
  it('shows weekday, date and time in a badge, the place, the organizer, the format, free of charge and the audiences and topics as labels', async () => {
    const { $ } = await visit(t, '/orter/stockholm?edition=2019');
    const published = activities.filter((a) => a.status === 'published');
    expect(published.length).toBeGreaterThan(2);
    for (const activity of published) {
      const card = $(`.card:has(.card__title a[href^="/aktiviteter/${activity.id}-"])`);
      expect(card, `activity ${activity.id}`).toHaveLength(1);
      // 2 October 2019 was a Wednesday; times in Stockholm (UTC+2 then).
      expect(text(card.find('.badge__weekday').text())).toBe('onsdag');
      expect(text(card.find('.badge__date').text())).toBe('2 okt.');
      const hhmm = (iso: string) => new Date(Date.parse(iso) + 2 * 3600_000).toISOString().slice(11, 16);
      expect(text(card.find('.badge__time').text())).toBe(`${hhmm(activity.startsAt)}–${hhmm(activity.endsAt)}`);
      expect(card.find('time.badge').attr('datetime')).toBe(activity.startsAt);
      expect(text(card.find('.card__where').text())).toBe(activity.venue ? `${activity.venue.name}, Stockholm` : 'Stockholm');
      expect(text(card.find('.card__meta').text())).toBe(`${activity.organizer.name} ${translate('sv', `format.${activity.format}`)}`);
      expect(card.find('.format svg').attr('aria-hidden')).toBe('true');
      const labels = card.find('.labels li').map((_, li) => $(li).text()).get();
      expect(labels).toEqual(['Gratis', ...activity.audiences.map((a) => translate('sv', `audience.${a}`)), ...activity.topics.map((x) => translate('sv', `topic.${x}`))]);
      expect(card.hasClass('is-cancelled')).toBe(false);
    }
  });

  it('marks a cancelled activity unmistakably: a red card, "Inställd" above the place, and no "free" label', async () => {
    const [cancelled] = (await t.app.inject('/api/v1/activities?edition=2019&limit=200')).json<{ items: PublicActivity[] }>().items.filter((a) => a.status === 'cancelled' && a.town !== null);
    expect(cancelled).toBeDefined();
    const { $ } = await visit(t, `/orter/${cancelled!.town!.slug}?edition=2019`);
    const card = $(`.card:has(.card__title a[href^="/aktiviteter/${cancelled!.id}-"])`);
    expect(card.hasClass('is-cancelled')).toBe(true);
    expect(card.find('.card__cancelled .tag-cancelled').text()).toBe('Inställd');
    expect(card.find('.label--free')).toHaveLength(0);
    const english = await visit(t, `/orter/${cancelled!.town!.slug}?edition=2019&lang=en`);
    expect(english.$(`.card:has(.card__title a[href^="/aktiviteter/${cancelled!.id}-"]) .tag-cancelled`).text()).toBe('Cancelled');
  });

  it('reads in English on English pages, with the organizers’ own text marked as Swedish', async () => {
    const { $ } = await visit(t, '/orter/stockholm?edition=2019&lang=en');
    const card = $('.card').first();
    expect(text(card.find('.badge__weekday').text())).toBe('Wednesday');
    expect(text(card.find('.badge__date').text())).toBe('2 Oct');
    expect(card.find('.label--free').text()).toBe('Free');
    expect(card.find('.card__title a').attr('lang')).toBe('sv');
  });
});
