import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { appJobRunner } from '../jobs/index.js';
import type { JobRunner } from '../jobs/runner.js';

declare module 'fastify' {
  interface FastifyInstance {
    jobs: JobRunner;
  }
}

/** The job runner, polling once the app is ready when this instance runs jobs (JOBS), stopped before the app closes. */
export default fp(
  async (app: FastifyInstance) => {
    const runner = appJobRunner(app);
    app.decorate('jobs', runner);
    if (!app.config.jobs) return;
    app.addHook('onReady', async () => runner.start());
    app.addHook('onClose', async () => runner.stop());
  },
  { name: 'jobs' },
);
