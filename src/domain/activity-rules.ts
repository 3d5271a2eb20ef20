import { DateTime } from 'luxon';
import { recordColumns } from '../db/records.js';
import {
  ACTIVITY_FORMATS,
  AUDIENCES,
  type Activity,
  type ActivityFormat,
  type ActivityStatus,
  type ActivityUpdate,
  type Audience,
  type CamelCase,
  type Edition,
  LANGUAGES,
  type Language,
  PUBLIC_STATUSES,
  REGISTRATION_KINDS,
  type RegistrationKind,
  TOPICS,
  type Topic,
} from '../db/types.js';
import type { VenueInput } from '../repositories/venues.js';
import { AppError } from './errors.js';
import { ZONE } from './time.js';

/**
 * The rules of an activity that a schema cannot express: what a complete, consistent
 * activity is, how its status may move, when calendars must be told (revision), and
 * what looks like a duplicate. No database and no HTTP here: callers pass what is needed.
 */

/** Field name -> message key (src/i18n/*.json, under "form.errors"). Empty when the draft is valid. */
export type FieldErrors = Record<string, string>;

export const LIMITS = {
  title: { min: 3, max: 120 },
  summary: 300,
  description: 5000,
  notes: 1000,
  url: 500,
  phone: 40,
  email: 254,
  capacity: 100_000,
} as const;

/** What the form sends: every value a string (or list of strings), exactly as typed. */
export interface ActivityForm {
  title: string;
  summary: string;
  description: string;
  day: string;
  startTime: string;
  endTime: string;
  format: string;
  venueId: string;
  townId: string;
  onlineUrl: string;
  phone: string;
  accessibilityNotes: string;
  registration: string;
  registrationUrl: string;
  registrationPhone: string;
  capacity: string;
  publicEmail: string;
  publicPhone: string;
  audiences: string[];
  topics: string[];
  languages: string[];
}

export const EMPTY_FORM: ActivityForm = {
  title: '',
  summary: '',
  description: '',
  day: '',
  startTime: '',
  endTime: '',
  format: 'on_site',
  venueId: '',
  townId: '',
  onlineUrl: '',
  phone: '',
  accessibilityNotes: '',
  registration: 'none',
  registrationUrl: '',
  registrationPhone: '',
  capacity: '',
  publicEmail: '',
  publicPhone: '',
  audiences: [],
  topics: [],
  languages: ['sv'],
};

/** A checked, typed activity, ready to be written. Instants are ISO-8601 UTC. */
export interface ActivityDraft {
  title: string;
  summary: string;
  description: string;
  startsAt: string;
  endsAt: string;
  format: ActivityFormat;
  venueId: number | null;
  townId: number | null;
  onlineUrl: string | null;
  phone: string | null;
  accessibilityNotes: string | null;
  registration: RegistrationKind;
  registrationUrl: string | null;
  registrationPhone: string | null;
  capacity: number | null;
  publicEmail: string | null;
  publicPhone: string | null;
  audiences: Audience[];
  topics: Topic[];
  languages: Language[];
}

/** What the rules need to know about the world around the draft. */
export interface DraftContext {
  edition: Pick<Edition, 'firstDay' | 'lastDay' | 'registrationOpensAt' | 'registrationClosesAt'>;
  /** Venues the organizer may use, by id, with their town. */
  venues: ReadonlyMap<number, { townId: number }>;
  townExists: (id: number) => boolean;
  /** Set when the form creates a venue in place (venueId "new") and its fields are valid. */
  newVenue?: { townId: number };
  /** Coordinators may add and change activities outside the registration window. */
  coordinator: boolean;
  /**
   * A change to an activity already submitted or published, not a submission: the registration
   * window limits adding activities, and organizers must be able to correct a time on the day, so
   * a correction is open until the theme day's last day is over.
   */
  correcting?: boolean;
  now: Date;
}

const URL_PATTERN = /^https?:\/\/[^\s/$.?#][^\s]*$/i;
const PHONE_PATTERN = /^\+?[0-9][0-9 ()-]{4,}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TIME_PATTERN = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const ID_PATTERN = /^[1-9][0-9]{0,9}$/;

/** Text as typed, trimmed, with Windows line ends made plain; never interpreted as HTML. */
export function cleanText(value: string): string {
  return value.replace(/\r\n?/g, '\n').trim();
}

const optional = (value: string): string | null => (cleanText(value) === '' ? null : cleanText(value));

function pickList<T extends string>(values: string[], allowed: readonly T[]): T[] | undefined {
  const unique = [...new Set(values)];
  return unique.every((v) => (allowed as readonly string[]).includes(v)) ? (unique as T[]) : undefined;
}

/** The venue choice that creates a venue from the form's venue fields. */
export const NEW_VENUE = 'new';

export interface VenueForm {
  venueName: string;
  venueStreetAddress: string;
  venuePostalCode: string;
  venueTownId: string;
  venueStepFree: boolean;
  venueHearingLoop: boolean;
  venueAccessibleToilet: boolean;
  venueAccessibleParking: boolean;
}

export const EMPTY_VENUE_FORM: VenueForm = {
  venueName: '',
  venueStreetAddress: '',
  venuePostalCode: '',
  venueTownId: '',
  venueStepFree: false,
  venueHearingLoop: false,
  venueAccessibleToilet: false,
  venueAccessibleParking: false,
};

/**
 * The venue the form means. On site (the form's default) with the list left at "choose a place" and
 * the new venue's fields filled in, the organizer means the new venue: asking them to also pick "new
 * venue" in the list only refused their first venue.
 */
export function venueChoice(form: Pick<ActivityForm, 'format' | 'venueId'>, venueForm: VenueForm): string {
  if (form.venueId !== '' || (form.format !== 'on_site' && form.format !== 'hybrid')) return form.venueId;
  const typed = [venueForm.venueName, venueForm.venueStreetAddress, venueForm.venuePostalCode, venueForm.venueTownId].some((v) => cleanText(v) !== '');
  return typed ? NEW_VENUE : '';
}

/** A new activity's form: on site, and an organizer without venues starts on the new venue's fields. */
export function newActivityForm(venueCount: number): ActivityForm {
  return venueCount === 0 ? { ...EMPTY_FORM, venueId: NEW_VENUE } : EMPTY_FORM;
}

/** Checks the fields of a venue created in place; same shape of result as validateActivity. */
export function validateVenue(form: VenueForm, townExists: (id: number) => boolean): { venue?: VenueInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = cleanText(form.venueName);
  if (name === '') errors.venueName = 'venue_name_required';
  else if (name.length > LIMITS.title.max) errors.venueName = 'venue_name_long';
  const streetAddress = cleanText(form.venueStreetAddress);
  if (streetAddress === '') errors.venueStreetAddress = 'street_required';
  else if (streetAddress.length > LIMITS.title.max) errors.venueStreetAddress = 'street_long';
  const postalCode = cleanText(form.venuePostalCode).replace(/\s+/g, '');
  if (postalCode !== '' && !/^[0-9]{5}$/.test(postalCode)) errors.venuePostalCode = 'postal_code_invalid';
  if (!ID_PATTERN.test(form.venueTownId) || !townExists(Number(form.venueTownId))) errors.venueTownId = 'town_required';
  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    venue: {
      name,
      streetAddress,
      postalCode: postalCode === '' ? null : `${postalCode.slice(0, 3)} ${postalCode.slice(3)}`,
      townId: Number(form.venueTownId),
      stepFree: form.venueStepFree,
      hearingLoop: form.venueHearingLoop,
      accessibleToilet: form.venueAccessibleToilet,
      accessibleParking: form.venueAccessibleParking,
      accessibilityNotes: null,
    },
  };
}

/** Checks a form against the rules; returns the draft when every field is right, else a message key per field. */
export function validateActivity(form: ActivityForm, context: DraftContext): { draft?: ActivityDraft; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const { edition } = context;

  const title = cleanText(form.title);
  if (title === '') errors.title = 'title_required';
  else if (title.length < LIMITS.title.min) errors.title = 'title_short';
  else if (title.length > LIMITS.title.max) errors.title = 'title_long';

  const summary = cleanText(form.summary);
  if (summary === '') errors.summary = 'summary_required';
  else if (summary.length > LIMITS.summary) errors.summary = 'summary_long';
  const description = cleanText(form.description);
  if (description.length > LIMITS.description) errors.description = 'description_long';
  const accessibilityNotes = optional(form.accessibilityNotes);
  if (accessibilityNotes && accessibilityNotes.length > LIMITS.notes) errors.accessibilityNotes = 'notes_long';

  let startsAt: DateTime | undefined;
  let endsAt: DateTime | undefined;
  if (!DAY_PATTERN.test(form.day) || !DateTime.fromISO(form.day, { zone: ZONE }).isValid) errors.day = 'day_required';
  else if (form.day < edition.firstDay || form.day > edition.lastDay) errors.day = 'day_outside_edition';
  // Each field its own message: the error summary must say which time is wrong.
  if (!TIME_PATTERN.test(form.startTime)) errors.startTime = 'start_time_invalid';
  if (!TIME_PATTERN.test(form.endTime)) errors.endTime = 'end_time_invalid';
  // Two clock times of one day compare as text, so a wrong day does not hide a wrong end.
  if (!errors.startTime && !errors.endTime && form.endTime <= form.startTime) errors.endTime = 'end_before_start';
  if (!errors.day && !errors.startTime && !errors.endTime) {
    startsAt = DateTime.fromISO(`${form.day}T${form.startTime}`, { zone: ZONE });
    endsAt = DateTime.fromISO(`${form.day}T${form.endTime}`, { zone: ZONE });
    // The hour clocks skip when summer time begins: 02:30 does not exist that night.
    if (endsAt <= startsAt) errors.endTime = 'end_before_start';
  }

  const format = (ACTIVITY_FORMATS as readonly string[]).includes(form.format) ? (form.format as ActivityFormat) : undefined;
  if (!format) errors.format = 'format_required';

  const onlineUrl = optional(form.onlineUrl);
  if (onlineUrl && (onlineUrl.length > LIMITS.url || !URL_PATTERN.test(onlineUrl))) errors.onlineUrl = 'online_url_invalid';
  else if ((format === 'online' || format === 'hybrid') && !onlineUrl) errors.onlineUrl = 'online_url_required';

  const phone = optional(form.phone);
  if (phone && (phone.length > LIMITS.phone || !PHONE_PATTERN.test(phone))) errors.phone = 'phone_invalid';
  else if (format === 'phone' && !phone) errors.phone = 'phone_required';

  let venueId: number | null = null;
  let townId: number | null = null;
  if (format === 'on_site' || format === 'hybrid') {
    if (form.venueId === NEW_VENUE) {
      // The venue's own fields carry their messages; the activity then takes the new venue's town.
      if (context.newVenue) townId = context.newVenue.townId;
      else errors.venueId = 'venue_new_invalid';
    } else if (!ID_PATTERN.test(form.venueId)) errors.venueId = 'venue_required';
    else if (!context.venues.has(Number(form.venueId))) errors.venueId = 'venue_unknown';
    else {
      venueId = Number(form.venueId);
      townId = context.venues.get(venueId)!.townId;
    }
  } else if (form.townId !== '') {
    // Online and phone activities may name a town they are aimed at; none means the whole country.
    if (!ID_PATTERN.test(form.townId) || !context.townExists(Number(form.townId))) errors.townId = 'town_unknown';
    else townId = Number(form.townId);
  }

  const registration = (REGISTRATION_KINDS as readonly string[]).includes(form.registration)
    ? (form.registration as RegistrationKind)
    : undefined;
  if (!registration) errors.registration = 'registration_invalid';
  const registrationUrl = optional(form.registrationUrl);
  const registrationPhone = optional(form.registrationPhone);
  if (registrationUrl && (registrationUrl.length > LIMITS.url || !URL_PATTERN.test(registrationUrl))) {
    errors.registrationUrl = 'registration_url_invalid';
  }
  if (registrationPhone && (registrationPhone.length > LIMITS.phone || !PHONE_PATTERN.test(registrationPhone))) {
    errors.registrationPhone = 'registration_phone_invalid';
  }
  if (registration === 'required' && !registrationUrl && !registrationPhone && !errors.registrationUrl && !errors.registrationPhone) {
    errors.registrationUrl = 'registration_contact_required';
  }

  let capacity: number | null = null;
  if (form.capacity.trim() !== '') {
    const n = Number(form.capacity.trim());
    if (!Number.isInteger(n) || n < 1 || n > LIMITS.capacity) errors.capacity = 'capacity_invalid';
    else capacity = n;
  }

  const publicEmail = optional(form.publicEmail);
  if (publicEmail && (publicEmail.length > LIMITS.email || !EMAIL_PATTERN.test(publicEmail))) errors.publicEmail = 'email_invalid';
  const publicPhone = optional(form.publicPhone);
  if (publicPhone && (publicPhone.length > LIMITS.phone || !PHONE_PATTERN.test(publicPhone))) errors.publicPhone = 'public_phone_invalid';

  const audiences = pickList(form.audiences, AUDIENCES);
  if (!audiences) errors.audiences = 'choice_invalid';
  else if (audiences.length === 0) errors.audiences = 'audience_required';
  const topics = pickList(form.topics, TOPICS);
  if (!topics) errors.topics = 'choice_invalid';
  else if (topics.length === 0) errors.topics = 'topic_required';
  const languages = pickList(form.languages, LANGUAGES);
  if (!languages) errors.languages = 'choice_invalid';
  else if (languages.length === 0) errors.languages = 'language_required';

  if (!context.coordinator) {
    const now = context.now.toISOString();
    if (context.correcting) {
      if (now >= editionOver(edition)) errors.edition = 'edition_over';
    } else if (now < edition.registrationOpensAt) errors.edition = 'registration_not_open';
    else if (now >= edition.registrationClosesAt) errors.edition = 'registration_closed';
  }

  if (Object.keys(errors).length > 0 || !startsAt || !endsAt || !format || !registration) return { errors };
  return {
    errors,
    draft: {
      title,
      summary,
      description,
      startsAt: startsAt.toUTC().toISO()!,
      endsAt: endsAt.toUTC().toISO()!,
      format,
      venueId,
      townId,
      onlineUrl: format === 'online' || format === 'hybrid' ? onlineUrl : null,
      phone,
      accessibilityNotes,
      registration: registration,
      registrationUrl: registration === 'required' ? registrationUrl : null,
      registrationPhone: registration === 'required' ? registrationPhone : null,
      capacity,
      publicEmail,
      publicPhone,
      audiences: audiences!,
      topics: topics!,
      languages: languages!,
    },
  };
}

/** The instant the edition's last day ends in Stockholm: corrections by organizers close then. */
export function editionOver(edition: Pick<Edition, 'lastDay'>): string {
  return DateTime.fromISO(edition.lastDay, { zone: ZONE }).plus({ days: 1 }).toUTC().toISO()!;
}

/** Whether saving over an activity in this status corrects it (see DraftContext.correcting): it is already submitted or published, so saving keeps its status. */
export function isCorrection(status: ActivityStatus | undefined): boolean {
  return status === 'published' || status === 'submitted';
}

/** The form as a stored activity fills it: for editing, and for duplicating. */
export function formFromActivity(
  activity: Activity,
  children: { audiences: string[]; topics: string[]; languages: string[] },
): ActivityForm {
  const start = DateTime.fromISO(activity.startsAt, { zone: ZONE });
  const end = DateTime.fromISO(activity.endsAt, { zone: ZONE });
  return {
    title: activity.title,
    summary: activity.summary,
    description: activity.description,
    day: start.toISODate()!,
    startTime: start.toFormat('HH:mm'),
    endTime: end.toFormat('HH:mm'),
    format: activity.format,
    venueId: activity.venueId === null ? '' : String(activity.venueId),
    townId: activity.townId === null ? '' : String(activity.townId),
    onlineUrl: activity.onlineUrl ?? '',
    phone: activity.phone ?? '',
    accessibilityNotes: activity.accessibilityNotes ?? '',
    registration: activity.registration,
    registrationUrl: activity.registrationUrl ?? '',
    registrationPhone: activity.registrationPhone ?? '',
    capacity: activity.capacity === null ? '' : String(activity.capacity),
    publicEmail: activity.publicEmail ?? '',
    publicPhone: activity.publicPhone ?? '',
    audiences: children.audiences,
    topics: children.topics,
    languages: children.languages,
  };
}

// ---- Status ----

export type StatusAction = 'submit' | 'approve' | 'reject' | 'cancel' | 'return';

const DONE: Record<StatusAction, string> = { submit: 'submitted', approve: 'approved', reject: 'rejected', cancel: 'cancelled', return: 'returned to review' };

/** A status move the rules do not allow, e.g. approving a draft: 409, nothing written. */
export class TransitionError extends AppError {
  constructor(
    readonly from: ActivityStatus,
    readonly action: StatusAction,
  ) {
    super(409, `An activity that is ${from} cannot be ${DONE[action]}.`);
  }
}

/**
 * The status an action leads to. Drafts and rejected activities may be (re)submitted; trusted
 * organizers' submissions publish directly; only submissions are reviewed; only published
 * activities are cancelled, and they stay visible as cancelled; a published one may be returned
 * to review.
 */
export function nextStatus(from: ActivityStatus, action: StatusAction, options: { trusted: boolean }): ActivityStatus {
  switch (action) {
    case 'submit':
      if (from === 'draft' || from === 'rejected') return options.trusted ? 'published' : 'submitted';
      break;
    case 'approve':
      if (from === 'submitted') return 'published';
      break;
    case 'reject':
      if (from === 'submitted') return 'rejected';
      break;
    case 'cancel':
      if (from === 'published') return 'cancelled';
      break;
    case 'return':
      // A coordinator sends a published activity changed since approval back to the queue.
      if (from === 'published') return 'submitted';
      break;
  }
  throw new TransitionError(from, action);
}

/** An organizer may change content while the activity is not closed; cancelled ones are final. */
export function isEditable(status: ActivityStatus): boolean {
  return status !== 'cancelled';
}

const isPublic = (status: ActivityStatus) => (PUBLIC_STATUSES as readonly ActivityStatus[]).includes(status);

/** Columns whose change calendar clients must learn about (iCalendar SEQUENCE). */
const CALENDAR_FIELDS = ['starts_at', 'ends_at', 'format', 'venue_id', 'town_id', 'online_url', 'status'] as const;

/**
 * The revision after a change. Calendars only ever saw the activity once it was public,
 * so the first publication keeps revision 0 and every later change of time, place or status
 * (including the cancellation) raises it by one.
 */
export function nextRevision(before: Pick<Activity, CamelCase<(typeof CALENDAR_FIELDS)[number]> | 'revision'>, after: ActivityUpdate): number {
  if (!isPublic(before.status)) return before.revision;
  const current = recordColumns(before, CALENDAR_FIELDS);
  const changed = CALENDAR_FIELDS.some((field) => field in after && after[field] !== current[field]);
  return changed ? before.revision + 1 : before.revision;
}

/** Field -> [before, after] for every field that differs: what the audit log records. */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [key, value] of Object.entries(after)) {
    if (key === 'updated_at' || key === 'revision') continue;
    const old = before[key];
    const same = Array.isArray(value) && Array.isArray(old) ? [...value].sort().join('\n') === [...old].sort().join('\n') : value === old;
    if (!same) changes[key] = [old ?? null, value ?? null];
  }
  return changes;
}

// ---- Duplicates ----

export interface DuplicateCandidate {
  id: number;
  organizerId: number;
  townId: number | null;
  startsAt: string;
  title: string;
}

/** Lower case, letters and digits only, single spaces: "Träffa BankID!" and "träffa bankid" read the same. */
export function normalizeTitle(title: string): string {
  return title.toLowerCase().normalize('NFC').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Titles that differ by at most a typo or two (one edit per 20 characters, at least one). */
export function nearlySameTitle(a: string, b: string): boolean {
  const x = normalizeTitle(a);
  const y = normalizeTitle(b);
  if (x === y) return true;
  const allowed = Math.max(1, Math.floor(Math.max(x.length, y.length) / 20));
  return Math.abs(x.length - y.length) <= allowed && editDistance(x, y) <= allowed;
}

const THIRTY_MINUTES = 30 * 60 * 1000;

/**
 * Possible duplicates of an activity among others: the same organizer in the same town
 * starting within 30 minutes, or a nearly identical title on the same day in the same
 * town or by the same organizer. A large organizer runs the same title in a hundred towns
 * on purpose, so a title alone is not enough.
 */
export function possibleDuplicates(activity: DuplicateCandidate, others: readonly DuplicateCandidate[]): number[] {
  const start = Date.parse(activity.startsAt);
  const day = DateTime.fromISO(activity.startsAt, { zone: ZONE }).toISODate();
  return others
    .filter((other) => {
      if (other.id === activity.id) return false;
      const sameOrganizer = other.organizerId === activity.organizerId;
      const sameTown = other.townId === activity.townId;
      if (sameOrganizer && sameTown && Math.abs(Date.parse(other.startsAt) - start) <= THIRTY_MINUTES) return true;
      const sameDay = DateTime.fromISO(other.startsAt, { zone: ZONE }).toISODate() === day;
      return sameDay && (sameTown || sameOrganizer) && nearlySameTitle(activity.title, other.title);
    })
    .map((other) => other.id);
}
