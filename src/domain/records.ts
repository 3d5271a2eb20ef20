/**
 * The registry's records as the domain hands them to routes and templates: the rows the
 * repositories read, with camelCase fields (src/db/records.ts; Job and OutboxMail are still the
 * rows as stored). Routes name them from here so that nothing above the domain depends on the
 * storage layer (the layering rule in eslint.config.js).
 */
export type { Activity, Edition, Job, Organizer, OutboxMail, Town, Venue } from '../db/types.js';
