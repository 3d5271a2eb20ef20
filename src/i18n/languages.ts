/**
 * The interface languages. Adding one is this one line and its catalogue, src/i18n/<code>.json
 * (and, for the four service pages, content/<code>/*.md): see "Translating" in the README.
 *
 * - `name`: the language in its own name and script, as the language switch lists it.
 * - `locale`: what Intl and Luxon format dates, times and numbers with. Arabic and Persian ask for
 *   Western digits (`-u-nu-latn`): times and phone numbers on the page must read the same as on
 *   the poster at the venue and on the phone's keypad, and the organizers write them that way.
 *   And the Gregorian calendar (`-u-ca-gregory`): Persian would otherwise date the day in the
 *   Solar Hijri calendar, which no poster in Sweden does.
 * - `dir`: `rtl` mirrors the layout (the stylesheet uses logical properties only).
 * - `scope`: `all` covers the organizer and coordinator areas and mail to accounts too; `public`
 *   covers the public site, the embed and the feeds, and those areas fall back to `staff`.
 * - `reviewed`: whether a native speaker has read the catalogue through. Until then every page
 *   says so in one line, with a way to report a mistake.
 */
export const INTERFACE_LANGUAGES = [
  { code: 'sv', name: 'Svenska', locale: 'sv-SE', dir: 'ltr', scope: 'all', reviewed: true },
  { code: 'en', name: 'English', locale: 'en-GB', dir: 'ltr', scope: 'all', reviewed: true },
  { code: 'ar', name: 'العربية', locale: 'ar-u-ca-gregory-nu-latn', dir: 'rtl', scope: 'public', staff: 'en', reviewed: false },
  { code: 'fa', name: 'فارسی', locale: 'fa-u-ca-gregory-nu-latn', dir: 'rtl', scope: 'public', staff: 'en', reviewed: false },
  { code: 'uk', name: 'Українська', locale: 'uk-UA', dir: 'ltr', scope: 'public', staff: 'en', reviewed: false },
  { code: 'fi', name: 'Suomi', locale: 'fi-FI', dir: 'ltr', scope: 'public', staff: 'sv', reviewed: false },
] as const;

/**
 * The top-level groups of the catalogue the public site, the embed, the feeds and the visitor's
 * share mail use: a `public` language's catalogue holds exactly these.
 */
export const PUBLIC_GROUPS = [
  'site', 'layout', 'nav', 'header', 'footer', 'meta', 'time', 'count', 'common', 'pagination', 'selection', 'card', 'print',
  'error', 'home', 'search', 'audience', 'topic', 'format', 'language', 'organizerKind', 'statistics', 'reach', 'calendar',
  'calendarGrid', 'filters', 'timeOfDay', 'access', 'programme', 'towns', 'activity', 'organizers', 'map', 'subscribe',
  'feed', 'embed', 'partners', 'service', 'languages',
] as const;
