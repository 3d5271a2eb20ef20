/**
 * The registry's words, in one place: every enumeration a route, template or schema offers, and
 * the limits a visitor's input meets. The database declares the same lists as its checks
 * (src/db/types.ts); routes and plugins read them from here, never from the storage layer.
 */
export {
  ACCOUNT_ROLES,
  ACTIVITY_FORMATS,
  ACTIVITY_STATUSES,
  AUDIENCES,
  EDITION_STATUSES,
  /** The languages an activity is held in (not the interface's languages: src/i18n). */
  LANGUAGES as ACTIVITY_LANGUAGES,
  ORGANIZER_KINDS,
  PUBLIC_STATUSES,
  REGISTRATION_KINDS,
  REPORT_HELD,
  TOPICS,
  type AccountRole,
  type ActivityFormat,
  type ActivityStatus,
  type Audience,
  type EditionStatus,
  type Language as ActivityLanguage,
  type OrganizerKind,
  type Topic,
} from '../db/types.js';
export { MAX_SEARCH_LENGTH } from '../db/search.js';

/** The programme's times of day (local hours in src/domain/catalog.ts). */
export const TIMES_OF_DAY = ['morning', 'afternoon', 'evening'] as const;
export type TimeOfDay = (typeof TIMES_OF_DAY)[number];
export { VENUE_FACTS, type VenueFact } from '../repositories/activities.js';
