import { type Static, Type } from '@sinclair/typebox';

/** The one error body every route answers with. */
export const ErrorSchema = Type.Object(
  {
    statusCode: Type.Integer({ description: 'The HTTP status code.', examples: [400] }),
    error: Type.String({ description: 'The HTTP status text.', examples: ['Bad Request'] }),
    message: Type.String({
      description: 'What went wrong, naming the parameter at fault.',
      examples: ['Query parameter "limit" must be at most 200.'],
    }),
  },
  { $id: 'Error', title: 'Error', additionalProperties: false },
);
export type ErrorBody = Static<typeof ErrorSchema>;

/**
 * The Error body as a documented response that says when it is sent: @fastify/swagger makes the
 * reference's description the response's description.
 */
export const errorResponse = (when: string) => Type.Ref(ErrorSchema, { description: when });

/** Every route's 400: what the client sent cannot be used. */
export const badRequest = errorResponse(
  'A parameter is malformed, out of range or not known: an unknown query parameter, or a query parameter (such as `edition`, `county` or `town`) naming something that does not exist. The message names the parameter.',
);

/** Why a route that defaults to the current edition answers 404: a new installation has none. */
export const NO_EDITION = 'no `edition` was given and no edition is published yet';

/** The 404 of a route whose path names nothing, so it is only ever missing when there is no edition at all. */
export const noEdition = errorResponse(`Not found: ${NO_EDITION}.`);

/** A route that takes no query parameters: any one answers 400, as on every other route. */
export const NoQuerySchema = Type.Object({}, { additionalProperties: false });

export const Slug = (description: string, example: string) =>
  Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 80, description, examples: [example] });

export const EditionParam = Slug('Edition by its slug (its year). Defaults to the current edition; a slug that names no edition answers 400.', '2019');
