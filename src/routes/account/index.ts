import type { FastifyInstance } from 'fastify';
import auth from './auth.js';
import importRoutes from './import.js';
import konto from './konto.js';
import reports from './reports.js';
import team from './team.js';
import venues from './venues.js';

/** Organizer pages: accounts (register, log in, reset) and everything under /konto. */
export default async function account(app: FastifyInstance): Promise<void> {
  await app.register(auth);
  await app.register(konto);
  await app.register(venues);
  await app.register(team);
  await app.register(importRoutes);
  await app.register(reports);
}
