import { type Kysely, sql } from 'kysely';
import { doubleType, instantType, isBoolean, oneOf, withIdColumn } from './dialect.js';

// Frozen once landed: the enumerations are copied here rather than imported, so a
// later change to the TypeScript lists cannot silently change what this migration did.
const EDITION_STATUSES = ['draft', 'published', 'archived'];
const ORGANIZER_KINDS = [
  'agency',
  'municipality',
  'region',
  'library',
  'study_association',
  'association',
  'company',
  'school',
  'other',
];
const FORMATS = ['on_site', 'online', 'hybrid', 'phone'];
const ACTIVITY_STATUSES = ['draft', 'submitted', 'published', 'rejected', 'cancelled'];
const REGISTRATION_KINDS = ['none', 'required'];
const AUDIENCES = [
  'everyone',
  'elderly',
  'newly_arrived',
  'job_seekers',
  'youth',
  'parents',
  'disabilities',
  'small_business',
  'public_sector_staff',
];
const TOPICS = [
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
];
const LANGUAGES = ['sv', 'en', 'ar', 'fa', 'so', 'ti', 'fi', 'se', 'pl', 'bs', 'tr', 'uk', 'es', 'de'];
const ACCOUNT_ROLES = ['organizer', 'coordinator'];
const AUDIT_ENTITIES = ['activity', 'organizer', 'venue', 'edition', 'account'];

const SLUG = sql`slug <> ''`;

export async function up(db: Kysely<any>): Promise<void> {
  const instant = instantType(db);
  const double = doubleType(db);

  await withIdColumn(db, db.schema.createTable('editions'))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('first_day', 'text', (c) => c.notNull())
    .addColumn('last_day', 'text', (c) => c.notNull())
    .addColumn('registration_opens_at', instant, (c) => c.notNull())
    .addColumn('registration_closes_at', instant, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('help_phone', 'text')
    .addColumn('help_text', 'text')
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('updated_at', instant, (c) => c.notNull())
    .addCheckConstraint('editions_status_check', oneOf('status', EDITION_STATUSES))
    .addCheckConstraint('editions_days_check', sql`last_day >= first_day`)
    .addCheckConstraint('editions_registration_check', sql`registration_closes_at > registration_opens_at`)
    .addCheckConstraint('editions_slug_check', SLUG)
    .execute();

  await db.schema
    .createTable('counties')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addCheckConstraint('counties_code_check', sql`length(code) = 2`)
    .execute();

  await db.schema
    .createTable('municipalities')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('county_code', 'text', (c) => c.notNull().references('counties.code'))
    .addCheckConstraint('municipalities_code_check', sql`length(code) = 4`)
    .execute();
  await db.schema.createIndex('municipalities_county_idx').on('municipalities').column('county_code').execute();

  await withIdColumn(db, db.schema.createTable('towns'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('municipality_code', 'text', (c) => c.notNull().references('municipalities.code'))
    .addColumn('lat', double, (c) => c.notNull())
    .addColumn('lon', double, (c) => c.notNull())
    .addCheckConstraint('towns_coordinates_check', sql`lat between -90 and 90 and lon between -180 and 180`)
    .addCheckConstraint('towns_slug_check', SLUG)
    .execute();
  await db.schema.createIndex('towns_municipality_idx').on('towns').column('municipality_code').execute();

  await withIdColumn(db, db.schema.createTable('organizers'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('website', 'text')
    .addColumn('public_email', 'text')
    .addColumn('public_phone', 'text')
    .addColumn('private_contact_name', 'text')
    .addColumn('private_email', 'text')
    .addColumn('private_phone', 'text')
    .addColumn('trusted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('updated_at', instant, (c) => c.notNull())
    .addCheckConstraint('organizers_kind_check', oneOf('kind', ORGANIZER_KINDS))
    .addCheckConstraint('organizers_trusted_check', isBoolean('trusted'))
    .addCheckConstraint('organizers_slug_check', SLUG)
    .execute();

  await withIdColumn(db, db.schema.createTable('venues'))
    .addColumn('organizer_id', 'integer', (c) => c.notNull().references('organizers.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('street_address', 'text', (c) => c.notNull())
    .addColumn('postal_code', 'text')
    .addColumn('town_id', 'integer', (c) => c.notNull().references('towns.id'))
    .addColumn('lat', double)
    .addColumn('lon', double)
    .addColumn('step_free', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hearing_loop', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('accessible_toilet', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('accessible_parking', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('accessibility_notes', 'text')
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('updated_at', instant, (c) => c.notNull())
    .addCheckConstraint(
      'venues_flags_check',
      sql`${isBoolean('step_free')} and ${isBoolean('hearing_loop')} and ${isBoolean('accessible_toilet')} and ${isBoolean('accessible_parking')}`,
    )
    .execute();
  await db.schema.createIndex('venues_organizer_idx').on('venues').column('organizer_id').execute();
  await db.schema.createIndex('venues_town_idx').on('venues').column('town_id').execute();

  await withIdColumn(db, db.schema.createTable('activities'))
    .addColumn('uid', 'text', (c) => c.notNull().unique())
    .addColumn('edition_id', 'integer', (c) => c.notNull().references('editions.id'))
    .addColumn('organizer_id', 'integer', (c) => c.notNull().references('organizers.id'))
    .addColumn('external_ref', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('starts_at', instant, (c) => c.notNull())
    .addColumn('ends_at', instant, (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('venue_id', 'integer', (c) => c.references('venues.id'))
    .addColumn('town_id', 'integer', (c) => c.references('towns.id'))
    .addColumn('online_url', 'text')
    .addColumn('phone', 'text')
    .addColumn('accessibility_notes', 'text')
    .addColumn('registration', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('registration_url', 'text')
    .addColumn('registration_phone', 'text')
    .addColumn('capacity', 'integer')
    .addColumn('public_email', 'text')
    .addColumn('public_phone', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('status_reason', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('published_at', instant)
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('updated_at', instant, (c) => c.notNull())
    .addCheckConstraint('activities_time_check', sql`ends_at > starts_at`)
    .addCheckConstraint('activities_format_check', oneOf('format', FORMATS))
    .addCheckConstraint('activities_status_check', oneOf('status', ACTIVITY_STATUSES))
    .addCheckConstraint('activities_registration_check', oneOf('registration', REGISTRATION_KINDS))
    .addCheckConstraint('activities_capacity_check', sql`capacity is null or capacity > 0`)
    .addCheckConstraint('activities_revision_check', sql`revision >= 0`)
    .addCheckConstraint('activities_title_check', sql`title <> ''`)
    .addUniqueConstraint('activities_external_ref_unique', ['organizer_id', 'edition_id', 'external_ref'])
    .execute();
  await db.schema.createIndex('activities_edition_start_idx').on('activities').columns(['edition_id', 'starts_at', 'id']).execute();
  await db.schema.createIndex('activities_edition_town_idx').on('activities').columns(['edition_id', 'town_id', 'starts_at']).execute();
  await db.schema.createIndex('activities_organizer_idx').on('activities').columns(['organizer_id', 'edition_id']).execute();
  await db.schema.createIndex('activities_status_idx').on('activities').columns(['status', 'edition_id']).execute();
  await db.schema.createIndex('activities_venue_idx').on('activities').column('venue_id').execute();
  await db.schema.createIndex('activities_updated_idx').on('activities').column('updated_at').execute();

  await db.schema
    .createTable('activity_co_organizers')
    .addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id').onDelete('cascade'))
    .addColumn('organizer_id', 'integer', (c) => c.notNull().references('organizers.id'))
    .addPrimaryKeyConstraint('activity_co_organizers_pk', ['activity_id', 'organizer_id'])
    .execute();
  await db.schema.createIndex('activity_co_organizers_organizer_idx').on('activity_co_organizers').columns(['organizer_id', 'activity_id']).execute();

  for (const [table, column, values] of [
    ['activity_audiences', 'audience', AUDIENCES],
    ['activity_topics', 'topic', TOPICS],
    ['activity_languages', 'language', LANGUAGES],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id').onDelete('cascade'))
      .addColumn(column, 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['activity_id', column])
      .addCheckConstraint(`${table}_${column}_check`, oneOf(column, values))
      .execute();
    await db.schema.createIndex(`${table}_${column}_idx`).on(table).columns([column, 'activity_id']).execute();
  }

  await withIdColumn(db, db.schema.createTable('accounts'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('organizer'))
    .addColumn('email_verified_at', instant)
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('updated_at', instant, (c) => c.notNull())
    .addCheckConstraint('accounts_role_check', oneOf('role', ACCOUNT_ROLES))
    .addCheckConstraint('accounts_email_check', sql`email = lower(email) and email like '%_@_%'`)
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('organizer_id', 'integer', (c) => c.notNull().references('organizers.id').onDelete('cascade'))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['account_id', 'organizer_id'])
    .execute();
  await db.schema.createIndex('memberships_organizer_idx').on('memberships').column('organizer_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'integer', (c) => c.references('accounts.id').onDelete('cascade'))
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('expires_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();
  await db.schema.createIndex('sessions_account_idx').on('sessions').column('account_id').execute();

  await withIdColumn(db, db.schema.createTable('audit_log'))
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addCheckConstraint('audit_log_entity_check', oneOf('entity_type', AUDIT_ENTITIES))
    .execute();
  await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['entity_type', 'entity_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_log',
    'sessions',
    'memberships',
    'accounts',
    'activity_languages',
    'activity_topics',
    'activity_audiences',
    'activity_co_organizers',
    'activities',
    'venues',
    'organizers',
    'towns',
    'municipalities',
    'counties',
    'editions',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
