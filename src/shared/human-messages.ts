/**
 * Validation messages for people. Zod's own wording ("Too big: expected number to be
 * <=100000") becomes a sentence that names the field and says what to do ("Enter a
 * quantity of at most 100,000"). Messages a schema wrote itself are kept as they are.
 */

const ZOD_DEFAULT = /^(Too big|Too small|Invalid input|Invalid option|Invalid string|Invalid [a-z]+|Invalid$|Number must|String must|Array must|Expected )/;

/** `/lines/0/quantity` → "quantity"; `/delivery/address/postalCode` → "postal code"; `/amountMinor` → "amount". */
export function fieldName(pointer: string): string {
  const last = pointer.split('/').reverse().find((s) => s !== '' && !/^\d+$/.test(s));
  if (!last) return 'value';
  return last
    .replace(/Minor$/, '')
    .replace(/Bp$/, ' (basis points)')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
}

const num = (n: unknown) => (typeof n === 'number' || typeof n === 'bigint' ? Number(n).toLocaleString('en-GB') : String(n));
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const article = (s: string) => (/^[aeiou]/.test(s) ? `an ${s}` : `a ${s}`);
const TYPE_WORDS: Record<string, string> = { number: 'a number', int: 'a whole number', string: 'text', boolean: 'yes or no', array: 'a list', object: 'a group of fields', date: 'a date' };

export type Issue = { keyword: string; message?: string | undefined; params: Record<string, unknown> };

export function humanMessage(pointer: string, issue: Issue): string {
  const message = issue.message ?? '';
  if (message && !ZOD_DEFAULT.test(message)) return message;
  const field = fieldName(pointer);
  const p = issue.params;
  const origin = typeof p.origin === 'string' ? p.origin : '';
  switch (issue.keyword) {
    case 'too_big':
      if (origin === 'string') return `${capital(field)} can be at most ${num(p.maximum)} characters`;
      if (origin === 'array' || origin === 'set') return `${capital(field)} can have at most ${num(p.maximum)} entries`;
      return p.inclusive === false ? `Enter ${article(field)} below ${num(p.maximum)}` : `Enter ${article(field)} of at most ${num(p.maximum)}`;
    case 'too_small':
      if (origin === 'string') return Number(p.minimum) <= 1 ? `${capital(field)} is required` : `${capital(field)} needs at least ${num(p.minimum)} characters`;
      if (origin === 'array' || origin === 'set') return `${capital(field)} needs at least ${num(p.minimum)} ${Number(p.minimum) === 1 ? 'entry' : 'entries'}`;
      return p.inclusive === false ? `Enter ${article(field)} above ${num(p.minimum)}` : `Enter ${article(field)} of at least ${num(p.minimum)}`;
    case 'invalid_type': {
      if (/received undefined/.test(message)) return `${capital(field)} is required`;
      const expected = typeof p.expected === 'string' ? (TYPE_WORDS[p.expected] ?? p.expected) : 'another kind of value';
      return `${capital(field)} must be ${expected}`;
    }
    case 'not_multiple_of':
      return p.divisor === 1 ? `${capital(field)} must be a whole number` : `${capital(field)} must be a multiple of ${num(p.divisor)}`;
    case 'invalid_format':
      if (p.format === 'email') return 'Enter an e-mail address like name@example.com';
      if (p.format === 'uuid' || p.format === 'guid') return `${capital(field)} must be an id (a UUID)`;
      if (p.format === 'date') return `Enter ${field} as a date (YYYY-MM-DD)`;
      if (p.format === 'datetime') return `Enter ${field} as a date and time (e.g. 2026-12-01T09:30:00Z)`;
      if (p.format === 'url') return `Enter ${field} as a web address (https://…)`;
      return `${capital(field)} is not in the expected format`;
    case 'invalid_value': {
      const values = Array.isArray(p.values) ? p.values.map(String) : [];
      return values.length > 0 && values.length <= 10 ? `Choose one of: ${values.join(', ')}` : `${capital(field)} is not one of the allowed values`;
    }
    case 'invalid_union':
      return `${capital(field)} is not valid here`;
    default:
      return message || `${capital(field)} is not valid`;
  }
}
