/** All SQL on users, sessions, API tokens and the audit log. */
import { and, asc, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Conn } from '../shared/db.ts';
import { apiTokens, auditLog, loginThrottle, sessions, users } from '../shared/schema.ts';

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

export type ThrottleCount = { key: string; attempts: number; remainingSeconds: number };

/**
 * Counts one log-in attempt against each key, in one statement: a key whose window has
 * ended starts a new one at 1; otherwise its count goes up and its window stays where
 * it started. Returns each key's count and the seconds left in its window.
 */
export async function countLoginAttempt(conn: Conn, keys: string[], windowSeconds: number): Promise<ThrottleCount[]> {
  const window = sql`${windowSeconds} * interval '1 second'`;
  const expired = sql`${loginThrottle.windowStartedAt} <= now() - ${window}`;
  const rows = await conn
    .insert(loginThrottle)
    .values(keys.map((key) => ({ key, attempts: 1, windowStartedAt: sql`now()` })))
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        attempts: sql`case when ${expired} then 1 else ${loginThrottle.attempts} + 1 end`,
        windowStartedAt: sql`case when ${expired} then now() else ${loginThrottle.windowStartedAt} end`,
      },
    })
    .returning({
      key: loginThrottle.key,
      attempts: loginThrottle.attempts,
      remainingSeconds: sql<number>`greatest(0, extract(epoch from (${loginThrottle.windowStartedAt} + ${window} - now())))::float8`,
    });
  return rows.map((r) => ({ key: r.key, attempts: Number(r.attempts), remainingSeconds: Number(r.remainingSeconds) }));
}

/** A successful log-in: the account starts afresh, and the address gets back the try it used. */
export async function forgiveLoginAttempt(conn: Conn, accountKey: string, addressKey: string): Promise<void> {
  await conn.delete(loginThrottle).where(eq(loginThrottle.key, accountKey));
  await conn
    .update(loginThrottle)
    .set({ attempts: sql`greatest(${loginThrottle.attempts} - 1, 0)` })
    .where(eq(loginThrottle.key, addressKey));
}

/** Forgets windows that have ended (every unknown e-mail tried leaves a row). */
export async function pruneLoginThrottle(conn: Conn, windowSeconds: number): Promise<void> {
  await conn.delete(loginThrottle).where(lt(loginThrottle.windowStartedAt, sql`now() - ${windowSeconds} * interval '1 second'`));
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

/**
 * A token that is not revoked, with its user's current role and state in the same
 * query (null when the token has no user, or the user is gone).
 */
export async function findLiveToken(conn: Conn, tokenHash: string) {
  const [row] = await conn
    .select({ token: apiTokens, user: { id: users.id, role: users.role, disabled: users.disabled } })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
  return row;
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
