import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatementNames } from './named-statements.ts';
import { nameStatements } from './pglite-named-statements.ts';

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

  it('a named statement’s notices reach the caller, and once something listens, its notifications reach the listener', async () => {
    await db.exec(`create function shout(t text) returns int language plpgsql as $$ begin raise notice 'heard %', t; return 7; end $$;`);
    const notices: string[] = [];
    const shout = 'select shout($1) as n';
    for (let i = 0; i < 4; i++) expect((await db.query(shout, [`#${i}`], { onNotice: (n) => notices.push(n.message ?? '') })).rows).toEqual([{ n: 7 }]);
    expect((await prepared()).map((p) => p.statement)).toContain(shout);
    expect(notices).toEqual(['heard #0', 'heard #1', 'heard #2', 'heard #3']);

    const heard: string[] = [];
    await db.listen('orders', (payload) => heard.push(payload));
    const notify = 'select pg_notify($1, $2)';
    for (let i = 0; i < 4; i++) await db.query(notify, ['orders', `n${i}`]);
    expect((await prepared()).map((p) => p.statement)).toContain(notify);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(heard).toEqual(['n0', 'n1', 'n2', 'n3']);
  });
});
