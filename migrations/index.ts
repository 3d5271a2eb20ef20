import type { Migration } from 'kysely';
import * as registryCore from './20261123_0001_registry_core.js';
import * as outbox from './20261123_0003_outbox.js';
import * as dataVersion from './20261123_0009_data_version.js';
import * as activitySearch from './20261123_0011_activity_search.js';
import * as importUploads from './20261123_0013_import_uploads.js';
import * as accountLanguage from './20261123_0015_account_language.js';
import * as rateLimits from './20261123_0017_rate_limits.js';
import * as changeLog from './20261130_0001_change_log.js';
import * as jobsAndMailDelivery from './20261130_0002_jobs_and_mail_delivery.js';
import * as editionTexts from './20261130_0003_edition_texts.js';
import * as searchTextInApp from './20261130_0021_search_text_in_app.js';
import * as activityCopies from './20261130_0031_activity_copies.js';
import * as changesSinceApproval from './20261130_0033_changes_since_approval.js';
import * as invitations from './20261130_0035_invitations.js';
import * as activityReports from './20261130_0037_activity_reports.js';
import * as helpPhoneLanguages from './20261201_0001_help_phone_languages.js';

/** Every migration, by name; names sort in the order they run. Frozen once landed. */
export const migrations: Record<string, Migration> = {
  '20261123_0001_registry_core': registryCore,
  '20261123_0003_outbox': outbox,
  '20261123_0009_data_version': dataVersion,
  '20261123_0011_activity_search': activitySearch,
  '20261123_0013_import_uploads': importUploads,
  '20261123_0015_account_language': accountLanguage,
  '20261123_0017_rate_limits': rateLimits,
  '20261130_0001_change_log': changeLog,
  '20261130_0002_jobs_and_mail_delivery': jobsAndMailDelivery,
  '20261130_0003_edition_texts': editionTexts,
  '20261130_0021_search_text_in_app': searchTextInApp,
  '20261130_0031_activity_copies': activityCopies,
  '20261130_0033_changes_since_approval': changesSinceApproval,
  '20261130_0035_invitations': invitations,
  '20261130_0037_activity_reports': activityReports,
  '20261201_0001_help_phone_languages': helpPhoneLanguages,
};
