/**
 * Access links: how a customer reaches one order without an account. A link is a
 * 256-bit random token; only its sha256 is stored, so a leaked database does not
 * leak working links. Each link serves one order and one purpose. Pure.
 */
import { randomBytes } from 'node:crypto';
import { sha256 } from '../shared/hash.ts';
import { ACCESS_PURPOSES } from '../shared/schema.ts';

export type AccessPurpose = (typeof ACCESS_PURPOSES)[number];
export { ACCESS_PURPOSES };

/** Where each purpose's customer page lives (the web app serves these paths). */
export const PAGE_PATHS: Record<AccessPurpose, string> = {
  order_status: '/my-order/',
  complete: '/complete/',
  verify: '/verify/',
  survey: '/survey/',
};

const DAY = 86_400_000;

/** How long a link lives unless the caller says otherwise; null: until revoked. */
export const DEFAULT_LIFETIME_MS: Record<AccessPurpose, number | null> = {
  order_status: null,
  complete: 30 * DAY,
  verify: 14 * DAY,
  survey: 60 * DAY,
};

/** 32 random bytes, base64url: 43 characters. */
export const newToken = (): string => randomBytes(32).toString('base64url');

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const hashToken = (token: string): string => sha256(`orderly-access-link:${token}`);

export const pathFor = (purpose: AccessPurpose, token: string): string => `${PAGE_PATHS[purpose]}${token}`;

export function defaultExpiry(purpose: AccessPurpose, now: Date): Date | null {
  const ms = DEFAULT_LIFETIME_MS[purpose];
  return ms === null ? null : new Date(now.getTime() + ms);
}

export type LinkState = { expiresAt: Date | null; revokedAt: Date | null };

/** A link works when it was not revoked and has not expired. */
export const isUsable = (l: LinkState, now: Date): boolean => l.revokedAt === null && (l.expiresAt === null || l.expiresAt.getTime() > now.getTime());
