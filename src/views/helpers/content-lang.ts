import Handlebars from 'handlebars';
import { langOf } from '../context.js';

/**
 * {{contentLang}} inside a tag that holds text from organizers or editions, which is written in
 * Swedish: on pages in another language it marks the part as Swedish (WCAG 3.1.2) so screen
 * readers pronounce it right. A constant attribute, never built from user input.
 */
export default function contentLang(options: Handlebars.HelperOptions): Handlebars.SafeString | string {
  return langOf(options) === 'sv' ? '' : new Handlebars.SafeString(' lang="sv"');
}
