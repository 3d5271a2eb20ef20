import type { FastifyInstance } from 'fastify';
import activities from './activities.js';
import home from './home.js';
import regions from './regions.js';
import arrangorer from './arrangorer.js';
import kalender from './kalender.js';
import karta from './karta.js';
import statistik from './statistik.js';
import partners from './partners.js';
import servicePages from './service-pages.js';

/** The public site's pages. Each page plugin is one file here; register it below. */
export default async function pages(app: FastifyInstance): Promise<void> {
  await app.register(home);
  await app.register(activities);
  await app.register(regions);
  await app.register(statistik);
  await app.register(kalender);
  await app.register(arrangorer);
  await app.register(karta);
  await app.register(partners);
  await app.register(servicePages);
}
