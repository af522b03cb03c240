import { describe, expect, it } from 'vitest';
import { StatementNames } from './named-statements.ts';

describe('StatementNames', () => {
  it('names a text from its third use on, always with the same name, one name per text', () => {
    const n = new StatementNames();
    expect(n.nameFor('select 1')).toBeUndefined();
    expect(n.nameFor('select 1')).toBeUndefined();
    const name = n.nameFor('select 1');
    expect(name).toMatch(/^orderly_\d+$/);
    expect(n.nameFor('select 1')).toBe(name);
    for (let i = 0; i < 3; i++) n.nameFor('select 2');
    expect(n.nameFor('select 2')).not.toBe(name);
  });

  it('stops naming new texts once its budget is spent, and keeps the names it gave', () => {
    const n = new StatementNames();
    const first = (() => {
      for (let i = 0; i < 2; i++) n.nameFor('q0');
      return n.nameFor('q0');
    })();
    for (let t = 1; t < 1000; t++) for (let i = 0; i < 3; i++) n.nameFor(`q${t}`);
    expect(n.size).toBe(400);
    for (let i = 0; i < 5; i++) expect(n.nameFor('a text seen only after the budget was spent')).toBeUndefined();
    expect(n.nameFor('q0')).toBe(first);
  });
});
