/**
 * Customer links in e-mails. A link's token is a secret: a stored message never
 * holds one. Where a template needs a link, the stored data holds a *slot*
 * ("{{link:order_status}}"); the dispatcher fills it with a freshly made link at
 * the moment it delivers the message by e-mail — and only when the message goes
 * to the order's own customer address. Everywhere else (the mail log, the local
 * mailbox, a resend to another address) the slot shows as a placeholder or no
 * link at all. Pure.
 */
import { ACCESS_PURPOSES, PAGE_PATHS, TOKEN_PATTERN, type AccessPurpose } from '../access/access-link.ts';

/** The template data fields that hold a link path. */
export const LINK_FIELDS = ['orderPagePath', 'verifyPath', 'quotePagePath', 'completePath', 'surveyPath'] as const;

export const linkSlot = (purpose: AccessPurpose): string => `{{link:${purpose}}}`;
const SLOT = /^\{\{link:([a-z_]+)\}\}$/;

const isPurpose = (v: string | undefined): v is AccessPurpose => (ACCESS_PURPOSES as readonly string[]).includes(v ?? '');

/** The purpose a link field asks for: a slot, or (in messages stored before slots existed) a real link path. */
function purposeOf(value: unknown): AccessPurpose | undefined {
  if (typeof value !== 'string') return undefined;
  const slot = SLOT.exec(value)?.[1];
  if (isPurpose(slot)) return slot;
  for (const p of ACCESS_PURPOSES) {
    const prefix = PAGE_PATHS[p];
    if (value.startsWith(prefix) && TOKEN_PATTERN.test(value.slice(prefix.length))) return p;
  }
  return undefined;
}

/** The links a stored message asks for, by field. */
export function linkSlotsOf(data: Record<string, unknown>): { field: (typeof LINK_FIELDS)[number]; purpose: AccessPurpose }[] {
  const out: { field: (typeof LINK_FIELDS)[number]; purpose: AccessPurpose }[] = [];
  for (const field of LINK_FIELDS) {
    const purpose = purposeOf(data[field]);
    if (purpose) out.push({ field, purpose });
  }
  return out;
}

/** The data with every link field replaced by `fill(purpose)` (a path, or null for no link). */
export function fillLinks<T extends Record<string, unknown>>(data: T, fill: (purpose: AccessPurpose) => string | null): T {
  const out: Record<string, unknown> = { ...data };
  for (const { field, purpose } of linkSlotsOf(data)) out[field] = fill(purpose);
  return out as T;
}

/** As data to store: slots instead of any real link (also cleans messages stored before slots existed). */
export const toSlots = <T extends Record<string, unknown>>(data: T): T => fillLinks(data, linkSlot);

/** As data to store for a message that must carry no working link. */
export const withoutLinks = <T extends Record<string, unknown>>(data: T): T => fillLinks(data, () => null);

/** What staff see where the link will go: the page's path with a placeholder instead of the token. */
export const placeholderPath = (purpose: AccessPurpose): string => `${PAGE_PATHS[purpose]}[personal-link-made-when-sent]`;

/** Whether two addresses are the same mailbox (addresses compare case-insensitively in practice). */
export const sameAddress = (a: string | null | undefined, b: string | null | undefined): boolean => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
