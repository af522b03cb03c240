/** The answer to a placement whose body failed its schema: every problem at once (staff API and storefront). */
import type { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { AppError, pointer, type FieldProblem } from '../shared/errors.ts';
import { inputProblems } from '../shared/input-limits.ts';
import type { Db } from '../shared/db.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import type { PlaceOrderInput } from './order.ts';
import { collectOrderProblems } from './order-problems.ts';

/**
 * A placement whose body failed the schema is answered with every problem at once:
 * the schema's and the product forms' together (the route sets attachValidation).
 */
export async function refuseIncompleteOrder(db: Db, req: FastifyRequest, schema: z.ZodType<PlaceOrderInput>, extra: FieldProblem[] = []): Promise<void> {
  const err = req.validationError as (Error & { validationContext?: string }) | undefined;
  if (!err) {
    if (extra.length) throw new AppError('validation_failed', 'The request has missing or invalid fields', extra);
    return;
  }
  if (err.validationContext !== 'body') throw err;
  const { problems } = await collectOrderProblems(db, req.body, await getSettings(db), schema);
  // Text the database cannot store, and over-deep values, are not the schema's business; the route's validator found them.
  const named = problems.map((p) => p.pointer);
  const unstorable = inputProblems(req.body)
    .map((p) => ({ pointer: pointer(...p.path), code: p.code, message: p.message }))
    .filter((p) => !named.some((n) => p.pointer === n || p.pointer.startsWith(`${n}/`)));
  const all = [...problems, ...unstorable, ...extra];
  throw new AppError('validation_failed', `The order is incomplete: ${all.length} field${all.length === 1 ? ' needs' : 's need'} attention`, all);
}
