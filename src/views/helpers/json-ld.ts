import Handlebars from 'handlebars';

/**
 * {{jsonLd data}} inside <script type="application/ld+json">. The one SafeString in the views: the
 * JSON is escaped so that no organizer text can close the script element or start markup
 * ("<" ">" "&" become \u escapes, which JSON parsers read back as the same characters).
 */
export default function jsonLd(data: unknown): Handlebars.SafeString {
  const json = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return new Handlebars.SafeString(json);
}
