import { describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { Conn } from './db.ts';
import { arrayLiteral, insertBuiltOnce, rowsBuiltOnce, runBuiltOnce } from './sql.ts';

const things = pgTable('things', { name: text('name').notNull(), n: integer('n') });

describe('queries built once', () => {
  // PGlite starts in-process here (a few seconds; far more on a loaded machine).
  it('run with each call’s values, on the database and in a transaction; text lists survive quotes, commas, backslashes and braces', { timeout: 240_000 }, async () => {
    const client = new PGlite();
    const db = drizzle(client) as unknown as Conn;
    await client.exec('create table things (name text not null, n integer)');
    const tricky = ['a,b', 'say "hi"', 'back\\slash', '{braces}', 'NULL', ' spaced ', 'şule'];
    for (const [i, name] of tricky.entries()) {
      await insertBuiltOnce(db, 'test.things', { name, n: i % 2 ? i : null }, (v) => db.insert(things).values(v as typeof things.$inferInsert));
    }
    const byNames = (conn: Conn, names: string[]) =>
      runBuiltOnce(conn, 'test.byNames', () => conn.select().from(things).where(sql`${things.name} = any(${sql.placeholder('names')}::text[])`).orderBy(things.name), { names: arrayLiteral(names) });

    expect((await byNames(db, tricky)).map((r) => r.name).sort()).toEqual([...tricky].sort());
    expect(await byNames(db, ['say "hi"', 'nothing'])).toEqual([{ name: 'say "hi"', n: 1 }]);
    expect(await byNames(db, ['a,b'])).toEqual([{ name: 'a,b', n: null }]);
    const inTx = await db.transaction(async (tx) => {
      await insertBuiltOnce(tx, 'test.things', { name: 'in tx', n: 99 }, (v) => tx.insert(things).values(v as typeof things.$inferInsert));
      return byNames(tx, ['in tx', 'NULL']);
    });
    expect(inTx).toEqual([
      { name: 'NULL', n: null },
      { name: 'in tx', n: 99 },
    ]);
    // A hand-written statement built once: each call's values, rows as the database returns them (column names).
    const over = (conn: Conn, min: number, names: string[]) =>
      rowsBuiltOnce<{ name: string; doubled: number }>(conn, 'test.over', () => sql`select name, n * 2 as doubled from things where n > ${sql.placeholder('min')}::int and name <> all(${sql.placeholder('names')}::text[]) order by n`, {
        min,
        names: arrayLiteral(names),
      });
    expect(await over(db, 2, [])).toEqual([
      { name: '{braces}', doubled: 6 },
      { name: ' spaced ', doubled: 10 },
      { name: 'in tx', doubled: 198 },
    ]);
    expect(await db.transaction((tx) => over(tx, 50, ['nothing']))).toEqual([{ name: 'in tx', doubled: 198 }]);
    expect(await over(db, 4, ['in tx', ' spaced '])).toEqual([]);
    await client.close();
  });
});
