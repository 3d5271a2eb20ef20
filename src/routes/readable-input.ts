import { type Static, type TObject, type TSchema, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import type { FastifySchema, FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';

/**
 * Validation for what a person types into a page's address or form, where a value that cannot be
 * used becomes a message beside the field in their language instead of an error status. It differs
 * from the app's Ajv validation, which answers programs with the first fault:
 *
 * - every fault is reported, so the page's error summary lists them all;
 * - in a query string, a value is trimmed and an empty one counts as absent (a select left at
 *   "all" sends `town=`), and a repeated parameter that takes one value keeps the first;
 * - in a form's body, a field the form leaves out gets its default (an empty text, an empty list),
 *   a repeated text field keeps its first value and a list field (a group of checkboxes) checked
 *   once is a list of one; nothing is trimmed there, a password is what was typed;
 * - that tidying is done in place, so a route with `attachValidation` still finds what the person
 *   sent in `request.query` when validation fails, to fill the form again and name the value.
 */
export const readableValidator: FastifySchemaCompiler<FastifySchema> = ({ schema: declared, httpPart }) => {
  // Only routes that declare TypeBox schemas use this compiler (readableQuery, formBody, textBody).
  const schema = declared as TSchema;
  const check = TypeCompiler.Compile(schema);
  return (data: unknown) => {
    const sent = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : undefined;
    if (sent && httpPart === 'querystring') tidyQuery(schema as TObject, sent);
    if (sent && httpPart === 'body') tidyBody(schema as TObject, sent);
    const value = httpPart === 'querystring' ? Value.Convert(schema, data) : httpPart === 'body' ? Value.Default(schema, data) : data;
    if (check.Check(value)) return { value };
    const error: FastifySchemaValidationError[] = [...check.Errors(value)].map((fault) => ({
      keyword: String(fault.type),
      instancePath: fault.path,
      schemaPath: '',
      params: {},
      message: fault.message,
    }));
    return { error };
  };
};

function tidyQuery(schema: TObject, query: Record<string, unknown>): void {
  for (const [name, raw] of Object.entries(query)) {
    const texts = ([] as unknown[]).concat(raw).filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter((v) => v !== '');
    if (texts.length === 0) delete query[name];
    else query[name] = schema.properties[name]?.type === 'array' ? texts : texts[0];
  }
}

function tidyBody(schema: TObject, body: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(body)) {
    const declared = schema.properties[name];
    if (declared === undefined) continue;
    if (declared.type === 'array') {
      if (!Array.isArray(value)) body[name] = [value];
    } else if (Array.isArray(value)) body[name] = value[0];
  }
}

/** A route's options for a readable query string: the schema, checked by readableValidator, its faults left to the handler. */
export function readableQuery(querystring: TObject): { schema: FastifySchema; attachValidation: true; validatorCompiler: typeof readableValidator } {
  return { schema: { querystring }, attachValidation: true, validatorCompiler: readableValidator };
}

/** The parameters at fault, each with the value at fault (the item, for a list). */
export function faultsOf(validation: readonly FastifySchemaValidationError[] | undefined, sent: Record<string, unknown>): Map<string, unknown> {
  const faults = new Map<string, unknown>();
  for (const fault of validation ?? []) {
    const [, name, index] = fault.instancePath.split('/');
    if (name === undefined || faults.has(name)) continue;
    const value = sent[name];
    faults.set(name, index !== undefined && Array.isArray(value) ? value[Number(index)] : value);
  }
  return faults;
}

/** Route options for a query string of optional text parameters (an edition's slug, a token), none of which can be at fault. */
export function textQuery(...names: string[]): ReturnType<typeof readableQuery> {
  return readableQuery(Type.Object(Object.fromEntries(names.map((name) => [name, Type.Optional(Type.String())]))));
}

/** The request's types for textQuery(...names). */
export interface TextQuery<Name extends string> {
  Querystring: Partial<Record<Name, string>>;
}

/** A page of a list, as a person writes it in the address: 1 to 9999, in digits (not "1e3"). */
export const PageNumber = Type.String({ pattern: '^(?!0+$)[0-9]{1,4}$' });

/**
 * Route options for a form whose rules are the domain's: each text field arrives as a string, each
 * list field (a group of checkboxes, a column of ticked rows) as a list of strings. A body that is
 * not such a form at all is refused with the 400 page.
 */
export function formBody(texts: readonly string[], lists: readonly string[]): { schema: FastifySchema; validatorCompiler: typeof readableValidator } {
  const fields = [
    ...texts.map((name) => [name, Type.String({ default: '' })] as const),
    ...lists.map((name) => [name, Type.Array(Type.String(), { default: [] })] as const),
  ];
  return { schema: { body: Type.Object(Object.fromEntries(fields)) }, validatorCompiler: readableValidator };
}

/** The request's types for formBody(texts, lists). */
export interface FormBody<Text extends string, List extends string = never> {
  Body: Record<Text, string> & Record<List, string[]>;
}

/** Route options for a form of text fields only. */
export function textBody(...names: string[]): ReturnType<typeof formBody> {
  return formBody(names, []);
}

/** The request's types for textBody(...names). */
export type TextBody<Name extends string> = FormBody<Name>;

/** An id in a page's address: a positive whole number in digits (not "1e3", not "007"). */
const PathId = Type.String({ pattern: '^[1-9][0-9]{0,9}$' });

/**
 * Route options with the ids in the path declared (`id`, and any other named): an address whose id
 * is not one names no page, and the error handler of an HTML scope answers it with 404.
 */
export function idPath<Options extends { schema?: FastifySchema; [option: string]: unknown }>(options: Options = {} as Options, ...more: string[]): Options & { schema: FastifySchema } {
  const params = Type.Object(Object.fromEntries(['id', ...more].map((name) => [name, PathId])));
  return { ...options, schema: { ...options.schema, params } };
}

/** The request's types for idPath(options, ...more). */
export interface IdPath<More extends string = never> {
  Params: Record<'id' | More, Static<typeof PathId>>;
}
