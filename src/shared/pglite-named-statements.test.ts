import { PGlite, protocol } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatementNames } from './named-statements.ts';
import { nameStatements, runMessages } from './pglite-named-statements.ts';

describe('named statements on PGlite', () => {
  let db: PGlite;
  const names = new StatementNames();
  const prepared = async () => (await db.query<{ name: string; statement: string }>('select name, statement from pg_prepared_statements order by name')).rows;

  beforeAll(async () => {
    // A client-level parser (json as its text), to show it still applies under a caller's own parsers.
    db = await PGlite.create({ parsers: { 114: (v: string) => ({ jsonText: v }) } });
    nameStatements(db, names);
    await db.exec(`create table t (id int primary key, doc jsonb, at timestamptz, ok boolean, tags text[]);`);
  });
  afterAll(async () => {
    await db.close();
  });

  it('names a repeated statement and answers exactly as PGlite does', async () => {
    const insert = 'insert into t (id, doc, at, ok, tags) values ($1, $2, $3, $4, $5) returning id, doc, at, ok, tags';
    const at = new Date('2026-12-01T10:00:00.000Z');
    const answers = [];
    for (let id = 1; id <= 5; id++) answers.push(await db.query(insert, [id, { n: id, name: 'çay' }, at, id % 2 === 0, '{a,"b c"}']));
    expect(names.nameFor(insert)).toMatch(/^orderly_\d+$/);
    expect((await prepared()).map((p) => p.statement)).toContain(insert);
    // The first calls went through PGlite's own query(), the later ones through the name: the same answer either way.
    for (const [i, a] of answers.entries()) {
      expect(a.rows).toEqual([{ id: i + 1, doc: { n: i + 1, name: 'çay' }, at, ok: (i + 1) % 2 === 0, tags: ['a', 'b c'] }]);
      expect(a.affectedRows).toBe(1);
      expect(a.fields.map((f) => f.name)).toEqual(['id', 'doc', 'at', 'ok', 'tags']);
    }
    // Drizzle's options (array rows, its own parsers) apply to named statements too; the
    // client's parsers still answer for every type the caller's do not name (its json parser,
    // and PGlite's for jsonb and boolean).
    const select = 'select id, at, doc, ok, doc::json as j from t where id = $1';
    let last;
    for (let i = 0; i < 4; i++) last = await db.query(select, [2], { rowMode: 'array', parsers: { 1184: (v: string) => `raw:${v}` } });
    expect((await prepared()).map((p) => p.statement)).toContain(select);
    expect(last?.rows).toEqual([[2, expect.stringMatching(/^raw:2026-12-01 10:00:00/), { n: 2, name: 'çay' }, true, { jsonText: '{"n": 2, "name": "çay"}' }]]);
    // null parameters
    for (let i = 0; i < 4; i++) await db.query('update t set doc = $1 where id = $2', [null, 5]);
    expect((await db.query<{ doc: unknown }>('select doc from t where id = 5')).rows).toEqual([{ doc: null }]);
  });

  it('a named statement that fails throws PGlite’s error (its code, the query) and the next call works', async () => {
    const insert = 'insert into t (id) values ($1)';
    for (let id = 10; id < 14; id++) await db.query(insert, [id]);
    expect((await prepared()).map((p) => p.statement)).toContain(insert);
    const failed = await db.query(insert, [10]).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: '23505', query: insert, params: [10] });
    await db.query(insert, [14]);
    expect((await db.query<{ n: number }>('select count(*)::int as n from t where id between 10 and 14')).rows).toEqual([{ n: 5 }]);
  });

  it('in a transaction: named statements roll back with it, and a query from outside waits for it', async () => {
    const insert = 'insert into t (id, ok) values ($1, $2)';
    for (let id = 20; id < 24; id++) await db.query(insert, [id, true]);
    const seenFromOutside: number[] = [];
    let outside: Promise<unknown> | undefined;
    const failure = await db
      .transaction(async (tx) => {
        await tx.query(insert, [30, true]);
        await tx.query(insert, [31, true]);
        // Issued while the transaction is open: it must not run inside it, nor see its rows.
        outside = db.query<{ n: number }>('select count(*)::int as n from t where id >= 30').then((r) => seenFromOutside.push(r.rows[0]?.n ?? -1));
        expect((await tx.query<{ n: number }>('select count(*)::int as n from t where id >= 30')).rows).toEqual([{ n: 2 }]);
        await tx.query(insert, [30, true]); // duplicate: the transaction fails
      })
      .catch((e: unknown) => e);
    await outside;
    expect(failure).toMatchObject({ code: '23505' });
    expect(seenFromOutside).toEqual([0]);
    expect((await db.query<{ n: number }>('select count(*)::int as n from t where id >= 30')).rows).toEqual([{ n: 0 }]);
    // A committed transaction keeps its rows.
    await db.transaction(async (tx) => {
      await tx.query(insert, [40, false]);
    });
    expect((await db.query<{ ok: boolean }>('select ok from t where id = 40')).rows).toEqual([{ ok: false }]);
  });

  it('writes the messages that run a named statement byte for byte as PGlite’s serializer does', () => {
    const { serialize } = protocol;
    const pglite = (name: string, values: (string | Uint8Array | null)[]) =>
      Buffer.concat([serialize.bind({ statement: name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]);
    const cases: (string | Uint8Array | null)[][] = [
      [],
      [null],
      [''],
      ['plain', null, '', 'çay — 🍵 naïve', 'x'.repeat(70_000), null],
      Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? null : `v${i}`)),
      ['text', new Uint8Array([0, 1, 255]), null], // a binary value: PGlite's own writer
    ];
    for (const values of cases) expect(Buffer.from(runMessages('orderly_12', values))).toEqual(pglite('orderly_12', values));
  });
});
