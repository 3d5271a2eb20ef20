import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Lang } from '../i18n/index.js';

/**
 * Table types. Instants are ISO-8601 UTC strings on both dialects (the PostgreSQL
 * driver is told to hand timestamptz back as such strings); local dates are
 * 'YYYY-MM-DD' text; booleans are 0/1.
 */

export const EDITION_STATUSES = ['draft', 'published', 'archived'] as const;
export type EditionStatus = (typeof EDITION_STATUSES)[number];

export const ORGANIZER_KINDS = [
  'agency',
  'municipality',
  'region',
  'library',
  'study_association',
  'association',
  'company',
  'school',
  'other',
] as const;
export type OrganizerKind = (typeof ORGANIZER_KINDS)[number];

export const ACTIVITY_FORMATS = ['on_site', 'online', 'hybrid', 'phone'] as const;
export type ActivityFormat = (typeof ACTIVITY_FORMATS)[number];

export const ACTIVITY_STATUSES = ['draft', 'submitted', 'published', 'rejected', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
/** Statuses the public may see: in the API, feeds, dumps and pages. */
export const PUBLIC_STATUSES = ['published', 'cancelled'] as const satisfies readonly ActivityStatus[];

export const REGISTRATION_KINDS = ['none', 'required'] as const;
export type RegistrationKind = (typeof REGISTRATION_KINDS)[number];

export const AUDIENCES = [
  'everyone',
  'elderly',
  'newly_arrived',
  'job_seekers',
  'youth',
  'parents',
  'disabilities',
  'small_business',
  'public_sector_staff',
] as const;
export type Audience = (typeof AUDIENCES)[number];

export const TOPICS = [
  'e_id',
  'e_services',
  'online_safety',
  'basics',
  'payments',
  'health',
  'communication',
  'job_search',
  'pension',
  'taxes',
  'society',
  'coding',
] as const;
export type Topic = (typeof TOPICS)[number];

/** Languages an activity can be held in, as ISO 639-1 codes (se = Northern Sami). */
export const LANGUAGES = ['sv', 'en', 'ar', 'fa', 'so', 'ti', 'fi', 'se', 'pl', 'bs', 'tr', 'uk', 'es', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

export const ACCOUNT_ROLES = ['organizer', 'coordinator'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/** An edition's texts in a language other than Swedish (editions.help_text is the Swedish). */
export interface EditionTextTable {
  edition_id: number;
  language: string;
  help_text: string;
}

export interface EditionTable {
  id: Generated<number>;
  slug: string;
  year: number;
  name: string;
  first_day: string;
  last_day: string;
  registration_opens_at: string;
  registration_closes_at: string;
  status: Generated<EditionStatus>;
  help_phone: string | null;
  help_text: string | null;
  /** The languages the help phone answers in: ISO 639-1 codes separated by commas, "sv,en". */
  help_phone_languages: Generated<string>;
  /** The last day (local, YYYY-MM-DD) organizers report how the day went; null: 30 days after last_day. */
  reports_close_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface CountyTable {
  code: string;
  name: string;
  slug: string;
}

export interface MunicipalityTable {
  code: string;
  name: string;
  slug: string;
  county_code: string;
}

export interface TownTable {
  id: Generated<number>;
  name: string;
  slug: string;
  municipality_code: string;
  lat: number;
  lon: number;
}

export interface OrganizerTable {
  id: Generated<number>;
  name: string;
  slug: string;
  kind: OrganizerKind;
  description: string | null;
  website: string | null;
  public_email: string | null;
  public_phone: string | null;
  private_contact_name: string | null;
  private_email: string | null;
  private_phone: string | null;
  trusted: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface VenueTable {
  id: Generated<number>;
  organizer_id: number;
  name: string;
  street_address: string;
  postal_code: string | null;
  town_id: number;
  lat: number | null;
  lon: number | null;
  step_free: Generated<number>;
  hearing_loop: Generated<number>;
  accessible_toilet: Generated<number>;
  accessible_parking: Generated<number>;
  accessibility_notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface ActivityTable {
  id: Generated<number>;
  uid: string;
  edition_id: number;
  organizer_id: number;
  external_ref: string | null;
  title: string;
  summary: Generated<string>;
  description: Generated<string>;
  starts_at: string;
  ends_at: string;
  format: ActivityFormat;
  venue_id: number | null;
  town_id: number | null;
  online_url: string | null;
  phone: string | null;
  accessibility_notes: string | null;
  registration: Generated<RegistrationKind>;
  registration_url: string | null;
  registration_phone: string | null;
  capacity: number | null;
  public_email: string | null;
  public_phone: string | null;
  status: Generated<ActivityStatus>;
  status_reason: string | null;
  revision: Generated<number>;
  published_at: string | null;
  created_at: string;
  updated_at: string;
  /** Title, summary and description folded for search (src/db/search.ts searchText), written with them. */
  search_text: string | null;
}

export interface ActivityOrganizerTable {
  activity_id: number;
  organizer_id: number;
}

export interface ActivityAudienceTable {
  activity_id: number;
  audience: Audience;
}

export interface ActivityTopicTable {
  activity_id: number;
  topic: Topic;
}

export interface ActivityLanguageTable {
  activity_id: number;
  language: Language;
}

export interface AccountTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  role: Generated<AccountRole>;
  /** The language mail to the account is written in. */
  language: Generated<Lang>;
  email_verified_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembershipTable {
  account_id: number;
  organizer_id: number;
  created_at: string;
}

export interface SessionTable {
  id: string;
  account_id: number | null;
  data: Generated<string>;
  created_at: string;
  expires_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  entity_type: 'activity' | 'organizer' | 'venue' | 'edition' | 'account';
  entity_id: number;
  account_id: number | null;
  action: string;
  changes: Generated<string>;
  created_at: string;
}

export const MAIL_STATUSES = ['pending', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** Mail waiting to go out, or gone: written in the transaction of the change it tells of. */
export interface OutboxTable {
  id: Generated<number>;
  recipient: string;
  subject: string;
  body: string;
  created_at: string;
  status: Generated<MailStatus>;
  attempts: Generated<number>;
  next_attempt_at: string | null;
  /** The sender instance holding it, until claimed_until. */
  claimed_by: string | null;
  claimed_until: string | null;
  sent_at: string | null;
  last_error: string | null;
  /** Set for a mail that must go out once whoever asks for it again. */
  dedupe_key: string | null;
}

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface JobTable {
  id: Generated<number>;
  kind: string;
  /** JSON. */
  payload: string;
  unique_key: string | null;
  status: JobStatus;
  attempts: Generated<number>;
  max_attempts: number;
  run_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  /** JSON, written by the job as it goes. */
  progress: string | null;
  /** JSON, what the job returned. */
  result: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

export const TOKEN_PURPOSES = ['verify_email', 'reset_password'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

export interface AccountTokenTable {
  token_hash: string;
  account_id: number;
  purpose: TokenPurpose;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface FormSubmissionTable {
  submission_key: string;
  account_id: number;
  activity_id: number;
  created_at: string;
}

export interface ImportUploadTable {
  token_hash: string;
  account_id: number;
  organizer_id: number;
  edition_id: number;
  intent: 'draft' | 'submit';
  content: string;
  plan_digest: string;
  created_at: string;
  expires_at: string;
}

export interface RateLimitTable {
  /** The route and the client (its address), as @fastify/rate-limit names them. */
  key: string;
  hits: number;
  resets_at: string;
}

/** One committed write to public data and what it touched (see docs/caching.md). */
export interface ChangeTable {
  id: Generated<number>;
  /** Space-separated tags: a:<activity> e:<edition> t:<town> m:<municipality> c:<county> o:<organizer>, or * for everything. */
  tags: string;
  created_at: string;
}

export interface DB {
  editions: EditionTable;
  edition_texts: EditionTextTable;
  counties: CountyTable;
  municipalities: MunicipalityTable;
  towns: TownTable;
  organizers: OrganizerTable;
  venues: VenueTable;
  activities: ActivityTable;
  activity_co_organizers: ActivityOrganizerTable;
  activity_audiences: ActivityAudienceTable;
  activity_topics: ActivityTopicTable;
  activity_languages: ActivityLanguageTable;
  accounts: AccountTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  audit_log: AuditLogTable;
  outbox: OutboxTable;
  account_tokens: AccountTokenTable;
  form_submissions: FormSubmissionTable;
  import_uploads: ImportUploadTable;
  rate_limits: RateLimitTable;
  changes: ChangeTable;
  jobs: JobTable;
  activity_copies: ActivityCopyTable;
  approval_changes: ApprovalChangeTable;
  invitations: InvitationTable;
  activity_reports: ActivityReportTable;
  activity_report_audiences: ActivityReportAudienceTable;
  report_uploads: ReportUploadTable;
}

/** "first_day" -> "firstDay": the name a column's field has in a record. */
export type CamelCase<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;
/** A row with its fields named as records name them (src/db/records.ts makes one at run time). */
export type Camelized<T> = { [K in keyof T as CamelCase<K & string>]: T[K] };

export type Job = Selectable<JobTable>;
export type OutboxMail = Selectable<OutboxTable>;
export type Edition = Camelized<Selectable<EditionTable>>;
export type NewEdition = Insertable<EditionTable>;
export type Town = Camelized<Selectable<TownTable>>;
export type Organizer = Camelized<Selectable<OrganizerTable>>;
export type NewOrganizer = Insertable<OrganizerTable>;
export type Venue = Camelized<Selectable<VenueTable>>;
export type NewVenue = Insertable<VenueTable>;
export type VenueUpdate = Updateable<VenueTable>;
export type Activity = Camelized<Selectable<ActivityTable>>;
export type NewActivity = Insertable<ActivityTable>;
export type ActivityUpdate = Updateable<ActivityTable>;
export type NewAccount = Insertable<AccountTable>;
export type Account = Camelized<Selectable<AccountTable>>;

// ---- Organizers' year (issue 14): copies, changes since approval, invitations, reports ----

export interface ActivityCopyTable {
  /** The new activity; one source each. */
  copy_id: number;
  source_id: number;
  created_at: string;
}

export interface ApprovalChangeTable {
  activity_id: number;
  /** JSON of the approved snapshot (src/domain/approval-changes.ts). */
  approved: string;
  /** Who changed it last. */
  account_id: number | null;
  first_changed_at: string;
  last_changed_at: string;
}

export interface InvitationTable {
  id: Generated<number>;
  token_hash: string;
  organizer_id: number;
  /** Lower-cased, as accounts store addresses. */
  email: string;
  invited_by: number | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by: number | null;
}

/** Whether an activity happened as planned, as its organizer reports after the day. */
export const REPORT_HELD = ['as_planned', 'changed', 'not_held'] as const;
export type ReportHeld = (typeof REPORT_HELD)[number];

export interface ActivityReportTable {
  activity_id: number;
  participants: number;
  held: ReportHeld;
  comment: string | null;
  account_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface ActivityReportAudienceTable {
  activity_id: number;
  audience: Audience;
  participants: number;
}

export interface ReportUploadTable {
  token_hash: string;
  account_id: number;
  organizer_id: number;
  edition_id: number;
  content: string;
  plan_digest: string;
  created_at: string;
  expires_at: string;
}
