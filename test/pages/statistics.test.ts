import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditionStatistics, editionStatistics, editionsSideBySide, hourHistogram, stockholmHour } from '../../src/domain/statistics.js';
import { publicEditionBySlug } from '../../src/domain/catalog.js';
import { type TestApp, createTestApp } from '../helpers/app.js';

let t: TestApp;
let stats2019: EditionStatistics;
let towns2019: { slug: string; municipality: { code: string }; county: { code: string }; activityCount: number }[];

const apiTotal = async (query: string) => (await t.app.inject({ url: `/api/v1/activities?edition=2019&limit=1&${query}` })).json().total;

beforeAll(async () => {
  t = await createTestApp();
  stats2019 = await editionStatistics(t.app.db, (await publicEditionBySlug(t.app.db, '2019'))!);
  towns2019 = (await t.app.inject({ url: '/api/v1/towns?edition=2019' })).json().items;
});
afterAll(() => t.close());

describe('the hour of the day in Stockholm', () => {
  it('reads summer and winter time from the instant, whatever the server zone', () => {
    expect(stockholmHour('2019-10-02T07:00:00.000Z')).toBe(9);
    expect(stockholmHour('2019-12-02T08:00:00.000Z')).toBe(9);
    expect(stockholmHour('2019-10-02T22:30:00.000Z')).toBe(0);
  });

  it('counts per hour from the first to the last, with empty hours in between as 0', () => {
    expect(
      hourHistogram([
        { startsAt: '2019-10-02T07:00:00.000Z', count: 2 },
        { startsAt: '2019-10-02T07:30:00.000Z', count: 1 },
        { startsAt: '2019-10-02T10:00:00.000Z', count: 4 },
      ]),
    ).toEqual([
      { hour: 9, activities: 3 },
      { hour: 10, activities: 0 },
      { hour: 11, activities: 0 },
      { hour: 12, activities: 4 },
    ]);
    expect(hourHistogram([])).toEqual([]);
  });
});

describe('Digital@Idag 2019 in figures', () => {
  it('has the 260 public activities in 110 towns, 5 of them cancelled', () => {
    expect(stats2019.totals).toMatchObject({ activities: 260, towns: 110, municipalities: 110 });
    expect(stats2019.cancelled).toBe(5);
  });

  it('lists all 21 counties, each with activities, and the county counts add up to the activities with a town', () => {
    expect(stats2019.byCounty).toHaveLength(21);
    expect(stats2019.byCounty.every((c) => c.activities > 0)).toBe(true);
    const withTown = towns2019.reduce((sum, town) => sum + town.activityCount, 0);
    expect(stats2019.byCounty.reduce((sum, c) => sum + c.activities, 0)).toBe(withTown);
    expect(stats2019.withoutTown).toBe(260 - withTown);
    expect(stats2019.withoutTown).toBeGreaterThan(0);
  });

  it('counts each county as the town list and the API county filter do', async () => {
    for (const county of stats2019.byCounty) {
      const fromTowns = towns2019.filter((town) => town.county.code === county.code).reduce((sum, town) => sum + town.activityCount, 0);
      expect(county.activities, county.name).toBe(fromTowns);
      expect(county.activities, county.name).toBe(await apiTotal(`county=${county.code}`));
    }
  });

  it('measures coverage against all 290 municipalities and names those without activities', () => {
    const covered = new Set(towns2019.map((town) => town.municipality.code));
    expect(stats2019.coverage).toEqual({ municipalities: 290, covered: covered.size, uncovered: 290 - covered.size });
    expect(stats2019.byCounty.reduce((sum, c) => sum + c.municipalities, 0)).toBe(290);
    const uncoveredNames = stats2019.byCounty.flatMap((c) => c.uncovered);
    expect(uncoveredNames).toHaveLength(290 - covered.size);
    const gotland = stats2019.byCounty.find((c) => c.code === '09')!;
    expect(gotland).toMatchObject({ municipalities: 1, coveredMunicipalities: 1, uncovered: [] });
    for (const county of stats2019.byCounty) {
      expect(county.coveredMunicipalities + county.uncovered.length).toBe(county.municipalities);
      expect(county.uncovered).toEqual([...county.uncovered].sort(new Intl.Collator('sv').compare));
    }
  });

  it('counts per organizer kind add up to all activities', () => {
    expect(stats2019.byOrganizerKind.reduce((sum, k) => sum + k.activities, 0)).toBe(260);
    expect(stats2019.byOrganizerKind.find((k) => k.kind === 'agency')!.activities).toBeGreaterThan(100);
  });

  it('counts per audience as the API filter does', async () => {
    expect(stats2019.byAudience.length).toBeGreaterThan(3);
    for (const { audience, activities } of stats2019.byAudience) {
      expect(activities, audience).toBe(await apiTotal(`audience=${audience}`));
    }
  });

  it('counts per hour add up to all activities, from the morning to the evening', async () => {
    expect(stats2019.byHour.reduce((sum, h) => sum + h.activities, 0)).toBe(260);
    expect(stats2019.byHour[0]!.hour).toBeGreaterThanOrEqual(8);
    expect(stats2019.byHour.at(-1)!.hour).toBeLessThanOrEqual(21);
    const hours = stats2019.byHour.map((h) => h.hour);
    expect(hours).toEqual(hours.map((_, i) => hours[0]! + i));
  });
});

describe('editions side by side', () => {
  it('lists every public edition oldest first with the totals of its own statistics', async () => {
    const editions = await editionsSideBySide(t.app.db);
    expect(editions.map((e) => e.slug)).toEqual(['2019', '2020', '2027']);
    expect(editions[0]).toMatchObject({ activities: 260, towns: 110 });
    const e2027 = editions[2]!;
    expect(e2027).toMatchObject({ firstDay: '2027-10-07', lastDay: '2027-10-08' });
    expect(e2027.activities).toBe((await t.app.inject({ url: '/api/v1/activities?edition=2027&limit=1' })).json().total);
  });
});
