import { describe, expect, it } from 'vitest';
import { canonicalJson } from './hash.ts';

describe('canonical JSON for request hashes', () => {
  it('sorts keys and drops undefined, so equal bodies hash equally', () => {
    expect(canonicalJson({ b: [1, { d: undefined, c: 'x' }], a: null })).toBe('{"a":null,"b":[1,{"c":"x"}]}');
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
  });

  it('writes a value nested 100,000 levels deep without exhausting the stack', () => {
    const depth = 100_000;
    expect(canonicalJson(JSON.parse('['.repeat(depth) + ']'.repeat(depth)))).toHaveLength(2 * depth);
  });
});
