import { randomUUID } from 'node:crypto';
import type { Edition } from '../../domain/records.js';
import { ACTIVITY_FORMATS, ACTIVITY_LANGUAGES, AUDIENCES, TOPICS } from '../../domain/vocabulary.js';
import { type ActivityForm, EMPTY_VENUE_FORM, type FieldErrors, NEW_VENUE, type VenueForm, venueChoice } from '../../domain/activity-rules.js';
import { type Lang, t } from '../../i18n/index.js';
import { editionDays } from '../../domain/catalog.js';
import { formatDay } from '../../i18n/dates.js';
import type { ActivityFormChoices, TownToPick } from '../../domain/organizer-desk.js';
import { type FormBody, formBody } from '../readable-input.js';
import { errorMessages } from './http.js';

/** Reading the activity form from a request, and everything its template needs to show it again. */

const TEXT_FIELDS = [
  'title',
  'summary',
  'description',
  'day',
  'startTime',
  'endTime',
  'format',
  'venueId',
  'townId',
  'onlineUrl',
  'phone',
  'accessibilityNotes',
  'registration',
  'registrationUrl',
  'registrationPhone',
  'capacity',
  'publicEmail',
  'publicPhone',
] as const;

/** The venue fields, as the activity form and the venue page send them; a ticked box sends "1". */
const VENUE_FIELDS = [
  'venueName',
  'venueStreetAddress',
  'venuePostalCode',
  'venueTownId',
  'venueStepFree',
  'venueHearingLoop',
  'venueAccessibleToilet',
  'venueAccessibleParking',
] as const;

const LIST_FIELDS = ['audiences', 'topics', 'languages'] as const;

/** The request's types for activityBody(...extra): the activity form, with the route's own fields beside it. */
export type ActivityBody<Extra extends string = never> = FormBody<(typeof TEXT_FIELDS)[number] | (typeof VENUE_FIELDS)[number] | Extra, (typeof LIST_FIELDS)[number]>;

/** Route options declaring the activity form's body and the route's own fields (the intent, the organizer...). */
export const activityBody = (...extra: string[]) => formBody([...TEXT_FIELDS, ...VENUE_FIELDS, ...extra], LIST_FIELDS);

/** The request's types for venueBody(...extra). */
export type VenueBody<Extra extends string = never> = FormBody<(typeof VENUE_FIELDS)[number] | Extra>;

/** Route options declaring the venue fields and what else the page sends. */
export const venueBody = (...extra: string[]) => formBody([...VENUE_FIELDS, ...extra], []);

/** The order fields appear in the form: the error summary lists them the same way. */
export const FIELD_ORDER = [
  'edition',
  'title',
  'summary',
  'description',
  'day',
  'startTime',
  'endTime',
  'format',
  'venueId',
  'venueName',
  'venueStreetAddress',
  'venuePostalCode',
  'venueTownId',
  'townId',
  'onlineUrl',
  'phone',
  'audiences',
  'topics',
  'languages',
  'accessibilityNotes',
  'registration',
  'registrationUrl',
  'registrationPhone',
  'capacity',
  'publicEmail',
  'publicPhone',
];

export function readActivityForm(body: ActivityBody['Body']): { form: ActivityForm; venueForm: VenueForm } {
  const form = Object.fromEntries(TEXT_FIELDS.map((name) => [name, body[name]])) as Record<(typeof TEXT_FIELDS)[number], string>;
  return { form: { ...form, audiences: body.audiences, topics: body.topics, languages: body.languages }, venueForm: readVenueForm(body) };
}

export function readVenueForm(body: VenueBody['Body']): VenueForm {
  return {
    venueName: body.venueName,
    venueStreetAddress: body.venueStreetAddress,
    venuePostalCode: body.venuePostalCode,
    venueTownId: body.venueTownId,
    venueStepFree: body.venueStepFree === '1',
    venueHearingLoop: body.venueHearingLoop === '1',
    venueAccessibleToilet: body.venueAccessibleToilet === '1',
    venueAccessibleParking: body.venueAccessibleParking === '1',
  };
}

export interface FormContext {
  lang: Lang;
  csrf: string;
  edition: Edition;
  organizer: { id: number; name: string };
  /** Where the form posts: /konto/aktiviteter for new ones, /konto/aktiviteter/:id for changes. */
  action: string;
  /** The status of the activity being edited; undefined for a new one. */
  status?: string;
  submissionKey?: string;
}

/** Towns as <optgroup>s by county, each option "Town (Municipality)", with the chosen one selected. */
export function townGroups(towns: readonly TownToPick[], selected: string) {
  const groups: { label: string; towns: { id: number; label: string; selected: boolean }[] }[] = [];
  for (const town of towns) {
    let group = groups.at(-1);
    if (!group || group.label !== town.countyName) groups.push((group = { label: town.countyName, towns: [] }));
    const label = town.name === town.municipalityName ? town.name : `${town.name} (${town.municipalityName})`;
    group.towns.push({ id: town.id, label, selected: String(town.id) === selected });
  }
  return groups;
}

const options = <T extends string>(lang: Lang, area: string, values: readonly T[], chosen: readonly string[]) =>
  values.map((value, index) => ({ value, label: t(lang, `${area}.${value}`), checked: chosen.includes(value), index }));

/** The template's data for the activity form: values as typed, options, messages per field and the summary. */
export function activityFormView(
  context: FormContext,
  { venues, towns }: ActivityFormChoices,
  form: ActivityForm,
  venueForm: VenueForm = EMPTY_VENUE_FORM,
  errors: FieldErrors = {},
) {
  const { lang } = context;
  const { byField, list } = errorMessages(lang, errors, FIELD_ORDER);
  // The summary links to the first box of a group of checkboxes.
  for (const item of list) if (['audiences', 'topics', 'languages'].includes(item.id.slice(6))) item.id += '-0';
  const editing = context.status !== undefined;
  return {
    title: t(lang, editing ? 'konto.form.editTitle' : 'konto.form.newTitle'),
    csrf: context.csrf,
    action: context.action,
    submissionKey: context.submissionKey ?? (editing ? undefined : randomUUID()),
    editing,
    published: context.status === 'published',
    canSubmit: !editing || context.status === 'draft' || context.status === 'rejected',
    edition: context.edition,
    organizer: context.organizer,
    values: form,
    venue: venueForm,
    errors: byField,
    errorList: list,
    editionError: byField.edition,
    days: editionDays(context.edition).map((day) => ({
      value: day,
      label: formatDay(lang, day),
      selected: day === form.day,
    })),
    formats: ACTIVITY_FORMATS.map((value) => ({ value, label: t(lang, `format.${value}`), checked: form.format === value })),
    venues: venues.map((v) => ({ id: v.id, label: `${v.name}, ${v.streetAddress}, ${v.townName}`, selected: String(v.id) === form.venueId })),
    newVenue: venueChoice(form, venueForm) === NEW_VENUE,
    towns: townGroups(towns, form.townId),
    venueTowns: townGroups(towns, venueForm.venueTownId),
    audiences: options(lang, 'audience', AUDIENCES, form.audiences),
    topics: options(lang, 'topic', TOPICS, form.topics),
    languages: options(lang, 'language', ACTIVITY_LANGUAGES, form.languages),
    registrationRequired: form.registration === 'required',
  };
}
