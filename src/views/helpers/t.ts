import type { HelperOptions } from 'handlebars';
import { t as translate } from '../../i18n/index.js';
import { langOf } from '../context.js';

/**
 * {{t "nav.home"}}, {{t "count.activities" count=n}}; several parts are joined with dots, so
 * {{t "audience" this}} names an enumeration value. Returns plain text: Handlebars escapes it.
 */
export default function t(...args: unknown[]): string {
  const options = args.pop() as HelperOptions;
  // Most calls name one key: the template's own string, looked up as it is rather than joined anew.
  const key = args.length === 1 ? String(args[0]) : args.map(String).join('.');
  return translate(langOf(options), key, options.hash);
}
