import type { Kysely } from 'kysely';
import type { DB, Edition } from '../db/types.js';
import { DEFAULT_LANG, type Lang } from '../i18n/index.js';
import { findEditionHelpText } from '../repositories/editions.js';
import { stockholmDay } from './time.js';

export interface EditionHelp {
  phone: string | null;
  /** The languages the phone answers in, as codes ("sv", "ar"). */
  phoneLanguages: string[];
  text: string | null;
  /** The language the text is in: the reader's, or Swedish when the edition has no translation. */
  textLang: Lang;
}

/** The edition's "help without the internet" in the reader's language, falling back to the Swedish text. */
export async function editionHelp(db: Kysely<DB>, edition: Edition, lang: Lang): Promise<EditionHelp> {
  const translated = lang === DEFAULT_LANG ? undefined : await findEditionHelpText(db, edition.id, lang);
  return {
    phone: edition.helpPhone,
    phoneLanguages: edition.helpPhoneLanguages.split(',').filter(Boolean),
    text: translated ?? edition.helpText,
    textLang: translated === undefined ? DEFAULT_LANG : lang,
  };
}

export interface RegistrationWindow {
  state: 'upcoming' | 'open' | 'closed';
  /** The first and the last day (Stockholm) one may register on: it closes at midnight ending lastDay. */
  opensOn: string;
  lastDay: string;
}

/** Where an edition's registration stands now, for the texts that tell organizers the deadline. */
export function registrationWindow(edition: Edition, now: Date): RegistrationWindow {
  const at = now.getTime();
  const opens = Date.parse(edition.registrationOpensAt);
  const closes = Date.parse(edition.registrationClosesAt);
  return {
    state: at < opens ? 'upcoming' : at < closes ? 'open' : 'closed',
    opensOn: stockholmDay(edition.registrationOpensAt),
    // Closing is an instant at midnight: the last whole day is the one before it.
    lastDay: stockholmDay(new Date(closes - 1).toISOString()),
  };
}
