/** Staff accounts, log-in sessions and API tokens. */
import { z } from 'zod';
import type { Actor } from '../shared/actor.ts';
import type { Conn, Db } from '../shared/db.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { isUniqueViolation } from '../shared/pg-errors.ts';
import { ROLES, lesserRole, type Role } from './permissions.ts';
import { timingSafeEqual } from 'node:crypto';
import { dummyHash, hashPassword, PASSWORD_RULES, randomSecret, sha256hex, verifyPassword } from './password.ts';
import * as repo from './auth.repository.ts';
import { admitLoginAttempt, type LoginSource } from './login-throttle.ts';

export const SESSION_TTL_MS = 12 * 3600_000;

export const passwordSchema = z.string().min(PASSWORD_RULES.min, `Use at least ${PASSWORD_RULES.min} characters`).max(PASSWORD_RULES.max);
export const newUserSchema = z.strictObject({
  email: z.email('Enter a valid e-mail address').max(254),
  name: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
  password: passwordSchema,
});
export type NewUser = z.output<typeof newUserSchema>;

export type PublicUser = { id: string; email: string; name: string; role: Role; disabled: boolean; createdAt: Date };
export const publicUser = (u: repo.UserRow): PublicUser => ({ id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabled, createdAt: u.createdAt });

export type Identity = {
  actor: Actor;
  role: Role;
  via: 'session' | 'token';
  /** The staff user behind this identity: the logged-in user, or the user an API token is bound to. */
  userId?: string;
  user?: PublicUser;
  sessionId?: string;
  csrfToken?: string;
};

export async function createUser(conn: Conn, input: NewUser): Promise<PublicUser> {
  try {
    const u = await repo.insertUser(conn, {
      email: input.email.trim(),
      emailNormalized: input.email.trim().toLowerCase(),
      name: input.name,
      role: input.role,
      passwordHash: await hashPassword(input.password),
    });
    return publicUser(u);
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('duplicate', `A user with the e-mail ${input.email} already exists`, [{ pointer: '/email', code: 'duplicate', message: 'Already used by another user' }]);
    throw e;
  }
}

/** Creates the owner from the environment if that account does not exist yet. */
export async function ensureOwner(db: Db, email: string, password: string): Promise<{ created: boolean }> {
  if (await repo.findUserByEmail(db, email.trim().toLowerCase())) return { created: false };
  try {
    await createUser(db, { email, password, name: 'Owner', role: 'owner' });
    return { created: true };
  } catch (e) {
    // Another app process starting at the same moment created it first.
    if (e instanceof AppError && e.code === 'duplicate') return { created: false };
    throw e;
  }
}

export const hasUsers = async (db: Db) => (await repo.countUsers(db)) > 0;

/**
 * Logs in with e-mail and password. Known and unknown e-mails get the same answers in the
 * same time; failed attempts are throttled per account and per address (login-throttle.ts).
 */
export async function login(db: Db, email: string, password: string, from: LoginSource): Promise<{ token: string; identity: Identity }> {
  const emailNormalized = email.trim().toLowerCase();
  const attempt = await admitLoginAttempt(db, emailNormalized, from);
  const user = await repo.findUserByEmail(db, emailNormalized);
  const refused = () => new AppError('unauthenticated', 'The e-mail or password is wrong', [{ pointer: '/password', code: 'invalid_credentials', message: 'The e-mail or password is wrong' }]);
  if (!user) {
    await verifyPassword(password, await dummyHash());
    throw refused();
  }
  if (!(await verifyPassword(password, user.passwordHash))) throw refused();
  if (user.disabled) throw new AppError('unauthenticated', 'This account is disabled; ask the owner');
  await attempt.succeeded();
  const token = randomSecret(32);
  const csrfToken = randomSecret(24);
  const sessionId = sha256hex(token);
  await repo.insertSession(db, { id: sessionId, userId: user.id, csrfToken, expiresAt: new Date(Date.now() + SESSION_TTL_MS) });
  return { token, identity: sessionIdentity(user, sessionId, csrfToken) };
}

function sessionIdentity(user: repo.UserRow, sessionId: string, csrfToken: string): Identity {
  return { actor: { kind: 'user', id: user.id, name: user.name }, role: user.role, via: 'session', userId: user.id, user: publicUser(user), sessionId, csrfToken };
}

/**
 * The identity behind a session cookie, sliding its expiry forward once half of it is used.
 * A live session's identity is kept for IDENTITY_CACHE_MS like a token's (see identifyToken).
 */
export function identifySession(db: Db, token: string, now = Date.now()): Promise<Identity | undefined> {
  return cachedIdentity(`session:${sha256hex(token)}`, now, () => lookUpSession(db, sha256hex(token)));
}

async function lookUpSession(db: Db, sessionId: string): Promise<Identity | undefined> {
  const row = await repo.findLiveSession(db, sessionId);
  if (!row) return undefined;
  if (row.session.expiresAt.getTime() - Date.now() < SESSION_TTL_MS / 2) await repo.extendSession(db, sessionId, new Date(Date.now() + SESSION_TTL_MS));
  return sessionIdentity(row.user, sessionId, row.session.csrfToken);
}

export const API_TOKEN_PREFIX = 'oly_';

const lastTouched = new Map<string, number>();

/**
 * How long this process may answer for an API token or a session without asking the
 * database: a revoked token, an ended session, a disabled user or a lowered role is refused
 * within this time in every process (and at once in the process that made the change).
 */
export const IDENTITY_CACHE_MS = 1_000;
const IDENTITY_CACHE_MAX = 2_000;
const identities = new Map<string, { readAt: number; identity: Promise<Identity | undefined> }>();

/** Forgets every cached identity (after a change to tokens, sessions or users in this process). */
export function forgetCachedIdentities(): void {
  identities.clear();
}

/** A live identity is kept for IDENTITY_CACHE_MS, counted from when its lookup started; an unknown or refused one is asked about again. */
function cachedIdentity(key: string, now: number, lookUp: () => Promise<Identity | undefined>): Promise<Identity | undefined> {
  const hit = identities.get(key);
  if (hit && now - hit.readAt < IDENTITY_CACHE_MS) return hit.identity;
  const entry = { readAt: now, identity: lookUp() };
  if (identities.size >= IDENTITY_CACHE_MAX) identities.clear();
  identities.set(key, entry);
  const drop = () => {
    if (identities.get(key) === entry) identities.delete(key);
  };
  entry.identity.then((identity) => identity ?? drop(), drop);
  return entry.identity;
}

/**
 * The identity behind an API token. A token acts with at most its user's current rights:
 * refused once that user is disabled or gone, and limited to the lesser of the token's
 * role and the user's role (refused when no role is within both).
 */
export function identifyToken(db: Db, token: string, now = Date.now()): Promise<Identity | undefined> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return Promise.resolve(undefined);
  const hash = sha256hex(token);
  return cachedIdentity(`token:${hash}`, now, () => lookUpToken(db, hash));
}

async function lookUpToken(db: Db, tokenHash: string): Promise<Identity | undefined> {
  const found = await repo.findLiveToken(db, tokenHash);
  if (!found) return undefined;
  const { token: row, user } = found;
  let role: Role | undefined = row.role;
  if (row.userId !== null) role = user && !user.disabled ? lesserRole(row.role, user.role) : undefined;
  if (!role) return undefined;
  // Last use is kept to the minute: this process writes it at most once a minute per token.
  const now = Date.now();
  if (now - (lastTouched.get(row.id) ?? 0) > 60_000) {
    lastTouched.set(row.id, now);
    if (lastTouched.size > 10_000) lastTouched.clear();
    await repo.touchToken(db, row.id);
  }
  return { actor: { kind: 'token', id: row.id, name: row.name }, role, via: 'token', ...(row.userId ? { userId: row.userId } : {}) };
}

export async function logout(db: Db, sessionId: string): Promise<void> {
  await repo.revokeSession(db, sessionId);
  forgetCachedIdentities();
}

export async function changePassword(db: Db, identity: Identity, current: string, next: string): Promise<void> {
  if (!identity.user || !identity.sessionId) throw new AppError('forbidden', 'Only a logged-in user can change their password');
  const user = await repo.findUserById(db, identity.user.id);
  if (!user || !(await verifyPassword(current, user.passwordHash))) {
    throw new AppError('validation_failed', 'The current password is wrong', [{ pointer: '/currentPassword', code: 'invalid_credentials', message: 'The current password is wrong' }]);
  }
  await db.transaction(async (tx) => {
    await repo.updateUser(tx, user.id, { passwordHash: await hashPassword(next) });
    await repo.revokeUserSessions(tx, user.id, identity.sessionId);
  });
  forgetCachedIdentities();
}

export async function changeUser(db: Db, id: string, patch: { name?: string | undefined; role?: Role | undefined; disabled?: boolean | undefined; password?: string | undefined }, by: Identity): Promise<PublicUser> {
  if (by.user?.id === id && (patch.disabled === true || (patch.role && patch.role !== 'owner'))) {
    throw new AppError('validation_failed', 'You cannot disable yourself or take away your own owner role', [{ pointer: patch.disabled ? '/disabled' : '/role', code: 'self_lockout', message: 'Ask another owner' }]);
  }
  const changed = await db.transaction(async (tx) => {
    const set: Parameters<typeof repo.updateUser>[2] = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.role !== undefined) set.role = patch.role;
    if (patch.disabled !== undefined) set.disabled = patch.disabled;
    if (patch.password !== undefined) set.passwordHash = await hashPassword(patch.password);
    const u = await repo.updateUser(tx, id, set);
    if (!u) throw notFound('The user');
    // A disabled user, a new role or a reset password ends every session at once.
    if (patch.disabled || patch.role !== undefined || patch.password !== undefined) await repo.revokeUserSessions(tx, id);
    return publicUser(u);
  });
  // After the commit: a lookup from now on sees the change (one started earlier is dropped here).
  forgetCachedIdentities();
  return changed;
}

/** A new token, bound to the user who made it (or to the user behind the token that made it); `userId` null only from the command line. */
export async function createApiToken(db: Db, name: string, role: Role, by: Actor, userId: string | null) {
  const token = API_TOKEN_PREFIX + randomSecret(32);
  const row = await repo.insertToken(db, { name, role, tokenHash: sha256hex(token), createdBy: by, userId });
  return { token, ...tokenView(row) };
}

export const tokenView = (t: repo.TokenRow) => ({ id: t.id, name: t.name, role: t.role, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt, revokedAt: t.revokedAt });

export async function revokeApiToken(db: Db, id: string): Promise<void> {
  const revoked = await repo.revokeToken(db, id);
  forgetCachedIdentities();
  if (!revoked) throw notFound('A live token with this id');
}

export const listUsers = async (db: Db): Promise<PublicUser[]> => (await repo.listUsers(db)).map(publicUser);

export const findUserByEmail = async (db: Db, email: string): Promise<PublicUser | undefined> => {
  const u = await repo.findUserByEmail(db, email.trim().toLowerCase());
  return u ? publicUser(u) : undefined;
};

export const listApiTokens = async (db: Db) => (await repo.listTokens(db)).map(tokenView);

/** Writes one audit log entry (in the caller's transaction, so it is atomic with what it records). */
export const recordAudit = (conn: Conn, entry: Parameters<typeof repo.insertAudit>[1]) => repo.insertAudit(conn, entry);

/** The audit log, newest first: `limit` entries before the entry `beforeId` (or from the newest). */
export const listAudit = (db: Db, limit: number, beforeId?: number) => repo.listAudit(db, limit, beforeId);

/** The one-time set-up token printed on the console at the first start (undefined once used, or when users exist). */
export type SetupToken = { token: string | undefined };

/**
 * First start only: creates the owner with the one-time set-up token and logs them in.
 * The token works once, compared in constant time, and only while there are no users.
 */
export async function setUpOwner(db: Db, setup: SetupToken, given: { token: string; email: string; name: string; password: string }, from: LoginSource): Promise<{ token: string; identity: Identity }> {
  const expected = setup.token;
  const givenHash = Buffer.from(sha256hex(given.token));
  if (!expected || !timingSafeEqual(givenHash, Buffer.from(sha256hex(expected)))) throw new AppError('forbidden', 'The set-up link is not valid (it works once, on a system with no users)');
  if (await hasUsers(db)) throw new AppError('conflict', 'The owner is already set up; log in instead');
  setup.token = undefined;
  await createUser(db, { email: given.email, name: given.name, password: given.password, role: 'owner' });
  return login(db, given.email, given.password, from);
}
