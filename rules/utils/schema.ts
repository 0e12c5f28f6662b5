import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';

/*
 * typescript-eslint's TypeOrValueSpecifier schema, restated so the plugin loads without `typescript`
 * installed (its type-utils package requires it). Same format, so options carry over unchanged.
 */
const nameSchema: JSONSchema4 = {
  oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true }],
};

export const typeOrValueSpecifiersSchema: JSONSchema4 = {
  type: 'array',
  items: {
    oneOf: [
      { type: 'string' },
      {
        type: 'object',
        additionalProperties: false,
        required: ['from', 'name'],
        properties: { from: { type: 'string', enum: ['file'] }, name: nameSchema, path: { type: 'string' } },
      },
      { type: 'object', additionalProperties: false, required: ['from', 'name'], properties: { from: { type: 'string', enum: ['lib'] }, name: nameSchema } },
      {
        type: 'object',
        additionalProperties: false,
        required: ['from', 'name', 'package'],
        properties: { from: { type: 'string', enum: ['package'] }, name: nameSchema, package: { type: 'string' } },
      },
    ],
  },
};
