/** All SQL on the settings row (id 1). */
import { eq, sql } from 'drizzle-orm';
import type { Conn } from '../shared/db.ts';
import { settings as settingsTable } from '../shared/schema.ts';

export async function findSettingsRow(conn: Conn): Promise<typeof settingsTable.$inferSelect | undefined> {
  const [row] = await conn.select().from(settingsTable).where(eq(settingsTable.id, 1));
  return row;
}

/** Writes the settings if they are still at `currentVersion` (inserting them the first time); undefined when someone else changed them first. */
export async function writeSettingsIf(conn: Conn, data: object, currentVersion: number): Promise<{ version: number } | undefined> {
  const rows = await conn
    .insert(settingsTable)
    .values({ id: 1, data, version: 1 })
    .onConflictDoUpdate({
      target: settingsTable.id,
      set: { data, version: sql`${settingsTable.version} + 1`, updatedAt: new Date() },
      setWhere: sql`${settingsTable.version} = ${currentVersion}`,
    })
    .returning({ version: settingsTable.version });
  return rows[0];
}
