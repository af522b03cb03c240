/** All SQL on the parties table. */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Conn } from '../shared/db.ts';
import { parties } from '../shared/schema.ts';
import type { Party, PartyInput, PartyPatch } from './party.ts';
import type { PartyKind } from './party-vocabulary.ts';

export async function findParty(conn: Conn, id: string): Promise<Party | undefined> {
  const [row] = await conn.select().from(parties).where(eq(parties.id, id));
  return row;
}

export async function findPartiesByIds(conn: Conn, ids: readonly string[]): Promise<Party[]> {
  if (!ids.length) return [];
  return conn
    .select()
    .from(parties)
    .where(inArray(parties.id, [...ids]));
}

/** The built-in party of this kind (the warehouse, accounts receivable). */
export async function findPartyOfKind(conn: Conn, kind: PartyKind): Promise<Party | undefined> {
  const [row] = await conn.select().from(parties).where(eq(parties.kind, kind)).orderBy(asc(parties.createdAt)).limit(1);
  return row;
}

export async function listParties(conn: Conn, f: { kind?: PartyKind | undefined; active?: boolean | undefined }): Promise<Party[]> {
  const where: SQL[] = [];
  if (f.kind) where.push(eq(parties.kind, f.kind));
  if (f.active !== undefined) where.push(eq(parties.active, f.active));
  return conn
    .select()
    .from(parties)
    .where(and(...where))
    .orderBy(sql`case ${parties.kind} when 'warehouse' then 0 when 'accounts' then 1 else 2 end`, asc(parties.name), asc(parties.id))
    .limit(500);
}

export async function insertParty(conn: Conn, input: PartyInput & { webhookSecret: string | null }): Promise<Party> {
  const [row] = await conn.insert(parties).values(input).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Applies a change if the version still matches; undefined when someone else changed it first. */
export async function updateParty(conn: Conn, id: string, patch: PartyPatch & { webhookSecret?: string | null }, expectedVersion: number): Promise<Party | undefined> {
  const [row] = await conn
    .update(parties)
    .set({ ...patch, version: sql`${parties.version} + 1`, updatedAt: new Date() })
    .where(and(eq(parties.id, id), eq(parties.version, expectedVersion)))
    .returning();
  return row;
}
