/**
 * One string field of a parsed query or body, which is `unknown` until a route's schema says
 * otherwise: undefined when the source is no object or the field is missing or not a string.
 * Own fields only, so a name such as "constructor" never reads the prototype.
 */
export function stringField(source: unknown, name: string): string | undefined {
  if (typeof source !== 'object' || source === null) return undefined;
  const value: unknown = Object.getOwnPropertyDescriptor(source, name)?.value;
  return typeof value === 'string' ? value : undefined;
}
