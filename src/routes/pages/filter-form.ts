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
  options: readonly Option[];
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

interface Choice {
  value: string;
  label: string;
}

/**
 * A menu's choices in a language, made once for each list they come from: the domain keeps its
 * lists (towns, organizers, an edition's days) until they change, and a new list is a new object,
 * so a menu made from an old one is never shown again. Its options with one of them chosen are
 * kept too, frozen, so that their HTML can be (`{{menuOptions}}`, src/views/kept-partials.ts): a
 * search page's menus hold some 400 options, and sorting, copying and rendering them on every
 * request was a fifth of its time. Only real choices are kept, so an address cannot add more.
 */
const menus = new WeakMap<object, Map<string, readonly Choice[]>>();
const chosenMenus = new WeakMap<readonly Choice[], Map<string, readonly Option[]>>();
function menu(name: MenuParam, lang: Lang, source: object, make: () => Choice[]): readonly Choice[] {
  let made = menus.get(source);
  if (!made) menus.set(source, (made = new Map()));
  const key = `${name} ${lang}`;
  let choices = made.get(key);
  if (!choices) made.set(key, (choices = Object.freeze(make())));
  return choices;
}

/** The options of a menu with `chosen` selected; `all`, when given, is the first option's label (chosen by none). */
function menuOptions(choices: readonly Choice[], chosen: string | undefined, all: string | null): readonly Option[] {
  const make = () => [
    ...(all === null ? [] : [{ value: '', label: all, selected: !chosen }]),
    ...choices.map((choice) => ({ ...choice, selected: chosen === choice.value })),
  ];
  if (chosen && !choices.some((choice) => choice.value === chosen)) return make();
  let made = chosenMenus.get(choices);
  if (!made) chosenMenus.set(choices, (made = new Map()));
  const key = `${chosen ?? ''} ${all}`;
  let options = made.get(key);
  if (!options) made.set(key, (options = Object.freeze(make().map((option) => Object.freeze(option)))));
  return options;
}

type MenuParam = Exclude<FilterParam, 'q' | 'from' | 'to' | 'access'>;

/** The menus of the filter form, for the edition shown, from the lists the domain read; `shown` names the menus the page offers. */
export function filterForm(lang: Lang, edition: Edition, filters: ParsedFilters, shown: readonly FilterParam[], choices: FilterChoices): FilterFormData {
  const wants = (name: FilterParam) => shown.includes(name);
  const { editions, regions, towns, organizers } = choices;
  const values = filters.values;
  const labelled = (family: string, list: readonly string[]) => () => list.map((value) => ({ value, label: t(lang, `${family}.${value}`) }));
  const byLabel = (make: () => Choice[]) => () => {
    const collator = collatorFor(lang);
    return make().sort((a, b) => collator.compare(a.label, b.label));
  };
  const days = editionDays(edition);
  const menuOf: Record<MenuParam, () => readonly Choice[]> = {
    edition: () => menu('edition', lang, editions, () => editions.map((e) => ({ value: e.slug, label: e.name })).reverse()),
    county: () => menu('county', lang, regions, () => regions.map((c) => ({ value: c.code, label: c.name }))),
    municipality: () =>
      menu('municipality', lang, towns, byLabel(() => [...new Map(towns.map((town) => [town.municipality.code, town.municipality.name]))].map(([value, label]) => ({ value, label })))),
    town: () => menu('town', lang, towns, () => towns.map((town) => ({ value: town.slug, label: town.name }))),
    day: () => menu('day', lang, days, () => days.map((day) => ({ value: day, label: formatDay(lang, day) }))),
    timeOfDay: () => menu('timeOfDay', lang, TIMES_OF_DAY, labelled('timeOfDay', TIMES_OF_DAY)),
    audience: () => menu('audience', lang, AUDIENCES, byLabel(labelled('audience', AUDIENCES))),
    topic: () => menu('topic', lang, TOPICS, byLabel(labelled('topic', TOPICS))),
    format: () => menu('format', lang, ACTIVITY_FORMATS, labelled('format', ACTIVITY_FORMATS)),
    language: () => menu('language', lang, ACTIVITY_LANGUAGES, byLabel(labelled('language', ACTIVITY_LANGUAGES))),
    organizer: () => menu('organizer', lang, organizers, () => organizers.map((o) => ({ value: o.slug, label: o.name }))),
  };
  // A programme is always of one edition: its menu has no "all", and shows the edition on view.
  const select = (name: MenuParam): FilterField => ({
    name,
    label: t(lang, `filters.${name}`),
    options:
      name === 'edition'
        ? menuOptions(menuOf.edition(), values.edition || edition.slug, null)
        : menuOptions(menuOf[name](), values[name], t(lang, 'filters.all')),
  });
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
    selects: shown.flatMap((name) => (name in menuOf ? [select(name as MenuParam)] : [])),
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
