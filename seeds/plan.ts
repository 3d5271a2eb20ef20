import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  ActivityFormat,
  ActivityStatus,
  Audience,
  DB,
  EditionStatus,
  Language,
  OrganizerKind,
  ReportHeld,
  Topic,
} from '../src/db/types.js';
import { searchText } from '../src/db/search.js';

/** Rows to write, keyed by slugs rather than ids so a plan can be built without a database. */
export interface PlannedEdition {
  slug: string;
  year: number;
  name: string;
  firstDay: string;
  lastDay: string;
  registrationOpensAt: string;
  registrationClosesAt: string;
  status: EditionStatus;
  helpPhone: string | null;
  /** The languages the help phone answers in; Swedish only when left out. */
  helpPhoneLanguages?: string[];
  helpText: string | null;
  /** The help text in other languages than Swedish, by language. */
  helpTextTranslations: Record<string, string>;
  createdAt: string;
}

export interface PlannedOrganizer {
  slug: string;
  name: string;
  kind: OrganizerKind;
  description: string;
  website: string;
  publicEmail: string;
  publicPhone: string;
  privateContactName: string;
  privateEmail: string;
  privatePhone: string;
  trusted: boolean;
  createdAt: string;
}

export interface PlannedVenue {
  organizerSlug: string;
  name: string;
  streetAddress: string;
  postalCode: string;
  townSlug: string;
  lat: number;
  lon: number;
  stepFree: boolean;
  hearingLoop: boolean;
  accessibleToilet: boolean;
  accessibleParking: boolean;
  accessibilityNotes: string | null;
  createdAt: string;
}

export interface PlannedActivity {
  uid: string;
  editionSlug: string;
  organizerSlug: string;
  coOrganizerSlugs: string[];
  venueName: string | null;
  townSlug: string | null;
  title: string;
  summary: string;
  description: string;
  startsAt: string;
  endsAt: string;
  format: ActivityFormat;
  onlineUrl: string | null;
  phone: string | null;
  accessibilityNotes: string | null;
  registration: 'none' | 'required';
  registrationUrl: string | null;
  registrationPhone: string | null;
  capacity: number | null;
  publicEmail: string | null;
  publicPhone: string | null;
  status: ActivityStatus;
  statusReason: string | null;
  revision: number;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  audiences: Audience[];
  topics: Topic[];
  languages: Language[];
  /** What the organizer reported after the day, if it did. */
  report?: PlannedReport;
}

export interface PlannedReport {
  participants: number;
  held: ReportHeld;
  comment: string | null;
  /** Figures per audience, where the organizer gave them. */
  audiences: Partial<Record<Audience, number>>;
  reportedAt: string;
}

export interface Plan {
  editions: PlannedEdition[];
  organizers: PlannedOrganizer[];
  venues: PlannedVenue[];
  activities: PlannedActivity[];
}

/** A UUID derived from a name, so seeded activities keep their calendar UID from run to run. */
export function stableUuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const CHUNK = 200;

async function inChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

const flag = (value: boolean) => (value ? 1 : 0);

/**
 * Writes a plan. Editions, organizers and venues that already exist (same slug,
 * same organizer and name) are reused, so plans can be written one after another.
 */
export async function writePlan(db: Kysely<DB>, plan: Plan): Promise<void> {
  await inChunks(plan.editions, (chunk) =>
    db
      .insertInto('editions')
      .values(
        chunk.map((e) => ({
          slug: e.slug,
          year: e.year,
          name: e.name,
          first_day: e.firstDay,
          last_day: e.lastDay,
          registration_opens_at: e.registrationOpensAt,
          registration_closes_at: e.registrationClosesAt,
          status: e.status,
          help_phone: e.helpPhone,
          help_text: e.helpText,
          ...(e.helpPhoneLanguages ? { help_phone_languages: e.helpPhoneLanguages.join(',') } : {}),
          created_at: e.createdAt,
          updated_at: e.createdAt,
        })),
      )
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute(),
  );
  for (const e of plan.editions) {
    const texts = Object.entries(e.helpTextTranslations);
    if (texts.length === 0) continue;
    const { id } = await db.selectFrom('editions').select('id').where('slug', '=', e.slug).executeTakeFirstOrThrow();
    await db
      .insertInto('edition_texts')
      .values(texts.map(([language, helpText]) => ({ edition_id: id, language, help_text: helpText })))
      .onConflict((oc) => oc.columns(['edition_id', 'language']).doNothing())
      .execute();
  }
  await inChunks(plan.organizers, (chunk) =>
    db
      .insertInto('organizers')
      .values(
        chunk.map((o) => ({
          slug: o.slug,
          name: o.name,
          kind: o.kind,
          description: o.description,
          website: o.website,
          public_email: o.publicEmail,
          public_phone: o.publicPhone,
          private_contact_name: o.privateContactName,
          private_email: o.privateEmail,
          private_phone: o.privatePhone,
          trusted: flag(o.trusted),
          created_at: o.createdAt,
          updated_at: o.createdAt,
        })),
      )
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute(),
  );

  const editionIds = new Map(
    (await db.selectFrom('editions').select(['id', 'slug']).execute()).map((e) => [e.slug, e.id]),
  );
  const organizerIds = new Map(
    (await db.selectFrom('organizers').select(['id', 'slug']).execute()).map((o) => [o.slug, o.id]),
  );
  const townIds = new Map((await db.selectFrom('towns').select(['id', 'slug']).execute()).map((t) => [t.slug, t.id]));
  const need = <K, V>(map: Map<K, V>, key: K, what: string): V => {
    const value = map.get(key);
    if (value === undefined) throw new Error(`seed plan refers to unknown ${what} "${String(key)}"`);
    return value;
  };

  const venueKey = (organizerId: number, name: string) => `${organizerId}\u0000${name}`;
  const loadVenues = async () =>
    new Map(
      (await db.selectFrom('venues').select(['id', 'organizer_id', 'name']).execute()).map((v) => [
        venueKey(v.organizer_id, v.name),
        v.id,
      ]),
    );
  const existingVenues = await loadVenues();
  const newVenues = plan.venues.filter(
    (v) => !existingVenues.has(venueKey(need(organizerIds, v.organizerSlug, 'organizer'), v.name)),
  );
  await inChunks(newVenues, (chunk) =>
    db
      .insertInto('venues')
      .values(
        chunk.map((v) => ({
          organizer_id: need(organizerIds, v.organizerSlug, 'organizer'),
          name: v.name,
          street_address: v.streetAddress,
          postal_code: v.postalCode,
          town_id: need(townIds, v.townSlug, 'town'),
          lat: v.lat,
          lon: v.lon,
          step_free: flag(v.stepFree),
          hearing_loop: flag(v.hearingLoop),
          accessible_toilet: flag(v.accessibleToilet),
          accessible_parking: flag(v.accessibleParking),
          accessibility_notes: v.accessibilityNotes,
          created_at: v.createdAt,
          updated_at: v.createdAt,
        })),
      )
      .execute(),
  );
  const venueIds = newVenues.length > 0 ? await loadVenues() : existingVenues;

  await inChunks(plan.activities, async (chunk) => {
    const inserted = await db
      .insertInto('activities')
      .values(
        chunk.map((a) => {
          const organizerId = need(organizerIds, a.organizerSlug, 'organizer');
          return {
            uid: a.uid,
            edition_id: need(editionIds, a.editionSlug, 'edition'),
            organizer_id: organizerId,
            title: a.title,
            summary: a.summary,
            description: a.description,
            search_text: searchText(a),
            starts_at: a.startsAt,
            ends_at: a.endsAt,
            format: a.format,
            venue_id: a.venueName === null ? null : need(venueIds, venueKey(organizerId, a.venueName), 'venue'),
            town_id: a.townSlug === null ? null : need(townIds, a.townSlug, 'town'),
            online_url: a.onlineUrl,
            phone: a.phone,
            accessibility_notes: a.accessibilityNotes,
            registration: a.registration,
            registration_url: a.registrationUrl,
            registration_phone: a.registrationPhone,
            capacity: a.capacity,
            public_email: a.publicEmail,
            public_phone: a.publicPhone,
            status: a.status,
            status_reason: a.statusReason,
            revision: a.revision,
            published_at: a.publishedAt,
            created_at: a.createdAt,
            updated_at: a.updatedAt,
          };
        }),
      )
      .returning(['id', 'uid'])
      .execute();
    const ids = new Map(inserted.map((row) => [row.uid, row.id]));
    const children = chunk.map((a) => ({ id: ids.get(a.uid)!, a }));
    const coOrganizers = children.flatMap(({ id, a }) =>
      a.coOrganizerSlugs.map((slug) => ({ activity_id: id, organizer_id: need(organizerIds, slug, 'organizer') })),
    );
    if (coOrganizers.length) await db.insertInto('activity_co_organizers').values(coOrganizers).execute();
    const audiences = children.flatMap(({ id, a }) => a.audiences.map((audience) => ({ activity_id: id, audience })));
    if (audiences.length) await db.insertInto('activity_audiences').values(audiences).execute();
    const topics = children.flatMap(({ id, a }) => a.topics.map((topic) => ({ activity_id: id, topic })));
    if (topics.length) await db.insertInto('activity_topics').values(topics).execute();
    const languages = children.flatMap(({ id, a }) => a.languages.map((language) => ({ activity_id: id, language })));
    if (languages.length) await db.insertInto('activity_languages').values(languages).execute();
    const reported = children.flatMap(({ id, a }) => (a.report ? [{ id, report: a.report }] : []));
    if (reported.length) {
      await db
        .insertInto('activity_reports')
        .values(
          reported.map(({ id, report }) => ({
            activity_id: id,
            participants: report.participants,
            held: report.held,
            comment: report.comment,
            account_id: null,
            created_at: report.reportedAt,
            updated_at: report.reportedAt,
          })),
        )
        .execute();
      const figures = reported.flatMap(({ id, report }) =>
        Object.entries(report.audiences).map(([audience, participants]) => ({ activity_id: id, audience: audience as Audience, participants: participants! })),
      );
      if (figures.length) await db.insertInto('activity_report_audiences').values(figures).execute();
    }
  });
}
