import type { Topic } from '../db/types.js';

/**
 * The few words the feeds, dumps and the embedded list print, in Swedish (default) and English.
 * Kept here until the site has one shared t(); then these move into its catalogues.
 */
export const FEED_LANGUAGES = ['sv', 'en'] as const;
export type FeedLanguage = (typeof FEED_LANGUAGES)[number];

interface Labels {
  cancelled: string;
  organizer: string;
  coOrganizers: string;
  online: string;
  byPhone: string;
  registration: string;
  noRegistration: string;
  moreInfo: string;
  reason: string;
  calendarDescription: (edition: string) => string;
  embedHeading: (edition: string) => string;
  embedNone: string;
  embedMore: string;
  newTab: string;
  topics: Record<Topic, string>;
}

const sv: Labels = {
  cancelled: 'INSTÄLLT: ',
  organizer: 'Arrangör',
  coOrganizers: 'Medarrangörer',
  online: 'Online',
  byPhone: 'Per telefon',
  registration: 'Anmälan krävs',
  noRegistration: 'Ingen anmälan behövs',
  moreInfo: 'Mer information',
  reason: 'Anledning',
  calendarDescription: (edition) => `Aktiviteter under ${edition}. Alla tider i svensk tid.`,
  embedHeading: (edition) => `Aktiviteter under ${edition}`,
  embedNone: 'Inga aktiviteter att visa här än.',
  embedMore: 'Se hela programmet',
  newTab: '(öppnas i en ny flik)',
  topics: {
    e_id: 'E-legitimation',
    e_services: 'E-tjänster',
    online_safety: 'Säkerhet på nätet',
    basics: 'Grunderna',
    payments: 'Betala digitalt',
    health: 'Vård och hälsa',
    communication: 'Kommunikation',
    job_search: 'Söka jobb',
    pension: 'Pension',
    taxes: 'Skatter',
    society: 'Samhälle',
    coding: 'Programmering',
  },
};

const en: Labels = {
  cancelled: 'CANCELLED: ',
  organizer: 'Organizer',
  coOrganizers: 'Co-organizers',
  online: 'Online',
  byPhone: 'By phone',
  registration: 'Registration required',
  noRegistration: 'No registration needed',
  moreInfo: 'More information',
  reason: 'Reason',
  calendarDescription: (edition) => `Activities during ${edition}. All times in Swedish time.`,
  embedHeading: (edition) => `Activities during ${edition}`,
  embedNone: 'No activities to show here yet.',
  embedMore: 'See the whole programme',
  newTab: '(opens in a new tab)',
  topics: {
    e_id: 'Electronic ID',
    e_services: 'E-services',
    online_safety: 'Online safety',
    basics: 'The basics',
    payments: 'Digital payments',
    health: 'Health care',
    communication: 'Communication',
    job_search: 'Job search',
    pension: 'Pension',
    taxes: 'Taxes',
    society: 'Society',
    coding: 'Coding',
  },
};

export function feedLabels(language: FeedLanguage): Labels {
  return language === 'en' ? en : sv;
}
