/**
 * Failed log-ins are throttled per account and per client address, kept in the database
 * so every app process shares them.
 *
 * - The account key is derived from the e-mail whether or not such a user exists, so a
 *   known and an unknown e-mail get exactly the same answers (no account enumeration).
 * - Each attempt is counted before the password is checked, in one statement, so
 *   concurrent guesses cannot slip past the limit. A success forgets the account's count
 *   and gives the address back the try it used.
 * - A window starts at its key's first failure and has a fixed length: tries made while
 *   a key is over its limit are refused without checking the password and do not extend
 *   the lock. The per-address limit is at most half the per-account one, so one address
 *   cannot lock an account by itself: it is blocked first.
 */
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { sha256hex } from './password.ts';
import { countLoginAttempt, forgiveLoginAttempt, pruneLoginThrottle } from './auth.repository.ts';

export type LoginThrottleSettings = { addressMaxFailures: number; accountMaxFailures: number; windowSeconds: number };

/** Where a log-in comes from: the client address (as the trusted proxy saw it) and the limits that apply. */
export type LoginSource = { address: string; throttle: LoginThrottleSettings };

const accountKey = (emailNormalized: string) => `account:${sha256hex(emailNormalized)}`;
const addressKey = (address: string) => `address:${address}`;

let lastPruned = 0;

/**
 * Counts this attempt; refuses it with 429 if the account or the address is over its limit.
 * Returns what to call when the password turns out right.
 */
export async function admitLoginAttempt(db: Db, emailNormalized: string, from: LoginSource): Promise<{ succeeded(): Promise<void> }> {
  const { throttle } = from;
  const account = accountKey(emailNormalized);
  const address = addressKey(from.address);
  const now = Date.now();
  if (now - lastPruned > 60_000) {
    lastPruned = now;
    await pruneLoginThrottle(db, throttle.windowSeconds);
  }
  const counts = await countLoginAttempt(db, [account, address], throttle.windowSeconds);
  const over = counts.filter((c) => c.attempts > (c.key === account ? throttle.accountMaxFailures : throttle.addressMaxFailures));
  if (over.length > 0) {
    const remaining = Math.max(...over.map((c) => c.remainingSeconds));
    // Whole minutes (capped at the window), so the answer does not vary with sub-second timing.
    const retryAfterSeconds = Math.max(1, Math.min(Math.ceil(remaining / 60) * 60, throttle.windowSeconds));
    const minutes = Math.ceil(retryAfterSeconds / 60);
    throw new AppError('rate_limited', `Too many failed log-ins from this address or for this account: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`, [], { retryAfterSeconds });
  }
  return { succeeded: () => forgiveLoginAttempt(db, account, address) };
}
