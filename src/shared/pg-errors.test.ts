import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './pg-errors.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('telling "the database cannot be reached" from "the query was wrong"', () => {
  it.each([
    ['connection refused', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['connection reset', withCode('ECONNRESET')],
    ['57P01 admin_shutdown (the server was stopped)', withCode('57P01', 'terminating connection due to administrator command')],
    ['57P03 cannot_connect_now (starting up)', withCode('57P03', 'the database system is starting up')],
    ['08006 connection_failure', withCode('08006')],
    ['53300 too_many_connections', withCode('53300')],
    ['a dropped connection (pg, no code)', new Error('Connection terminated unexpectedly')],
    ["the pool's connect timeout", new Error('timeout exceeded when trying to connect')],
    ['a database that refuses connections', withCode('55000', 'database "shop" is not currently accepting connections')],
    ['wrapped by Drizzle', Object.assign(new Error('Failed query: select 1'), { cause: withCode('57P01') })],
    ['every address refused', new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect failed')],
  ])('%s is unavailable', (_name, e) => expect(isDatabaseUnavailable(e)).toBe(true));

  it.each([
    ['a unique violation', withCode('23505')],
    ['a serialization failure', withCode('40001')],
    ['55000 for another reason', withCode('55000', 'currval of sequence "x" is not yet defined in this session')],
    ['a plain bug', new TypeError('cannot read properties of undefined')],
    ['not an error', 'ECONNREFUSED'],
  ])('%s is not', (_name, e) => expect(isDatabaseUnavailable(e)).toBe(false));
});
