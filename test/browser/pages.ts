/**
 * Every page type of the public site, each checked in Chromium with axe-core, by the Nu
 * HTML checker, at 320 px and by keyboard. Add a page here when you add a page type;
 * the URLs are of the demo data (seeded against TEST_NOW, so the current edition is 2027).
 */
import { LANGUAGE_INFO, LANGUAGES } from '../../src/i18n/index.js';

export interface PageCheck {
  /** Names the page in test output. */
  name: string;
  path: string;
  /** The status the page answers with; 200 unless it is an error page. */
  status?: number;
  /** Selectors of links and form fields a keyboard user must reach with Tab from the top of the page. */
  tabTo?: string[];
}

export const PAGES: PageCheck[] = [
  { name: 'home', path: '/', tabTo: ['a[href="/orter"]', 'input[name="q"]'] },
  { name: 'towns', path: '/orter?edition=2019', tabTo: ['main a[href^="/orter/"]'] },
  { name: 'town programme', path: '/orter/stockholm?edition=2019', tabTo: ['main a[href^="/aktiviteter/"]'] },
  { name: 'municipality programme', path: '/kommuner/0180?edition=2019' },
  { name: 'county programme', path: '/lan/01?edition=2019' },
  { name: 'town programme, print view', path: '/orter/umea?edition=2019&print=1' },
  { name: 'search', path: '/aktiviteter?edition=2019', tabTo: ['main input[name="q"]', 'main a[href^="/aktiviteter/"]'] },
  { name: 'search with filters', path: '/aktiviteter?edition=2019&q=bankid&audience=elderly' },
  { name: 'search, bad input', path: '/aktiviteter?edition=2019&page=-1&county=99' , status: 400 },
  { name: 'search, start-time window', path: '/aktiviteter?edition=2019&from=2019-10-02T13:00&to=2019-10-02T15:00', tabTo: ['main summary', '.active-filters a'] },
  { name: 'search, start times that cannot be used', path: '/aktiviteter?edition=2019&from=2019-10-02T15:00&to=2019-10-02T13:00', status: 400, tabTo: ['.error-summary a[href="#filter-to"]', 'main input[name="to"]'] },
  { name: 'activity', path: '/aktiviteter/1' },
  { name: 'activity in English', path: '/aktiviteter/1?lang=en' },
  { name: 'not found', path: '/orter/finns-inte', status: 404, tabTo: ['main a[href="/"]'] },
  { name: 'statistics', path: '/statistik?edition=2019', tabTo: ['a[href="/statistik?edition=2020"]', '#chart-county summary'] },
  { name: 'calendar month', path: '/kalender/2019-10', tabTo: ['a[href="/kalender/2019-10-02"]', 'a[href="/kalender/2019-11"]'] },
  { name: 'calendar day', path: '/kalender/2019-10-02', tabTo: ['a[href="/kalender/2019-10"]', 'main h3 a'] },
  { name: 'calendar, two-day edition', path: '/kalender/2027-10', tabTo: ['a[href="/kalender/2027-10-08"]'] },
  { name: 'organizers', path: '/arrangorer?edition=2019', tabTo: ['a[href="/arrangorer/statens-servicecenter?edition=2019"]'] },
  { name: 'organizer', path: '/arrangorer/statens-servicecenter?edition=2019', tabTo: ['a[type="text/calendar"]', 'main h5 a'] },
  { name: 'map', path: '/karta?edition=2019', tabTo: ['a[href="/orter/umea?edition=2019"]'] },
  { name: 'use our data', path: '/anvand-vara-data?edition=2019&town=umea', tabTo: ['#partners-snippet', 'a.subscribe-webcal', '#subscribe-url'] },
  { name: 'about', path: '/om', tabTo: ['main a[href="/for-arrangorer"]', 'footer a[href="/tillganglighet"]'] },
  { name: 'accessibility statement', path: '/tillganglighet', tabTo: ['main a[href^="https://www.digg.se/"]'] },
  { name: 'privacy notice', path: '/personuppgifter', tabTo: ['main a[href^="https://www.imy.se/"]'] },
  { name: 'for organizers', path: '/for-arrangorer', tabTo: ['main a[href="/konto/registrera"]', 'main a[href="/konto/logga-in"]'] },
  // The same pages in English: every word of the site's own comes from the English catalogue.
  { name: 'home in English', path: '/?lang=en', tabTo: ['a[href="/orter"]', 'input[name="q"]'] },
  { name: 'town programme in English', path: '/orter/stockholm?edition=2019&lang=en', tabTo: ['summary', 'main a[href^="/aktiviteter/"]'] },
  { name: 'search in English', path: '/aktiviteter?edition=2019&q=bankid&lang=en', tabTo: ['main input[name="q"]', 'main a[href^="/aktiviteter/"]'] },
  { name: 'calendar month in English', path: '/kalender/2019-10?lang=en' },
  { name: 'about in English', path: '/om?lang=en' },
  { name: 'accessibility statement in English', path: '/tillganglighet?lang=en' },
  { name: 'privacy notice in English', path: '/personuppgifter?lang=en' },
  { name: 'for organizers in English', path: '/for-arrangorer?lang=en', tabTo: ['main a[href="/konto/registrera"]'] },
  // Home, a town, an activity and the search in each language of the public site only (Arabic,
  // Persian, Ukrainian, Finnish, and whichever comes next): right to left where the language is.
  ...LANGUAGES.filter((lang) => LANGUAGE_INFO[lang].scope === 'public').flatMap((lang): PageCheck[] => [
    { name: `home in ${lang}`, path: `/?lang=${lang}`, tabTo: ['a[href="/orter"]', 'input[name="q"]', '.in-your-language a'] },
    { name: `town programme in ${lang}`, path: `/orter/stockholm?edition=2019&lang=${lang}`, tabTo: ['summary', 'main a[href^="/aktiviteter/"]'] },
    { name: `activity in ${lang}`, path: `/aktiviteter/1?lang=${lang}` },
    { name: `search in ${lang}`, path: `/aktiviteter?edition=2019&q=bankid&lang=${lang}`, tabTo: ['main input[name="q"]', 'main a[href^="/aktiviteter/"]'] },
  ]),
];
