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

export const errorRef = Type.Ref(ErrorSchema);

export const Slug = (description: string, example: string) =>
  Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 80, description, examples: [example] });

export const EditionParam = Slug('Edition by its slug (its year). Defaults to the current edition.', '2019');
