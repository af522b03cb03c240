import { describe, expect, it } from 'vitest';
import { inputProblems, MAX_INPUT_DEPTH, unstorableText } from './input-limits.ts';

describe('input PostgreSQL cannot store', () => {
  it('finds NUL characters and lone surrogates, and lets paired surrogates (emoji) through', () => {
    expect(unstorableText('a\u0000b')).toMatch(/NUL/);
    expect(unstorableText('\ud800')).toMatch(/surrogate/);
    expect(unstorableText('x\udc00')).toMatch(/surrogate/);
    expect(unstorableText('\udc00\ud800')).toMatch(/surrogate/);
    expect(unstorableText('𝕊𝕠𝕗𝕒 ☃ 😀 çğış')).toBeUndefined();
  });

  it('names every bad value and key by its path, and values nested too deep', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
    const found = inputProblems({ a: ['ok', 'b\u0000'], 'k\ud800': 1, nested: { deep } });
    expect(found.map((p) => [p.path.join('/'), p.code]).sort()).toEqual([
      ['a/1', 'invalid_text'],
      ['k\ud800', 'invalid_text'],
      [['nested', 'deep', ...Array.from({ length: MAX_INPUT_DEPTH - 2 }, () => 0)].join('/'), 'too_deep'],
    ]);
    expect(inputProblems({ lines: [{ fields: { extras: ['a'] } }] })).toEqual([]);
  });
});
