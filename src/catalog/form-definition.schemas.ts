/**
 * The zod schemas that check a form definition and a set of answers sent to the
 * API. Server only: the pure rules and types are in form-definition.ts, which
 * the web imports too (without zod). The type test at the end keeps the
 * schema's output and the hand-written FormField the same.
 */
import { z } from 'zod';
import { FIELD_TYPES, MAX_OPTIONS, MAX_TEXT_ANSWER, type FormField } from './form-definition.ts';

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const conditionSchema = z.strictObject({
  field: z.string().min(1),
  /** The condition holds when the other field's answer equals this value (or, for multi-select, includes it). */
  equals: scalar.optional(),
  /** The condition holds when the other field's answer is any of these. */
  in: z.array(scalar).min(1).max(MAX_OPTIONS).optional(),
});

export const optionSchema = z.strictObject({
  value: z.string().trim().min(1).max(100),
  label: z.string().trim().min(1).max(200),
  /** Price change per unit in minor units; may be negative. */
  priceDeltaMinor: z.number().int().min(-100_000_000).max(100_000_000).default(0),
});

export const formFieldSchema = z.strictObject({
  key: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,49}$/, 'Use lower-case letters, digits and _ (start with a letter, at most 50)'),
  label: z.string().trim().min(1).max(200),
  type: z.enum(FIELD_TYPES),
  required: z.boolean().default(false),
  help: z.string().max(500).optional(),
  options: z.array(optionSchema).max(MAX_OPTIONS).optional(),
  /** number: the lowest value; multi_select: the fewest choices; date: the earliest day, in whole days from the day of the order (0 = today, -30 = thirty days ago). */
  min: z.number().optional(),
  /** number: the highest value; multi_select: the most choices; date: the latest day, in whole days from the day of the order (90 = ninety days ahead). */
  max: z.number().optional(),
  minLength: z.number().int().min(0).optional(),
  maxLength: z.number().int().min(1).max(MAX_TEXT_ANSWER).optional(),
  pattern: z.string().max(500).optional().describe('RE2 syntax (no look-around, no back-references), checked in linear time; the whole answer must match'),
  /** For a boolean field: price change per unit when the answer is true. */
  priceDeltaMinor: z.number().int().min(-100_000_000).max(100_000_000).optional(),
  /** The field is shown (and may be answered) only when this holds. */
  shownWhen: conditionSchema.optional(),
  /** The field is required exactly when this holds (and it is shown); overrides `required`. */
  requiredWhen: conditionSchema.optional(),
});
export type FormFieldInput = z.input<typeof formFieldSchema>;

export const formDefinitionSchema = z.array(formFieldSchema).max(100);

/**
 * The shape of one answer, whatever its field: text, a number, yes/no, nothing,
 * or a list of choices. The field's own type narrows it further (compileForm);
 * anything nested deeper is refused here, naming the field.
 */
export const answerValueSchema = z
  .union([z.string().max(MAX_TEXT_ANSWER), z.number(), z.boolean(), z.null(), z.array(z.string().max(100))], {
    error: 'An answer is text, a number, yes/no, or a list of choices',
  })
  .refine((v) => !Array.isArray(v) || v.length <= MAX_OPTIONS, { message: `A list of choices has at most ${MAX_OPTIONS} entries` });
export const answersSchema = z.record(z.string().max(50), answerValueSchema);


type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails to compile when the schema and FormField drift apart. */
export const formFieldTypeMatches: Same<z.output<typeof formFieldSchema>, FormField> = true;
