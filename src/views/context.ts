import type { HelperOptions } from 'handlebars';
import { DEFAULT_LANG, type Lang, isLang } from '../i18n/index.js';

/** The page's language, as the view plugin puts it in the template's @data. */
export function langOf(options: HelperOptions): Lang {
  const lang: unknown = options.data?.lang;
  return isLang(lang) ? lang : DEFAULT_LANG;
}
