import { type Lang, t } from '../../i18n/index.js';

/** "Share by e-mail": a mailto: link with the page's title and address filled in, no script needed. */
export function shareHref(lang: Lang, title: string, url: string): string {
  const subject = encodeURIComponent(title);
  const body = encodeURIComponent(t(lang, 'selection.shareBody', { title, url }));
  return `mailto:?subject=${subject}&body=${body}`;
}
