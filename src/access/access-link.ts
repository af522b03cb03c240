/**
 * Access links: how a customer reaches one order without an account. A link is a
 * 256-bit random token; only its sha256 is stored, so a leaked database does not
 * leak working links. Each link serves one order (or, for 'quote', one quote) and
 * one purpose. Pure.
 */
import { randomBytes } from 'node:crypto';
import { sha256 } from '../shared/hash.ts';
import { ACCESS_PURPOSES } from './access-vocabulary.ts';

export type AccessPurpose = (typeof ACCESS_PURPOSES)[number];
export { ACCESS_PURPOSES };

/** Where each purpose's customer page lives (the web app serves these paths). */
export const PAGE_PATHS: Record<AccessPurpose, string> = {
  order_status: '/my-order/',
  complete: '/complete/',
  verify: '/verify/',
  survey: '/survey/',
  quote: '/quote/',
};

export const DAY_MS = 86_400_000;

/** How long order-page, verify and complete links live (configurable: ORDERLY_ORDER_LINK_DAYS, ORDERLY_VERIFY_LINK_DAYS, ORDERLY_COMPLETE_LINK_DAYS). */
export type LinkLifetimes = { orderStatusDays: number; verifyDays: number; completeDays?: number | undefined };
export const DEFAULT_COMPLETE_LINK_DAYS = 14;
export const DEFAULT_LINK_LIFETIMES: LinkLifetimes = { orderStatusDays: 90, verifyDays: 14, completeDays: DEFAULT_COMPLETE_LINK_DAYS };

/** The longest any link may live, whoever asks for it. */
export const MAX_LINK_DAYS = 3650;

/** How many days a link of this purpose lives unless the caller says otherwise. Every link expires. */
export function lifetimeDays(purpose: AccessPurpose, l: LinkLifetimes = DEFAULT_LINK_LIFETIMES): number {
  switch (purpose) {
    case 'order_status':
      return l.orderStatusDays;
    case 'verify':
      return l.verifyDays;
    case 'complete':
      return l.completeDays ?? DEFAULT_COMPLETE_LINK_DAYS;
    case 'survey':
      return 60;
    case 'quote':
      // A quote's link is made to last until its valid-until day (issueQuoteLink); this is the fallback.
      return 60;
  }
}

/** 32 random bytes, base64url: 43 characters. */
export const newToken = (): string => randomBytes(32).toString('base64url');

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const hashToken = (token: string): string => sha256(`orderly-access-link:${token}`);

export const pathFor = (purpose: AccessPurpose, token: string): string => `${PAGE_PATHS[purpose]}${token}`;

export function defaultExpiry(purpose: AccessPurpose, now: Date, l: LinkLifetimes = DEFAULT_LINK_LIFETIMES): Date {
  return new Date(now.getTime() + lifetimeDays(purpose, l) * DAY_MS);
}

export type LinkState = { expiresAt: Date | null; revokedAt: Date | null };

/** A link works when it was not revoked and has not expired. A link without an expiry (made before links expired) does not work. */
export const isUsable = (l: LinkState, now: Date): boolean => l.revokedAt === null && l.expiresAt !== null && l.expiresAt.getTime() > now.getTime();
