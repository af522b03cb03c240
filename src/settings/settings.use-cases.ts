/** Reading and changing the business settings (one row, versioned); the SQL is in settings.repository.ts. */
import type { Conn } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from './settings.ts';
import { findSettingsRow, writeSettingsIf } from './settings.repository.ts';

export async function getSettings(conn: Conn): Promise<Settings & { version: number }> {
  const row = await findSettingsRow(conn);
  if (!row) return { ...DEFAULT_SETTINGS, version: 0 };
  const parsed = settingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...(row.data as object) });
  return { ...(parsed.success ? parsed.data : DEFAULT_SETTINGS), version: row.version };
}

/**
 * How long placing an order may use settings it read earlier. A change made
 * through this process (updateSettings on the same db) is seen at once; one made
 * by another process on the same PostgreSQL database within this time.
 */
export const SETTINGS_CACHE_MS = 2_000;

const cache = new WeakMap<object, { readAt: number; value: Promise<Settings & { version: number }> }>();

/**
 * The settings for the hot path (placing an order, showing which commands an
 * order offers): read at most once per SETTINGS_CACHE_MS per connection, instead
 * of once per use. On a transaction, whoever opened it may seed what it already
 * read (`seedSettings`), so reactions and guards inside it read nothing again and
 * never reach past the transaction to the pool (on PGlite that would wait for
 * the transaction itself).
 */
export function cachedSettings(conn: Conn, now = Date.now()): Promise<Settings & { version: number }> {
  const hit = cache.get(conn);
  if (hit && now - hit.readAt < SETTINGS_CACHE_MS) return hit.value;
  const entry = { readAt: now, value: getSettings(conn) };
  cache.set(conn, entry);
  entry.value.catch(() => {
    if (cache.get(conn) === entry) cache.delete(conn);
  });
  return entry.value;
}

/** Inside a transaction: the settings its owner read, for cachedSettings(tx) to answer with. */
export function seedSettings(tx: Conn, settings: Settings & { version: number }, now = Date.now()): void {
  cache.set(tx, { readAt: now, value: Promise.resolve(settings) });
}

/** Merges a change into the settings; `expectedVersion` guards against a concurrent edit. */
export async function updateSettings(conn: Conn, change: { [K in keyof Settings]?: Settings[K] | undefined }, expectedVersion?: number): Promise<Settings & { version: number }> {
  const current = await getSettings(conn);
  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw new AppError('version_mismatch', `The settings changed since version ${expectedVersion}; reload and try again`);
  }
  const { version: _v, ...data } = current;
  const defined = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
  const next = settingsSchema.parse({ ...data, ...defined });
  const row = await writeSettingsIf(conn, next, current.version);
  if (!row) throw new AppError('version_mismatch', 'The settings were changed by someone else; reload and try again');
  cache.delete(conn);
  return { ...next, version: row.version };
}
