/**
 * The embedded engine's wire, for named statements (pglite-named-statements.ts): the
 * messages that run one, and the reading of its answer. PGlite's own writer and reader are
 * general (every message, every format) and allocate a buffer per message and per value;
 * on the placement path they cost more than the rest of the driver together. These do the
 * few messages a named statement exchanges, and give exactly what PGlite's would — the
 * tests hold them to PGlite's bytes and to `parse.parseResults`' answers — and hand back
 * to PGlite's own for anything else (binary values, errors, notices, notifications).
 */
import { parse, protocol, types, type PGlite, type QueryOptions, type Results } from '@electric-sql/pglite';

const { serialize } = protocol;
type Parsers = PGlite['parsers'];
type Parser = (text: string, typeId: number) => unknown;

export function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The four messages that run a named statement — Bind (text values), Describe the portal,
 * Execute, Sync — in one buffer, byte for byte what PGlite's `serialize` writes for them
 * (the test holds the two together). PGlite's writer allocates and copies a buffer for every
 * message and grows it value by value, ~26 µs for a statement with twenty values against
 * ~2.5 µs here; it is used as it is whenever a value is not text (binary values).
 */
export function runMessages(name: string, values: readonly (string | ArrayBuffer | ArrayBufferView | null)[]): Uint8Array {
  let textBytes = 0;
  for (const v of values) {
    if (v === null) continue;
    if (typeof v !== 'string') return concat([serialize.bind({ statement: name, values: [...values] }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]);
    textBytes += Buffer.byteLength(v);
  }
  const nameBytes = Buffer.byteLength(name);
  // Bind: portal "", the statement's name, one format code (text) per value, the values (length + bytes, -1 for null), no result format codes.
  const bindLength = 4 + 1 + nameBytes + 1 + 2 + 2 * values.length + 2 + 4 * values.length + textBytes + 2;
  const out = Buffer.allocUnsafe(1 + bindLength + DESCRIBE_EXECUTE_SYNC.length);
  let at = out.writeUInt8(0x42, 0); // 'B'
  at = out.writeInt32BE(bindLength, at);
  at = out.writeUInt8(0, at);
  at += out.write(name, at);
  at = out.writeUInt8(0, at);
  at = out.writeUInt16BE(values.length, at);
  for (let i = 0; i < values.length; i++) at = out.writeInt16BE(0, at);
  at = out.writeUInt16BE(values.length, at);
  for (const v of values) {
    if (typeof v !== 'string') {
      at = out.writeInt32BE(-1, at);
      continue;
    }
    const length = out.write(v, at + 4);
    out.writeInt32BE(length, at);
    at += 4 + length;
  }
  at = out.writeInt16BE(0, at);
  out.set(DESCRIBE_EXECUTE_SYNC, at);
  return out;
}

/** Describe the unnamed portal, Execute it (all rows), Sync — the same for every run. */
const DESCRIBE_EXECUTE_SYNC = concat([serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]);

/** As PGlite's reader decodes text (which drops a leading byte-order mark, as TextDecoder does by default). */
const decoder = new TextDecoder();
const COUNTED = new Set(['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE']);

/**
 * The result of a named statement's answer (the bytes PGlite wrote for runMessages), as
 * PGlite's `parse.parseResults(messages, parsers, options)` gives it: the same rows (objects
 * or arrays, each value through the caller's parser, else the client's, else PGlite's
 * default for its type), fields, command and counts. `undefined` when the answer holds
 * anything but the ordinary messages (an error, a notice, a notification, a binary column…):
 * the caller then reads it with PGlite's own reader.
 */
export function readAnswer(answer: Uint8Array, parsers: Parsers, options: QueryOptions | undefined): Results | undefined {
  const view = new DataView(answer.buffer, answer.byteOffset, answer.byteLength);
  const arrayRows = options?.rowMode === 'array';
  const own = options?.parsers as Record<number, Parser | undefined> | undefined;
  const defaults = types.parsers as Record<number, Parser | undefined>;
  const client = parsers as Record<number, Parser | undefined>;
  let fields: { name: string; dataTypeID: number }[] = [];
  let columnParsers: (Parser | undefined)[] = [];
  let plainNames = true;
  let rows: unknown[] = [];
  let affectedRows = 0;
  let result: Results | undefined;
  let at = 0;
  while (at + 5 <= answer.length) {
    const code = answer[at];
    const end = at + 1 + view.getInt32(at + 1);
    let p = at + 5;
    switch (code) {
      case 0x31: // ParseComplete
      case 0x32: // BindComplete
      case 0x5a: // ReadyForQuery
        break;
      case 0x6e: // NoData
        fields = [];
        columnParsers = [];
        break;
      case 0x54: {
        // RowDescription
        const count = view.getInt16(p);
        p += 2;
        fields = [];
        columnParsers = [];
        plainNames = true;
        for (let i = 0; i < count; i++) {
          const zero = answer.indexOf(0, p);
          const name = decoder.decode(answer.subarray(p, zero));
          p = zero + 1;
          const dataTypeID = view.getInt32(p + 6);
          if (view.getInt16(p + 16) !== 0) return undefined; // a binary column
          p += 18;
          fields.push({ name, dataTypeID });
          columnParsers.push(own?.[dataTypeID] ?? client[dataTypeID] ?? defaults[dataTypeID]);
          if (name === '__proto__') plainNames = false;
        }
        break;
      }
      case 0x44: {
        // DataRow
        const count = view.getInt16(p);
        p += 2;
        const values: unknown[] = new Array(count);
        for (let i = 0; i < count; i++) {
          const length = view.getInt32(p);
          p += 4;
          if (length === -1) {
            values[i] = null;
            continue;
          }
          const text = decoder.decode(answer.subarray(p, p + length));
          p += length;
          const parser = columnParsers[i];
          values[i] = parser ? parser(text, fields[i]?.dataTypeID ?? 0) : text;
        }
        if (arrayRows) rows.push(values);
        else if (plainNames) {
          const row: Record<string, unknown> = {};
          for (let i = 0; i < count; i++) row[fields[i]?.name ?? ''] = values[i];
          rows.push(row);
        } else rows.push(Object.fromEntries(values.map((v, i) => [fields[i]?.name ?? '', v])));
        break;
      }
      case 0x43: {
        // CommandComplete: the first is the statement's result (a named statement has one).
        const tag = decoder.decode(answer.subarray(p, answer.indexOf(0, p))).split(' ');
        const command = tag[0] ?? '';
        const n = parseInt(tag[tag.length - 1] ?? '', 10);
        if (COUNTED.has(command)) affectedRows += n;
        result ??= { rows: rows as Results['rows'], fields, command, affectedRows, ...(Number.isNaN(n) ? {} : { rowCount: n }) };
        rows = [];
        fields = [];
        break;
      }
      default:
        return undefined;
    }
    at = end;
  }
  return result ?? { affectedRows: 0, rows: [], fields: [] };
}

/**
 * An answer read with PGlite's own reader, as its `execProtocolStream` and `query` read it:
 * the first error is thrown (after the caller's notice callback has had the notices before
 * it), otherwise the result of `parse.parseResults`.
 */
export function readAnswerAsPglite(answer: Uint8Array, parsers: Parsers, options: QueryOptions | undefined): Results | undefined {
  const messages: Parameters<typeof parse.parseResults>[0] = [];
  let error: Error | undefined;
  new protocol.Parser().parse(answer, (message) => {
    if (error) return;
    if (message instanceof Error) error = message;
    else if (message.name === 'notice') options?.onNotice?.(message as Parameters<NonNullable<QueryOptions['onNotice']>>[0]);
    messages.push(message);
  });
  if (error) throw error;
  return parse.parseResults(messages, parsers, options)[0];
}
