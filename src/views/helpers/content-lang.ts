import Handlebars from 'handlebars';
import { dirOf } from '../../i18n/index.js';
import { langOf } from '../context.js';

/**
 * {{contentLang}} inside a tag that holds text from organizers or editions, which is written in
 * Swedish: on pages in another language it marks the part as Swedish (WCAG 3.1.2) so screen
 * readers pronounce it right, and on a right-to-left page lets the text find its own direction
 * (dir="auto"), so a Swedish title in an Arabic page reads left to right with its full stop at
 * the end. A constant attribute, never built from user input.
 */
export default function contentLang(options: Handlebars.HelperOptions): Handlebars.SafeString | string {
  const lang = langOf(options);
  if (lang === 'sv') return '';
  return new Handlebars.SafeString(dirOf(lang) === 'rtl' ? ' lang="sv" dir="auto"' : ' lang="sv"');
}
