import { PGlite, parse, protocol, type QueryOptions } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concat, readAnswer, readAnswerAsPglite, runMessages } from './pglite-wire.ts';

const { serialize } = protocol;

describe('the embedded engine’s wire for named statements', () => {
  let db: PGlite;
  let named = 0;
  /** Prepares `text` under a new name and runs it with `values`: the raw answer, and PGlite's own reading of it. */
  const run = async (text: string, values: (string | null)[]) => {
    const name = `wire_${++named}`;
    await db.execProtocol(concat([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]));
    const { messages, data } = await db.execProtocol(runMessages(name, values), { throwOnError: false });
    return { answer: data, messages };
  };
  /** What PGlite's own query() would give for these messages. */
  const pglites = (messages: Parameters<typeof parse.parseResults>[0], options?: QueryOptions) => parse.parseResults(messages, db.parsers, options)[0];
  const drizzleLike: QueryOptions['parsers'] = { 1184: (v: string) => `raw:${v}`, 1082: (v: string) => v, 1186: (v: string) => v };

  beforeAll(async () => {
    db = await PGlite.create({ parsers: { 114: (v: string) => ({ jsonText: v }) } });
    await db.exec(`
      create table w (id int primary key, big bigint, name text, doc jsonb, at timestamptz, day date, amount numeric, ok boolean,
                      tags text[], ref uuid, raw bytea, ratio float8, span interval, "__proto__" text);
      insert into w values
        (1, 9007199254740993, 'çay — 🍵 naïve', '{"n": 1, "x": [1, "a"]}', '2026-12-01 10:00:00+00', '2026-12-01', 12.50, true,
         '{a,"b c",NULL}', '00000000-0000-0000-0000-000000000001', '\\x00ff', 0.25, '1 day 02:00', 'p1'),
        (2, null, chr(65279) || 'bom', null, null, null, null, false, '{}', null, null, null, null, null);`);
  });
  afterAll(async () => {
    await db.close();
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


  it('reads an answer exactly as PGlite’s parseResults does: objects or arrays, every type, the caller’s and the client’s parsers', async () => {
    const select = 'select *, doc::json as j, id as dup, name as dup from w where id = any($1::int[]) order by id';
    const { answer, messages } = await run(select, ['{1,2}']);
    for (const options of [undefined, { rowMode: 'array' as const }, { rowMode: 'object' as const, parsers: drizzleLike }, { rowMode: 'array' as const, parsers: drizzleLike }]) {
      const mine = readAnswer(answer, db.parsers, options);
      expect(mine).toBeDefined(); // read here, not handed back to PGlite's reader
      expect(mine).toEqual(pglites(messages, options));
      expect(mine?.rows).toHaveLength(2);
    }
    // Spot checks that the comparison is about something: parsed values, the client's json parser, the caller's own.
    const [first] = readAnswer(answer, db.parsers, { parsers: drizzleLike })?.rows as Record<string, unknown>[];
    expect(first).toMatchObject({ id: 1, big: 9007199254740993n, doc: { n: 1, x: [1, 'a'] }, j: { jsonText: '{"n": 1, "x": [1, "a"]}' }, at: 'raw:2026-12-01 10:00:00+00', ok: true, tags: ['a', 'b c', null], dup: 'çay — 🍵 naïve' });
    expect(Object.getPrototypeOf(first)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(first, '__proto__')?.value).toBe('p1');
  });

  it('reads commands without rows and empty results as PGlite does: command, affected rows, row count', async () => {
    const cases: [string, (string | null)[]][] = [
      ['update w set ok = $1 where id > 0', ['true']],
      ['insert into w (id, name) values ($1, $2) returning id, name', ['3', 'drei']],
      ['delete from w where id = $1', ['3']],
      ['delete from w where id = $1', ['99']],
      ['select name from w where id = $1', ['99']],
      ['select pg_advisory_xact_lock($1)', ['1']],
    ];
    for (const [text, values] of cases) {
      const { answer, messages } = await run(text, values);
      const mine = readAnswer(answer, db.parsers, undefined);
      expect(mine).toBeDefined();
      expect(mine).toEqual(pglites(messages));
    }
    const { answer } = await run('update w set ok = $1 where id > 0', ['false']);
    expect(readAnswer(answer, db.parsers, undefined)).toMatchObject({ command: 'UPDATE', affectedRows: 2, rowCount: 2, rows: [], fields: [] });
  });

  it('hands an error or a notice to PGlite’s own reading: the same error thrown, the notice given to the caller', async () => {
    const failed = await run('insert into w (id) values ($1)', ['1']);
    expect(readAnswer(failed.answer, db.parsers, undefined)).toBeUndefined();
    const thrown = (() => {
      try {
        readAnswerAsPglite(failed.answer, db.parsers, undefined);
      } catch (e) {
        return e;
      }
    })();
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).toMatchObject({ code: '23505', table: 'w' });

    await db.exec(`create function shout(t text) returns int language plpgsql as $$ begin raise notice 'heard %', t; return 7; end $$;`);
    const noisy = await run('select shout($1) as n', ['it']);
    expect(readAnswer(noisy.answer, db.parsers, undefined)).toBeUndefined();
    const notices: string[] = [];
    expect(readAnswerAsPglite(noisy.answer, db.parsers, { onNotice: (n) => notices.push(n.message ?? '') })?.rows).toEqual([{ n: 7 }]);
    expect(notices).toEqual(['heard it']);
  });
});
