import Handlebars from 'handlebars';
import { readFileSync, readdirSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { type Lang, hasKey, t } from '../i18n/index.js';
import { keptCard, keptMenuOptions } from './kept-partials.js';

type Template = Handlebars.TemplateDelegate;
type Statement = hbs.AST.Statement;

/**
 * Handlebars re-indents the whole output of a partial called on an indented line of its own, line by
 * line: on every programme page it split and joined again all the cards, and it would add spaces to
 * the value of a textarea in such a partial. Indentation in the HTML we send means nothing.
 */
const COMPILE_OPTIONS: Parameters<typeof Handlebars.compile>[1] = { preventIndent: true };

/** "format-day.ts" -> "formatDay". */
const camelCase = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** {{t "a.b"}} with only literal parts: a key, not a value to look up as the page renders. */
function literalKey(statement: Statement): string | undefined {
  if (statement.type !== 'MustacheStatement') return undefined;
  const { path, params, hash } = statement as hbs.AST.MustacheStatement;
  if (path.type !== 'PathExpression' || (path as hbs.AST.PathExpression).original !== 't') return undefined;
  if (hash?.pairs.length || !params.length || !params.every((p) => p.type === 'StringLiteral')) return undefined;
  return params.map((p) => (p as hbs.AST.StringLiteral).value).join('.');
}

/**
 * A template in one language: every {{t "a.b"}} that names its key in full becomes the words
 * themselves, escaped as the helper's answer would be. A page calls {{t}} some fifty times (menus,
 * labels, the footer), and each call, with its escaping, cost more than the text it gave. A key
 * the language lacks stays a call, which fails as it did when that page is asked for.
 */
function inLanguage(source: string, lang: Lang): hbs.AST.Program {
  const translate = (body: Statement[]) => {
    body.forEach((statement, index) => {
      const key = literalKey(statement);
      if (key !== undefined && hasKey(lang, key)) {
        const words = t(lang, key);
        const value = (statement as hbs.AST.MustacheStatement).escaped ? Handlebars.escapeExpression(words) : words;
        // As the parser makes text (the typings declare its `original` as something else).
        body[index] = { type: 'ContentStatement', value, original: value, loc: statement.loc } as unknown as hbs.AST.ContentStatement;
      }
      const block = statement as Partial<hbs.AST.BlockStatement>;
      if (block.program) translate(block.program.body);
      if (block.inverse) translate(block.inverse.body);
    });
  };
  const program = Handlebars.parse(source);
  translate(program.body);
  return program;
}

/**
 * The site's Handlebars views (src/views: pages/, partials/, layouts/main.hbs, helpers/), compiled
 * once per language, each template when it is first used.
 */
export class Views {
  private readonly languages = new Map<Lang, (file: string) => Template>();

  private constructor(
    private readonly root: string,
    private readonly partials: readonly string[],
    private readonly helpers: ReadonlyMap<string, Handlebars.HelperDelegate>,
  ) {}

  /** `root` ends in a slash; helpers are code, compiled beside this module (.ts under tsx and vitest, .js in dist/). */
  static async load(root: string, helpersDir: URL): Promise<Views> {
    const partials = readdirSync(`${root}partials`).filter((f) => f.endsWith('.hbs')).map((f) => basename(f, '.hbs'));
    const helpers = new Map<string, Handlebars.HelperDelegate>();
    for (const file of readdirSync(helpersDir).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))) {
      const module = (await import(new URL(file, helpersDir).href)) as { default: Handlebars.HelperDelegate };
      helpers.set(camelCase(basename(file, extname(file))), module.default);
    }
    return new Views(root, partials, helpers);
  }

  /** pages/<name>.hbs inside layouts/main.hbs; `data` is the page's own, `pageData` its @data (language, addresses). */
  render(lang: Lang, name: string, data: object, pageData: object): string {
    const template = this.templates(lang);
    const body = template(`pages/${name}`)(data, { data: pageData });
    return template('layouts/main')({ ...data, body }, { data: pageData });
  }

  private templates(lang: Lang): (file: string) => Template {
    const made = this.languages.get(lang);
    if (made) return made;
    const env = Handlebars.create();
    const compiled = new Map<string, Template>();
    const templates = (file: string): Template => {
      let template = compiled.get(file);
      if (!template) compiled.set(file, (template = env.compile(inLanguage(readFileSync(`${this.root}${file}.hbs`, 'utf8'), lang), COMPILE_OPTIONS)));
      return template;
    };
    const partial = (name: string): Template => (context, options) => templates(`partials/${name}`)(context, options);
    for (const name of this.partials) env.registerPartial(name, partial(name));
    for (const [name, helper] of this.helpers) env.registerHelper(name, helper);
    env.registerHelper('card', keptCard(partial('activity-card')));
    env.registerHelper('menuOptions', keptMenuOptions(partial('menu-options')));
    this.languages.set(lang, templates);
    return templates;
  }
}
