/**
 * The validator every route's schemas compile into: the route's zod schema, and
 * before anything reaches a handler, one check on the whole input (body, query
 * string, path parameters, headers) that no route can forget — no text the
 * database cannot store, nothing nested deeper than MAX_INPUT_DEPTH. Its problems
 * join the schema's in the one validation answer (422, each pointer named).
 */
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import type { $ZodType } from 'zod/v4/core';
import { inputProblems } from '../shared/input-limits.ts';

/** fastify-type-provider-zod marks its validation items with this registered symbol; problem-json recognises them by it. */
const ZOD_ITEM = Symbol.for('ZodFastifySchemaValidationError');

const at = (path: readonly (string | number)[]) => `/${path.join('/')}`;

export const validatorCompiler: FastifySchemaCompiler<$ZodType> = (route) => {
  const validate = zodValidatorCompiler(route);
  return (data: unknown) => {
    const found = inputProblems(data);
    // The schema itself never recurses deeper than its own shape, so it is safe to run on any input.
    const result = validate(data) as { error?: FastifySchemaValidationError[]; value?: unknown };
    if (found.length === 0) return result;
    const schemaItems = result.error ?? [];
    // A value the schema already refuses (wrong type, too long) is named once, by the schema.
    const refused = schemaItems.filter((i) => i.keyword !== 'unrecognized_keys').map((i) => i.instancePath);
    const covered = (p: string) => refused.some((r) => r === '/' || p === r || p.startsWith(`${r}/`));
    const extra = found
      .map((p) => ({ p, instancePath: at(p.path) }))
      .filter(({ instancePath }) => !covered(instancePath))
      .map(({ p, instancePath }) => ({ [ZOD_ITEM]: true, keyword: p.code, instancePath, schemaPath: `#${instancePath}/${p.code}`, message: p.message, params: {} }));
    const error = [...schemaItems, ...extra];
    return error.length > 0 ? { error } : result;
  };
};
