import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

// ajv-formats is CommonJS with an `exports.default`; under ESM that default is the module object.
const addFormats = formats.default;

interface Operation {
  responses: Record<string, { content?: Record<string, unknown> }>;
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

const DOCUMENT_ID = 'https://temadag.test/openapi.json';
const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/**
 * Checks responses against the served OpenAPI document with an independent validator (ajv,
 * JSON Schema 2020-12 as OpenAPI 3.1 uses), so a response the document does not describe fails.
 */
export class OpenApiValidator {
  readonly #ajv = new Ajv2020({ strict: false, allErrors: true });
  readonly #templates: { template: string; pattern: RegExp }[];

  constructor(readonly document: OpenApiDocument) {
    addFormats(this.#ajv);
    this.#ajv.addSchema({ ...document, $id: DOCUMENT_ID } as object);
    this.#templates = Object.keys(document.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }));
  }

  static async fromApp(app: FastifyInstance): Promise<OpenApiValidator> {
    const response = await app.inject('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    return new OpenApiValidator(response.json());
  }

  /** Whether the document has a path template for this request path. */
  describes(path: string): boolean {
    return this.#templates.some((t) => t.pattern.test(path));
  }

  /** The documented path template a request path falls under, e.g. /api/v1/activities/{id}. */
  templateOf(path: string): string {
    const matches = this.#templates.filter((t) => t.pattern.test(path));
    // A literal path wins over a template that also matches it.
    const found = matches.find((t) => !t.template.includes('{')) ?? matches[0];
    if (!found) throw new Error(`${path} is not in the OpenAPI document`);
    return found.template;
  }

  /** Fails the test unless the value matches a named schema of the document's components. */
  checkComponent(name: string, value: unknown): void {
    const validate = this.#ajv.getSchema(`${DOCUMENT_ID}#/${pointer('components', 'schemas', name)}`);
    if (!validate) throw new Error(`no component schema ${name}`);
    expect(validate(value) ? [] : validate.errors, `matches ${name}`).toEqual([]);
  }

  /** Fails the test unless the document describes this status for this path and the JSON body matches its schema. */
  check(method: string, url: string, response: { statusCode: number; headers: Record<string, unknown>; body: string }): void {
    if (response.statusCode === 304) return;
    const path = url.split('?')[0]!;
    const template = this.templateOf(path);
    const operation = this.document.paths[template]?.[method.toLowerCase()];
    expect(operation, `${method} ${template} is documented`).toBeDefined();
    const status = String(response.statusCode);
    const documented = operation!.responses[status];
    expect(documented, `${method} ${url}: status ${status} is documented`).toBeDefined();
    const contentType = String(response.headers['content-type'] ?? '').split(';')[0]!;
    expect(Object.keys(documented!.content ?? {}), `${method} ${url}: ${contentType} is documented`).toContain(contentType);
    if (contentType !== 'application/json') return;
    const ref = `${DOCUMENT_ID}#/${pointer('paths', template, method.toLowerCase(), 'responses', status, 'content', contentType, 'schema')}`;
    const validate = this.#ajv.getSchema(ref);
    if (!validate) throw new Error(`no schema at ${ref}`);
    const valid = validate(JSON.parse(response.body));
    expect(valid ? [] : validate.errors, `${method} ${url} matches the documented ${status} schema`).toEqual([]);
  }
}
