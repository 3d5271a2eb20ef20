import type { HelperOptions } from 'handlebars';

/** {{asset "site.css"}} -> "/assets/site.<hash>.css", the address a browser may keep for a year. */
export default function asset(name: string, options: HelperOptions): string {
  const url = (options.data?.assets as Record<string, string> | undefined)?.[name];
  if (url === undefined) throw new Error(`no static file "${name}" in public/`);
  return url;
}
