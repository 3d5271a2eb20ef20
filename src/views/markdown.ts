import MarkdownIt from 'markdown-it';

/**
 * The public-service texts (content/<lang>/<page>.md) as HTML. Raw HTML in a text is shown as
 * text, not passed on (html: false), and markdown-it's own link check refuses javascript: and
 * similar addresses, so what a deployer writes can format a page but never script it.
 */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

export interface RenderedText {
  /** The text of the first level-one heading: the page's <title>. */
  title: string;
  /** The first paragraph as plain text, for the meta description. */
  lead: string;
  /** The heading and first paragraph as HTML, then the rest: a page can put its own parts between them. */
  intro: string;
  body: string;
}

export function renderMarkdown(source: string): RenderedText {
  const tokens = markdown.parse(source, {});
  const inlineAfter = (type: string, tag: string) => {
    const index = tokens.findIndex((token) => token.type === type && token.tag === tag);
    return index === -1 ? '' : (tokens[index + 1]?.children ?? []).filter((c) => c.type === 'text' || c.type === 'code_inline').map((c) => c.content).join('');
  };
  const split = tokens.findIndex((token) => token.type === 'paragraph_close') + 1;
  const render = (part: typeof tokens) => markdown.renderer.render(part, markdown.options, {});
  return {
    title: inlineAfter('heading_open', 'h1'),
    lead: inlineAfter('paragraph_open', 'p'),
    intro: render(tokens.slice(0, split)),
    body: render(tokens.slice(split)),
  };
}
