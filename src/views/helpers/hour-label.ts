import type { HelperOptions } from 'handlebars';
import { t } from '../../i18n/index.js';
import { langOf } from '../context.js';

/** {{hourLabel 14}} -> "Kl. 14" / "14:00": one heading for an hour's activities, on every page. */
export default function hourLabel(hour: number, options: HelperOptions): string {
  return t(langOf(options), 'time.hour', { hour: String(hour).padStart(2, '0') });
}
