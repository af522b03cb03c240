/**
 * What no request may carry, whatever its route: text PostgreSQL cannot store
 * (a NUL character, or a lone UTF-16 surrogate — both `text` and `jsonb` refuse
 * them, in values and in object keys alike) and values nested deeper than any
 * request of ours needs. The walk uses its own stack, so no input can exhaust
 * the call stack. Pure: no I/O.
 */

/** Deeper than any request body of ours (an order's deepest value, a multi-select choice, sits at depth 5). */
export const MAX_INPUT_DEPTH = 32;
/** A request that is wrong in more places than this hears about the first ones. */
const MAX_REPORTED = 50;

export type InputProblem = { path: (string | number)[]; code: 'invalid_text' | 'too_deep'; message: string };

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why PostgreSQL would refuse this text, or undefined when it can be stored. */
export function unstorableText(s: string): string | undefined {
  if (s.includes('\u0000')) return 'Text may not contain a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(s)) return 'Text may not contain an unpaired UTF-16 surrogate (broken Unicode)';
  return undefined;
}

/** Every string (and object key) that cannot be stored, and every value nested deeper than `maxDepth`. */
export function inputProblems(root: unknown, maxDepth = MAX_INPUT_DEPTH): InputProblem[] {
  const problems: InputProblem[] = [];
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0 && problems.length < MAX_REPORTED) {
    const { value, path } = stack.pop() as { value: unknown; path: (string | number)[] };
    if (typeof value === 'string') {
      const why = unstorableText(value);
      if (why) problems.push({ path, code: 'invalid_text', message: why });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (path.length >= maxDepth) {
      problems.push({ path, code: 'too_deep', message: `Nested more than ${maxDepth} levels deep` });
      continue;
    }
    // Pushed in reverse, so problems come out in document order.
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i] as unknown, path: [...path, i] });
      continue;
    }
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      const why = unstorableText(key);
      if (why) problems.push({ path: [...path, key], code: 'invalid_text', message: `The field name is not storable: ${why}` });
      else stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return problems;
}
