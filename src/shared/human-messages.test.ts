import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldName, humanMessage } from './human-messages.ts';

/** The message zod's own issue would get, for a value checked against a schema at `pointer`. */
function messageFor(schema: z.ZodType, value: unknown): string {
  const r = schema.safeParse(value);
  if (r.success) throw new Error('expected a problem');
  const issue = r.error.issues[0]!;
  const { code, message, path, ...params } = issue as unknown as { code: string; message: string; path: (string | number)[] } & Record<string, unknown>;
  return humanMessage(`/${path.join('/')}`, { keyword: code, message, params });
}

describe('validation messages for people', () => {
  it('names the field', () => {
    expect(fieldName('/lines/0/quantity')).toBe('quantity');
    expect(fieldName('/delivery/address/postalCode')).toBe('postal code');
    expect(fieldName('/amountMinor')).toBe('amount');
    expect(fieldName('/')).toBe('value');
  });
  it.each([
    [z.object({ lines: z.array(z.object({ quantity: z.number().int().min(1).max(100_000) })) }), { lines: [{ quantity: 100_001 }] }, 'Enter a quantity of at most 100,000'],
    [z.object({ quantity: z.number().int().min(1) }), { quantity: 0 }, 'Enter a quantity of at least 1'],
    [z.object({ quantity: z.number().int() }), { quantity: 1.5 }, 'Quantity must be a whole number'],
    [z.object({ name: z.string().min(1) }), { name: '' }, 'Name is required'],
    [z.object({ name: z.string() }), {}, 'Name is required'],
    [z.object({ name: z.string().max(5) }), { name: 'toolong' }, 'Name can be at most 5 characters'],
    [z.object({ email: z.email() }), { email: 'nope' }, 'Enter an e-mail address like name@example.com'],
    [z.object({ method: z.enum(['a', 'b']) }), { method: 'c' }, 'Choose one of: a, b'],
    [z.object({ amountMinor: z.number() }), { amountMinor: 'ten' }, 'Amount must be a number'],
    [z.object({ reason: z.string().min(1, 'Say why you refund') }), { reason: '' }, 'Say why you refund'],
  ])('%#: %j → "%s"', (schema, value, expected) => {
    expect(messageFor(schema, value)).toBe(expected);
  });
});
