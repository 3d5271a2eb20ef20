import type { HelperOptions } from 'handlebars';
import { formatTime as format } from '../../i18n/dates.js';
import { langOf } from '../context.js';

/** {{formatTime startsAt}} -> "10:00" in Stockholm. */
export default function formatTime(instant: string, options: HelperOptions): string {
  return format(langOf(options), instant);
}
