import type { Edition } from '../../db/types.js';
import { t } from '../../i18n/index.js';
import { cleanText } from '../activity-rules.js';
import { writeCsv } from '../csv.js';
import { type ColumnId, IMPORT_COLUMNS } from './columns.js';

/** The file organizers download to fill in, and the example row in it that must not be imported. */

const EXAMPLE = {
  ref: 'exempel-1',
  title: 'Skaffa BankID med hjälp',
  summary: 'Vi hjälper dig att skaffa BankID i mobilen och visar hur du loggar in på 1177 och Skatteverket.',
};

/** The template's example row, still the example: its reference with the example's title or summary. A row the organizer rewrote is theirs. */
export function isTemplateExample(ref: string, cells: Partial<Record<ColumnId, string>>): boolean {
  return ref === EXAMPLE.ref && (cleanText(cells.title ?? '') === EXAMPLE.title || cleanText(cells.summary ?? '') === EXAMPLE.summary);
}

/** The template: UTF-8 with a byte order mark, `;`, the header and one example row on the edition's first day. */
export function importTemplate(edition: Pick<Edition, 'firstDay'>): string {
  const example: Record<ColumnId, string> = {
    ref: EXAMPLE.ref,
    title: EXAMPLE.title,
    summary: EXAMPLE.summary,
    description: 'Ta med din mobil och din id-handling.\nKaffe finns.',
    day: edition.firstDay,
    startTime: '10:00',
    endTime: '12:00',
    format: t('sv', 'format.on_site'),
    venue: 'Stadsbiblioteket',
    street: 'Rådhusesplanaden 6',
    postalCode: '903 28',
    town: 'Umeå',
    onlineUrl: '',
    phone: '',
    audiences: [t('sv', 'audience.elderly'), t('sv', 'audience.newly_arrived')].join('|'),
    topics: [t('sv', 'topic.e_id'), t('sv', 'topic.e_services')].join('|'),
    languages: [t('sv', 'language.sv'), t('sv', 'language.ar')].join('|'),
    accessibilityNotes: 'Hiss till andra våningen.',
    registration: t('sv', 'import.registrationValue.none'),
    registrationUrl: '',
    registrationPhone: '',
    capacity: '20',
    publicEmail: '',
    publicPhone: '',
  };
  return writeCsv([IMPORT_COLUMNS.map((c) => c.name), IMPORT_COLUMNS.map((c) => example[c.id])], { bom: true });
}
