import { editionDays } from '../../domain/catalog.js';
import { formatDay } from '../../i18n/dates.js';
import { type Lang, collatorFor, t } from '../../i18n/index.js';
import type { FilterChoices } from '../../domain/public-pages.js';
import type { Edition } from '../../domain/records.js';
import { ACTIVITY_FORMATS, ACTIVITY_LANGUAGES, AUDIENCES, TIMES_OF_DAY, TOPICS, VENUE_FACTS } from '../../domain/vocabulary.js';
import { type FilterParam, type ParsedFilters, type TimeParam, formatDateTime, localDateTimeValue } from './filters.js';

interface Option {
  value: string;
  label: string;
  selected: boolean;
}

export interface FilterField {
  name: FilterParam;
  label: string;
  options: Option[];
}

/** A date-and-time field (Stockholm time), with its message when what was asked for cannot be used. */
export interface TimeField {
  name: TimeParam;
  label: string;
  /** The datetime-local value: empty when what was typed cannot be read (the message quotes it). */
  value: string;
  error: string | null;
}

export interface FilterFormData {
  selects: FilterField[];
  access: Option[] | null;
  q: string | null;
  times: { fields: TimeField[]; example: string } | null;
}

/** The menus of the filter form, for the edition shown, from the lists the domain read; `shown` names the menus the page offers. */
export function filterForm(lang: Lang, edition: Edition, filters: ParsedFilters, shown: readonly FilterParam[], choices: FilterChoices): FilterFormData {
  const wants = (name: FilterParam) => shown.includes(name);
  const { editions, regions, towns, organizers } = choices;
  const values = filters.values;
  const select = (name: FilterParam, choices: { value: string; label: string }[], all = true): FilterField => ({
    name,
    label: t(lang, `filters.${name}`),
    options: [
      ...(all ? [{ value: '', label: t(lang, 'filters.all'), selected: !values[name] }] : []),
      ...choices.map((c) => ({ ...c, selected: values[name] === c.value })),
    ],
  });
  const labelled = (family: string, list: readonly string[]) => list.map((value) => ({ value, label: t(lang, `${family}.${value}`) }));
  const collator = collatorFor(lang);
  const byLabel = (list: { value: string; label: string }[]) => [...list].sort((a, b) => collator.compare(a.label, b.label));
  const municipalities = new Map(towns.map((town) => [town.municipality.code, town.municipality.name]));

  const fields: Partial<Record<FilterParam, FilterField>> = {
    edition: select(
      'edition',
      editions.map((e) => ({ value: e.slug, label: e.name })),
      false,
    ),
    county: select(
      'county',
      regions.map((c) => ({ value: c.code, label: c.name })),
    ),
    municipality: select(
      'municipality',
      byLabel([...municipalities].map(([value, label]) => ({ value, label }))),
    ),
    town: select(
      'town',
      towns.map((town) => ({ value: town.slug, label: town.name })),
    ),
    day: select(
      'day',
      editionDays(edition).map((day) => ({ value: day, label: formatDay(lang, day) })),
    ),
    timeOfDay: select('timeOfDay', labelled('timeOfDay', TIMES_OF_DAY)),
    audience: select('audience', byLabel(labelled('audience', AUDIENCES))),
    topic: select('topic', byLabel(labelled('topic', TOPICS))),
    format: select('format', labelled('format', ACTIVITY_FORMATS)),
    language: select('language', byLabel(labelled('language', ACTIVITY_LANGUAGES))),
    organizer: select(
      'organizer',
      organizers.map((o) => ({ value: o.slug, label: o.name })),
    ),
  };
  if (fields.edition && !values.edition) {
    for (const option of fields.edition.options) option.selected = option.value === edition.slug;
  }
  const timeField = (name: TimeParam): TimeField => {
    const instant = filters.query[name];
    return {
      name,
      label: t(lang, `filters.${name}`),
      value: instant === undefined ? '' : localDateTimeValue(instant),
      error: filters.errors.find((e) => e.field === `filter-${name}`)?.message ?? null,
    };
  };
  return {
    q: wants('q') ? (values.q ?? '') : null,
    times:
      wants('from') && wants('to')
        ? { fields: [timeField('from'), timeField('to')], example: `${edition.firstDay} 10:00` }
        : null,
    selects: shown.flatMap((name) => (fields[name] ? [fields[name]] : [])),
    access: wants('access')
      ? VENUE_FACTS.map((fact) => ({ value: fact, label: t(lang, `access.${fact}`), selected: values.access?.includes(fact) ?? false }))
      : null,
  };
}

export interface ActiveFilter {
  param: FilterParam;
  label: string;
  removeHref: string;
}

/** The active filters in words ("Län: Norrbottens län"), each with a link that drops it: for the summary and the empty state. */
export function activeFilters(
  lang: Lang,
  form: Pick<FilterFormData, 'selects' | 'access' | 'times'>,
  filters: ParsedFilters,
  urlWithout: (param: FilterParam, value?: string) => string,
): ActiveFilter[] {
  const active: ActiveFilter[] = [];
  if (filters.values.q) active.push({ param: 'q', label: t(lang, 'filters.activeText', { text: filters.values.q }), removeHref: urlWithout('q') });
  for (const field of form.selects) {
    if (field.name === 'edition') continue;
    const chosen = field.options.find((o) => o.selected && o.value !== '');
    if (chosen) active.push({ param: field.name, label: `${field.label}: ${chosen.label}`, removeHref: urlWithout(field.name) });
  }
  for (const field of form.times?.fields ?? []) {
    const instant = filters.query[field.name];
    if (instant !== undefined) active.push({ param: field.name, label: `${field.label}: ${formatDateTime(lang, instant)}`, removeHref: urlWithout(field.name) });
  }
  for (const option of form.access ?? []) {
    if (option.selected) active.push({ param: 'access', label: option.label, removeHref: urlWithout('access', option.value) });
  }
  return active;
}
