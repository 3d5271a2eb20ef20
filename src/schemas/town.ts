import { type Static, Type } from '@sinclair/typebox';
import { EditionParam } from './common.js';
import { TownRefSchema } from './activity.js';

export const TownWithCountSchema = Type.Object(
  {
    ...TownRefSchema.properties,
    activityCount: Type.Integer({ minimum: 1, description: 'Public activities in the edition.' }),
  },
  { $id: 'TownWithCount', additionalProperties: false },
);
export type TownWithCount = Static<typeof TownWithCountSchema>;

export const TownListSchema = Type.Object(
  { items: Type.Array(Type.Ref(TownWithCountSchema)), total: Type.Integer({ minimum: 0 }) },
  { $id: 'TownList', additionalProperties: false },
);

export const TownQuerySchema = Type.Object({ edition: Type.Optional(EditionParam) }, { additionalProperties: false });
