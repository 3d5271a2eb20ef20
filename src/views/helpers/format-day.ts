import type { HelperOptions } from 'handlebars';
import { formatDay as format } from '../../i18n/dates.js';
import { langOf } from '../context.js';

/** {{formatDay startsAt}} -> "onsdag 2 oktober 2019" (an instant or a YYYY-MM-DD date, in Stockholm). */
export default function formatDay(value: string, options: HelperOptions): string {
  return format(langOf(options), value);
}
