/** {{concat "h" level}} -> "h3": a value put together from parts, e.g. a heading's tag from its level. */
export default function concat(...parts: unknown[]): string {
  // The last argument is Handlebars' options object.
  return parts.slice(0, -1).map(String).join('');
}
