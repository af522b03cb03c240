/**
 * The transactional outbox. A change that must reach the outside world (an
 * e-mail, later a webhook) writes an outbox row in its own transaction; a
 * worker delivers it afterwards, at least once:
 *
 * - claim: `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)` sets a lease
 *   (locked_by, locked_until), so two workers (two app processes on one
 *   PostgreSQL) never hold the same row; a crashed worker's lease runs out and
 *   the row is claimed again.
 * - settle: only the lease holder may mark the row done, retry it later
 *   (exponential backoff with jitter) or give it up, in one transaction with
 *   whatever the handler records about the outcome.
 *
 * Times come from the database's clock so several processes agree.
 */
import { and, eq, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Conn, Db, Tx } from './db.ts';
import { outbox } from './schema.ts';
import { arrayLiteral, rows, rowsBuiltOnce, runBuiltOnce } from './sql.ts';
import { isDatabaseUnavailable } from './pg-errors.ts';

export type OutboxRow = typeof outbox.$inferSelect;

let lastEnqueueAt = 0;

/**
 * Whether this process wrote an outbox row within `withinMs`: a change that queued nothing
 * (most order placements) then does not wake the worker for a claim that finds nothing.
 */
export const enqueuedRecently = (withinMs: number, now = Date.now()): boolean => now - lastEnqueueAt < withinMs;

/**
 * The row `enqueue` writes, as a builder with placeholders named `${prefix}topic`, `${prefix}key`
 * and `${prefix}payload` (and `${prefix}delayMs` when `delayed`) — also for a statement that
 * writes it together with the rows it belongs to (a CTE), in one round trip. `outboxRowValues`
 * gives the values (and counts as an enqueue).
 */
export const outboxRowBuilder = (conn: Conn, prefix: string, delayed = false) =>
  conn
    .insert(outbox)
    .values({
      topic: sql.placeholder(`${prefix}topic`),
      key: sql.placeholder(`${prefix}key`),
      payload: sql.placeholder(`${prefix}payload`),
      ...(delayed ? { availableAt: sql`now() + ${sql.placeholder(`${prefix}delayMs`)} * interval '1 millisecond'` } : {}),
    } as unknown as typeof outbox.$inferInsert)
    .onConflictDoNothing({ target: outbox.key });

export function outboxRowValues(prefix: string, m: { topic: string; key: string; payload: Record<string, unknown>; delayMs?: number }): Record<string, unknown> {
  lastEnqueueAt = Date.now();
  return { [`${prefix}topic`]: m.topic, [`${prefix}key`]: m.key, [`${prefix}payload`]: m.payload, [`${prefix}delayMs`]: m.delayMs ?? 0 };
}

/** Writes a row to deliver later; a row with the same key is not written twice. */
export async function enqueue(tx: Conn, m: { topic: string; key: string; payload: Record<string, unknown>; delayMs?: number }): Promise<void> {
  const delayed = Boolean(m.delayMs);
  await runBuiltOnce(tx, delayed ? 'outbox.enqueueDelayed' : 'outbox.enqueue', () => outboxRowBuilder(tx, '', delayed), outboxRowValues('', m));
}

type RawRow = {
  id: number | string;
  topic: string;
  key: string;
  payload: Record<string, unknown>;
  status: OutboxRow['status'];
  attempts: number;
  available_at: string | Date;
  locked_by: string | null;
  locked_until: string | Date | null;
  last_error: string | null;
  done_at: string | Date | null;
  created_at: string | Date;
};

const toDate = (v: string | Date | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v));

/** Takes up to `limit` due rows of the given topics for `worker`, for `leaseMs`. */
export async function claim(db: Db, a: { worker: string; topics: readonly string[]; limit: number; leaseMs: number }): Promise<OutboxRow[]> {
  const claimed = await rowsBuiltOnce<RawRow>(
    db,
    'outbox.claim',
    () => sql`update outbox set locked_by = ${sql.placeholder('worker')},
               locked_until = now() + ${sql.placeholder('leaseMs')}::int * interval '1 millisecond',
               attempts = attempts + 1
        where id in (
          select id from outbox
          where status = 'pending' and topic = any(${sql.placeholder('topics')}::text[]) and available_at <= now()
            and (locked_until is null or locked_until < now())
          order by available_at, id
          limit ${sql.placeholder('limit')}::int
          for update skip locked)
        returning *`,
    { worker: a.worker, leaseMs: Math.round(a.leaseMs), topics: arrayLiteral(a.topics), limit: Math.trunc(a.limit) },
  );
  return claimed
    .map((r) => ({
      id: Number(r.id),
      topic: r.topic,
      key: r.key,
      payload: r.payload,
      status: r.status,
      attempts: r.attempts,
      availableAt: toDate(r.available_at) ?? new Date(),
      lockedBy: r.locked_by,
      lockedUntil: toDate(r.locked_until),
      lastError: r.last_error,
      doneAt: toDate(r.done_at),
      createdAt: toDate(r.created_at) ?? new Date(),
    }))
    .sort((x, y) => x.id - y.id);
}

const held = (id: number, worker: string) => and(eq(outbox.id, id), eq(outbox.lockedBy, worker), eq(outbox.status, 'pending'));

/** Marks a claimed row delivered. False when the lease was lost (another worker has it now). */
export async function markDone(tx: Tx, id: number, worker: string): Promise<boolean> {
  const r = await tx.update(outbox).set({ status: 'done', doneAt: sql`now()`, lockedBy: null, lockedUntil: null, lastError: null }).where(held(id, worker)).returning({ id: outbox.id });
  return r.length === 1;
}

export async function retryLater(tx: Tx, id: number, worker: string, delayMs: number, error: string): Promise<boolean> {
  const r = await tx
    .update(outbox)
    .set({ availableAt: sql`now() + ${Math.round(delayMs)} * interval '1 millisecond'`, lockedBy: null, lockedUntil: null, lastError: error.slice(0, 2000) })
    .where(held(id, worker))
    .returning({ id: outbox.id });
  return r.length === 1;
}

export async function giveUp(tx: Tx, id: number, worker: string, error: string): Promise<boolean> {
  const r = await tx.update(outbox).set({ status: 'dead', lockedBy: null, lockedUntil: null, lastError: error.slice(0, 2000), doneAt: sql`now()` }).where(held(id, worker)).returning({ id: outbox.id });
  return r.length === 1;
}

/** Deletes delivered rows older than `olderThanMs` (the mail log keeps what was sent); dead rows stay for inspection. */
export async function purgeDone(db: Db, olderThanMs: number): Promise<number> {
  const r = await rows<{ id: number }>(db, sql`delete from outbox where status = 'done' and done_at < now() - ${olderThanMs} * interval '1 millisecond' returning id`);
  return r.length;
}

/** Backoff before attempt n+1: base × 2^(n−1), capped, with ±20 % jitter so retries spread out. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

export type Outcome = { ok: true } | { ok: false; error: string; permanent: boolean };

/**
 * What a topic's worker does with a row: `deliver` talks to the outside world
 * (no database transaction open); `settle` records the outcome in the same
 * transaction that finishes the outbox row.
 */
export type OutboxHandler = {
  deliver(row: OutboxRow): Promise<Outcome>;
  settle(tx: Tx, row: OutboxRow, result: { outcome: Outcome; final: boolean }): Promise<void>;
};

export type WorkerOptions = {
  handlers: Record<string, OutboxHandler>;
  pollMs: number;
  leaseMs: number;
  batchSize: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  log?: { error(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
  /** The database could not be reached: told here (logged once there) instead of a stack trace per poll. */
  onDatabaseUnavailable?: (e: unknown) => void;
  /**
   * After a nudge, how long to wait before claiming (default 20 ms): under load many requests
   * nudge within a few milliseconds of each other, and one claim then takes all their rows
   * instead of one claim (a statement and a transaction) per row.
   */
  coalesceMs?: number;
};

export type OutboxWorker = { id: string; stop(): Promise<void>; /** Look now instead of at the next poll. */ nudge(): void; /** Runs one claim-and-deliver round; resolves with how many rows it handled. */ runOnce(): Promise<number> };

export function startOutboxWorker(db: Db, o: WorkerOptions): OutboxWorker {
  const id = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const topics = Object.keys(o.handlers);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  /** A nudge that came while a round was running: the worker looks again at once instead of sleeping. */
  let nudgedWhileBusy = false;
  const coalesceMs = o.coalesceMs ?? 20;
  let coalescing = false;

  const handleRow = async (row: OutboxRow) => {
    const handler = o.handlers[row.topic];
    if (!handler) return;
    let outcome: Outcome;
    try {
      outcome = await handler.deliver(row);
    } catch (e) {
      outcome = { ok: false, error: e instanceof Error ? e.message : String(e), permanent: false };
    }
    const final = outcome.ok || outcome.permanent || row.attempts >= o.maxAttempts;
    await db.transaction(async (tx) => {
      const kept = outcome.ok
        ? await markDone(tx, row.id, id)
        : final
          ? await giveUp(tx, row.id, id, outcome.error)
          : await retryLater(tx, row.id, id, backoffMs(row.attempts, o.retryBaseMs, o.retryMaxMs), outcome.error);
      if (!kept) {
        o.log?.warn({ outboxId: row.id }, 'outbox lease lost before settling; another worker owns the row');
        return;
      }
      await handler.settle(tx, row, { outcome, final });
    });
  };

  const runOnce = async (): Promise<number> => {
    const batch = await claim(db, { worker: id, topics, limit: o.batchSize, leaseMs: o.leaseMs });
    await Promise.all(
      batch.map((row) =>
        handleRow(row).catch((e: unknown) => {
          // The lease runs out and the row is tried again.
          if (isDatabaseUnavailable(e) && o.onDatabaseUnavailable) o.onDatabaseUnavailable(e);
          else o.log?.error({ err: e, outboxId: row.id }, 'outbox row could not be settled');
        }),
      ),
    );
    return batch.length;
  };

  const PURGE_EVERY_MS = 10 * 60_000;
  let lastPurge = Date.now();
  const loop = async () => {
    while (!stopped) {
      if (Date.now() - lastPurge > PURGE_EVERY_MS) {
        lastPurge = Date.now();
        await purgeDone(db, 7 * 86_400_000).catch((e: unknown) => o.log?.warn({ err: e }, 'outbox purge failed'));
      }
      let handled = 0;
      try {
        handled = await runOnce();
      } catch (e) {
        if (stopped) break;
        if (isDatabaseUnavailable(e) && o.onDatabaseUnavailable) o.onDatabaseUnavailable(e);
        else o.log?.error({ err: e }, 'outbox poll failed');
      }
      if (stopped) break;
      if (handled >= o.batchSize) continue;
      let nudged = nudgedWhileBusy;
      nudgedWhileBusy = false;
      if (!nudged) {
        nudged = await new Promise<boolean>((resolve) => {
          wake = () => resolve(true);
          timer = setTimeout(() => resolve(false), o.pollMs);
        });
        wake = undefined;
        if (timer) clearTimeout(timer);
      }
      if (nudged && !stopped && coalesceMs > 0) {
        // Let the nudges of requests finishing right now arrive; the next claim takes all their rows.
        coalescing = true;
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, coalesceMs);
        });
        wake = undefined;
        coalescing = false;
        nudgedWhileBusy = false;
      }
    }
  };
  const running = loop();

  return {
    id,
    runOnce,
    nudge: () => {
      if (coalescing) return; // the claim after this wait takes the nudged rows too
      if (wake) wake();
      else nudgedWhileBusy = true;
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await running;
    },
  };
}
