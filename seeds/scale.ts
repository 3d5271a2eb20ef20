import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { DB } from '../src/db/types.js';
import { updatePlannerStatistics } from '../src/db/dialect.js';
import { EVERYTHING } from '../src/domain/change-tags.js';
import { appendChange } from '../src/repositories/changes.js';
import { buildDemoPlan } from './demo.js';
import { type Plan, type PlannedActivity, stableUuid, writePlan } from './plan.js';
import { Random } from './random.js';
import { insertReferenceData, loadTowns } from './reference.js';
import { stockholmInstant } from '../src/domain/time.js';

/** Activities per generated edition: the size the product is designed for. */
export const PER_EDITION = 10_000;

/**
 * Adds `count` realistic activities for load tests, 10 000 to an edition, in
 * editions before the demo's ("Skaltest 2018", 2017, ...). The demo's organizers
 * and texts are reused; towns are drawn from all of Sweden. Deterministic.
 */
export async function seedScale(db: Kysely<DB>, count: number, onProgress: (written: number) => void = () => {}): Promise<void> {
  await insertReferenceData(db);
  const demo = buildDemoPlan(new Date('2026-01-01T00:00:00Z'));
  const templates = demo.activities.filter((a) => a.editionSlug === '2019' && a.townSlug !== null);
  const organizers = demo.organizers;
  const towns = loadTowns();
  const random = new Random(count);
  const existing = new Set((await db.selectFrom('editions').select('slug').execute()).map((e) => e.slug));
  let year = 2018;
  let written = 0;
  while (written < count) {
    while (existing.has(`skaltest-${year}`)) year--;
    const slug = `skaltest-${year}`;
    existing.add(slug);
    const day = `${year}-10-02`;
    const plan: Plan = {
      editions: [
        {
          slug,
          year,
          name: `Skaltest ${year}`,
          firstDay: day,
          lastDay: day,
          registrationOpensAt: stockholmInstant(`${year}-05-01`, '00:00'),
          registrationClosesAt: stockholmInstant(`${year}-09-25`, '00:00'),
          status: 'archived',
          helpPhone: null,
          helpText: null,
          helpTextTranslations: {},
          createdAt: stockholmInstant(`${year}-04-01`, '00:00'),
        },
      ],
      organizers,
      venues: [],
      activities: [],
    };
    const size = Math.min(PER_EDITION, count - written);
    const venues = new Set<string>();
    for (let i = 0; i < size; i++) {
      const template = random.pick(templates);
      const town = random.pick(towns);
      const organizer = random.pick(organizers);
      const venueName = `${organizer.name.split(/ [–(]/)[0]}, ${town.name}`;
      if (!venues.has(`${organizer.slug}/${venueName}`)) {
        venues.add(`${organizer.slug}/${venueName}`);
        plan.venues.push({
          ...random.pick(demo.venues),
          organizerSlug: organizer.slug,
          name: venueName,
          townSlug: town.slug,
          lat: town.lat,
          lon: town.lon,
        });
      }
      const startsAt = stockholmInstant(day, `${String(random.int(8, 19)).padStart(2, '0')}:${random.pick(['00', '30'])}`);
      const activity: PlannedActivity = {
        ...template,
        uid: stableUuid(`temadag-scale:${slug}:${i}`),
        editionSlug: slug,
        organizerSlug: organizer.slug,
        coOrganizerSlugs: [],
        venueName,
        townSlug: town.slug,
        title: template.title.replace(/ i [A-ZÅÄÖ][\p{L} -]+$/u, ` i ${town.name}`),
        format: template.format === 'online' || template.format === 'phone' ? 'on_site' : template.format,
        startsAt,
        endsAt: DateTime.fromISO(startsAt).plus({ minutes: random.pick([60, 90, 120, 180]) }).toUTC().toISO()!,
        status: random.chance(0.02) ? 'cancelled' : 'published',
        statusReason: null,
      };
      // A cancelled activity has nothing to report; a published one keeps its template's report, for statistics at scale.
      if (activity.status === 'cancelled') delete activity.report;
      plan.activities.push(activity);
    }
    // Venues per (organizer, town) are only a few thousand; write them with the edition, then activities in
    // slices of their own transactions, so a running server's writes wait for a slice, never for the whole.
    const activities = plan.activities;
    await db.transaction().execute((trx) => writePlan(trx, { ...plan, activities: [] }));
    for (let i = 0; i < activities.length; i += 1000) {
      await db.transaction().execute((trx) => writePlan(trx, { editions: [], organizers: [], venues: [], activities: activities.slice(i, i + 1000) }));
      onProgress(written + Math.min(i + 1000, activities.length));
    }
    written += size;
  }
  // A server running beside the seeding forgets whatever it kept.
  await appendChange(db, [EVERYTHING], new Date().toISOString());
  await updatePlannerStatistics(db);
}
