/** {{#if (eq a b)}}: strict equality, for marking the selected option or current page. */
export default function eq(a: unknown, b: unknown): boolean {
  return a === b;
}
