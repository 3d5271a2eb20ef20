const FOLD: Record<string, string> = { å: 'a', ä: 'a', ö: 'o', æ: 'ae', ø: 'o', ß: 'ss' };

/** A URL slug from Swedish text: "Östra Göinge" -> "ostra-goinge". */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[åäöæøß]/g, (c) => FOLD[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
