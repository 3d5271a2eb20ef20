import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** Where a use was found, for the failure message. */
interface At {
  file: string;
  line: number;
}

/**
 * What code asks the catalogues for. `key`: a whole key, or the name of a group of keys passed on
 * to code that adds the rest ('import.registrationValue'). `family`: the literal start of a key
 * whose end is known only at run time (`` `konto.status.${status}` ``). `formError`: a form error
 * code (`errors.title = 'title_required'`), a key under form.errors. `importMessage`: a code of the
 * import report (`{ key: 'file_empty' }`), under import.problems, import.errors or form.errors.
 */
export type KeyUse =
  | ({ kind: 'key'; key: string } & At)
  | ({ kind: 'family'; prefix: string } & At)
  | ({ kind: 'formError'; code: string } & At)
  | ({ kind: 'importMessage'; code: string } & At);

/**
 * The strings an expression can be when it is made of literals: a literal, a choice between
 * literals (`dryRun ? 'a.b' : 'a.c'`), or a template whose every part is one. When a template
 * has a run-time part, the literal text before the first such part.
 */
function strings(node: ts.Expression): { values: string[] } | { prefix: string } | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { values: [node.text] };
  if (ts.isParenthesizedExpression(node)) return strings(node.expression);
  if (ts.isConditionalExpression(node)) {
    const [a, b] = [strings(node.whenTrue), strings(node.whenFalse)];
    return a && b && 'values' in a && 'values' in b ? { values: [...a.values, ...b.values] } : undefined;
  }
  if (ts.isTemplateExpression(node)) {
    let values = [node.head.text];
    for (const span of node.templateSpans) {
      const part = strings(span.expression);
      if (!part || !('values' in part)) return { prefix: values.length === 1 ? values[0]! : node.head.text };
      values = values.flatMap((value) => part.values.map((p) => value + p + span.literal.text));
    }
    return { values };
  }
  return undefined;
}

/**
 * Every message key the TypeScript files under `dir` use, found by reading their syntax: any
 * string literal or template that starts with one of the catalogue's top-level `groups` and a
 * dot (so keys kept in tables, flashed to the next page or chosen by a condition count too), mail
 * names given to composeMail, form error codes and import report codes.
 */
export function keysUsedInCode(dir: string, groups: ReadonlySet<string>): KeyUse[] {
  const uses: KeyUse[] = [];
  const isKeyLike = (text: string) => groups.has(text.split('.')[0]!) && text.includes('.');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  for (const relative of files) {
    const file = join(dir, relative);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const at = (node: ts.Node): At => ({ file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    const codes = (node: ts.Expression, kind: 'formError' | 'importMessage') => {
      const found = strings(node);
      if (found && 'values' in found) for (const code of found.values) uses.push({ kind, code, ...at(node) });
    };
    const visit = (node: ts.Node): void => {
      if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && /^[A-Za-z]+\.[\w.]+$/.test(node.text) && isKeyLike(node.text)) {
        uses.push({ kind: 'key', key: node.text, ...at(node) });
      }
      if (ts.isTemplateExpression(node) && isKeyLike(node.head.text)) {
        const found = strings(node)!;
        if ('prefix' in found) uses.push({ kind: 'family', prefix: found.prefix, ...at(node) });
        else for (const key of found.values) uses.push({ kind: 'key', key, ...at(node) });
        // Its parts are not keys of their own.
        return;
      }
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'composeMail' && node.arguments[1]) {
        const found = strings(node.arguments[1]);
        if (found && 'values' in found) {
          for (const mail of found.values) for (const part of ['subject', 'body']) uses.push({ kind: 'key', key: `mail.${mail}.${part}`, ...at(node) });
        }
      }
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const target = node.left;
        const object = ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target) ? target.expression : undefined;
        if (object && ts.isIdentifier(object) && object.text === 'errors') codes(node.right, 'formError');
      }
      if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'key') codes(node.initializer, 'importMessage');
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return uses;
}
