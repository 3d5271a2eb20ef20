import type { HelperOptions } from 'handlebars';
import { formatWhen as format } from '../../i18n/dates.js';
import { langOf } from '../context.js';

/** {{formatWhen startsAt endsAt}} -> "onsdag 2 oktober 2019, kl. 10:00–12:00" in Stockholm. */
export default function formatWhen(startsAt: string, endsAt: string, options: HelperOptions): string {
  return format(langOf(options), startsAt, endsAt);
}
