/** All SQL on users, sessions, API tokens and the audit log. */
import { and, asc, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Conn } from '../shared/db.ts';
import { apiTokens, auditLog, sessions, users } from '../shared/schema.ts';

export type UserRow = typeof users.$inferSelect;
export type TokenRow = typeof apiTokens.$inferSelect;

export async function findUserByEmail(conn: Conn, emailNormalized: string): Promise<UserRow | undefined> {
  const [u] = await conn.select().from(users).where(eq(users.emailNormalized, emailNormalized));
  return u;
}
export async function findUserById(conn: Conn, id: string): Promise<UserRow | undefined> {
  const [u] = await conn.select().from(users).where(eq(users.id, id));
  return u;
}
export const listUsers = (conn: Conn) => conn.select().from(users).orderBy(asc(users.name));
export const countUsers = async (conn: Conn) => Number((await conn.select({ n: sql<number>`count(*)` }).from(users))[0]?.n ?? 0);

export async function insertUser(conn: Conn, row: typeof users.$inferInsert): Promise<UserRow> {
  const [u] = await conn.insert(users).values(row).returning();
  if (!u) throw new Error('insert returned no row');
  return u;
}

export async function updateUser(conn: Conn, id: string, set: Partial<typeof users.$inferInsert>): Promise<UserRow | undefined> {
  const [u] = await conn
    .update(users)
    .set({ ...set, version: sql`${users.version} + 1`, updatedAt: new Date() })
    .where(eq(users.id, id))
    .returning();
  return u;
}

/** Counts a failed log-in; locks the account for `lockMs` once `maxFailures` is reached. */
export async function recordFailedLogin(conn: Conn, id: string, maxFailures: number, lockMs: number): Promise<void> {
  await conn
    .update(users)
    .set({
      failedLogins: sql`${users.failedLogins} + 1`,
      lockedUntil: sql`case when ${users.failedLogins} + 1 >= ${maxFailures} then now() + (${lockMs} || ' milliseconds')::interval else ${users.lockedUntil} end`,
    })
    .where(eq(users.id, id));
}

export async function resetFailedLogins(conn: Conn, id: string): Promise<void> {
  await conn.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, id));
}

export async function insertSession(conn: Conn, row: typeof sessions.$inferInsert): Promise<void> {
  await conn.insert(sessions).values(row);
}

/** A live session and its user: not revoked, not expired, user not disabled. */
export async function findLiveSession(conn: Conn, id: string) {
  const [row] = await conn
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`), eq(users.disabled, false)));
  return row;
}

export async function extendSession(conn: Conn, id: string, expiresAt: Date): Promise<void> {
  await conn.update(sessions).set({ expiresAt }).where(eq(sessions.id, id));
}

export async function revokeSession(conn: Conn, id: string): Promise<void> {
  await conn.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
}

export async function revokeUserSessions(conn: Conn, userId: string, exceptId?: string): Promise<void> {
  await conn
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), exceptId ? sql`${sessions.id} <> ${exceptId}` : undefined));
}

export async function insertToken(conn: Conn, row: typeof apiTokens.$inferInsert): Promise<TokenRow> {
  const [t] = await conn.insert(apiTokens).values(row).returning();
  if (!t) throw new Error('insert returned no row');
  return t;
}
export const listTokens = (conn: Conn) => conn.select().from(apiTokens).orderBy(desc(apiTokens.createdAt));

export async function findLiveToken(conn: Conn, tokenHash: string): Promise<TokenRow | undefined> {
  const [t] = await conn
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
  return t;
}

/** Records use at most once a minute per token, so a busy integration does not write on every call. */
export async function touchToken(conn: Conn, id: string): Promise<void> {
  await conn
    .update(apiTokens)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiTokens.id, id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, sql`now() - interval '1 minute'`))));
}

export async function revokeToken(conn: Conn, id: string): Promise<boolean> {
  const rows = await conn
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length === 1;
}

export async function insertAudit(conn: Conn, row: typeof auditLog.$inferInsert): Promise<void> {
  await conn.insert(auditLog).values(row);
}

export const listAudit = (conn: Conn, limit: number, beforeId?: number) =>
  conn
    .select()
    .from(auditLog)
    .where(beforeId ? lt(auditLog.id, beforeId) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(limit);
