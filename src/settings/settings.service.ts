/** Reading and changing the business settings (one row, versioned). */
import { eq, sql } from 'drizzle-orm';
import type { Conn } from '../shared/db.ts';
import { settings as settingsTable } from '../shared/schema.ts';
import { AppError } from '../shared/errors.ts';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from './settings.ts';

export async function getSettings(conn: Conn): Promise<Settings & { version: number }> {
  const [row] = await conn.select().from(settingsTable).where(eq(settingsTable.id, 1));
  if (!row) return { ...DEFAULT_SETTINGS, version: 0 };
  const parsed = settingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...(row.data as object) });
  return { ...(parsed.success ? parsed.data : DEFAULT_SETTINGS), version: row.version };
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
  const rows = await conn
    .insert(settingsTable)
    .values({ id: 1, data: next, version: 1 })
    .onConflictDoUpdate({
      target: settingsTable.id,
      set: { data: next, version: sql`${settingsTable.version} + 1`, updatedAt: new Date() },
      setWhere: sql`${settingsTable.version} = ${current.version}`,
    })
    .returning({ version: settingsTable.version });
  const row = rows[0];
  if (!row) throw new AppError('version_mismatch', 'The settings were changed by someone else; reload and try again');
  return { ...next, version: row.version };
}
