import type { HelperOptions } from 'handlebars';
import { formatNumber as format } from '../../i18n/index.js';
import { langOf } from '../context.js';

/** {{formatNumber 1315}} -> "1 315" in Swedish, "1,315" in English. */
export default function formatNumber(value: number, options: HelperOptions): string {
  return format(langOf(options), value);
}
