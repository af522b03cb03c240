/**
 * Mail in, the pure rules: whether a sender can be believed, which attachments are kept,
 * which products (and how many) a message asks for, and which of our e-mails it answers.
 * No I/O: take-in-mail.ts reads the message and writes what these decide.
 */
import { foldForSearch } from '../shared/search-text.ts';

/**
 * Through the listener, the From header is believed only when it names the envelope's sender
 * (MAIL FROM): a header alone is trivially forged. A message staff paste or upload is believed:
 * they chose to bring it in. A message with several From addresses is never believed.
 */
export function senderTrust(source: 'smtp' | 'upload', envelopeFrom: string | null, fromAddresses: readonly string[]): { trusted: boolean; note?: string } {
  if (fromAddresses.length === 0) return { trusted: false, note: 'The message names no sender (no From address): nobody was matched.' };
  if (fromAddresses.length > 1) return { trusted: false, note: `The message names ${fromAddresses.length} senders in From: nobody was matched.` };
  const from = fromAddresses[0] ?? '';
  if (source === 'upload') return { trusted: true };
  if (!envelopeFrom) return { trusted: false, note: `The envelope had no sender, so the From header (${from}) cannot be checked: nobody was matched.` };
  if (envelopeFrom.toLowerCase() !== from.toLowerCase()) {
    return { trusted: false, note: `The From header (${from}) differs from the envelope sender (${envelopeFrom}): it may be forged, so nobody was matched.` };
  }
  return { trusted: true };
}

/** The attachment types whose content is kept, each with the bytes its content must start with (text: no NUL byte). */
const KEPT_TYPES: Record<string, ((b: Buffer) => boolean) | 'text'> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => b.subarray(0, 4).toString('latin1') === 'GIF8',
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  'text/plain': 'text',
  'text/csv': 'text',
};
export const KEPT_ATTACHMENT_TYPES = Object.keys(KEPT_TYPES);

/** Keeps an attachment's content only when its type is accepted and its first bytes say it is what it claims. */
export function checkAttachment(contentType: string, content: Buffer): { keep: true } | { keep: false; reason: string } {
  const type = contentType.toLowerCase().split(';')[0]?.trim() ?? '';
  const check = KEPT_TYPES[type];
  if (!check) return { keep: false, reason: `${type || 'This type'} is not kept (accepted: PDF, PNG, JPEG, GIF, WebP, plain text and CSV)` };
  const ok = check === 'text' ? !content.includes(0) : check(content);
  return ok ? { keep: true } : { keep: false, reason: `It says it is ${type}, but its content is not: not kept` };
}

export type CatalogEntry = { id: string; sku: string; name: string };
export type RecognisedLine = { productId: string; sku: string; name: string; quantity: number | undefined; from: string };

const QUANTITY_AFTER = /(?:^|[^\p{L}\p{N}])(\d{1,6})\s*(?:x|×|pcs|pieces?|units?|adet|tane)(?![\p{L}\p{N}])/iu;
const QUANTITY_BEFORE = /(?:^|[^\p{L}])(?:x|×|qty:?|quantity:?|adet:?)\s*(\d{1,6})(?![\p{N}])/iu;
const LEADING_NUMBER = /^\s*(?:[-*•]\s*)?(\d{1,6})(?![\p{N}.,/-])/u;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The message's own lines: not quoted (">"), and none after the signature separator. */
function ownLines(text: string): string[] {
  const lines: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line === '-- ' || line === '--') break;
    if (/^\s*>/.test(line)) continue;
    if (/^On .+ wrote:$/.test(line.trim())) break;
    lines.push(line);
  }
  return lines;
}

function quantityIn(line: string, sku: string): number | undefined {
  const rest = line.replace(new RegExp(escape(sku), 'ig'), ' ');
  const m = QUANTITY_AFTER.exec(rest) ?? QUANTITY_BEFORE.exec(rest) ?? LEADING_NUMBER.exec(rest);
  const n = m?.[1] ? Number(m[1]) : undefined;
  return n !== undefined && n >= 1 && n <= 100_000 ? n : undefined;
}

/**
 * The products a message asks for: a line that names a product's SKU (as a word of its own) or
 * its whole name, with the quantity written beside it ("2 x SOFA-3", "SOFA-3 x 2", "3 pcs Oslo
 * sofa", "2 adet …") — or none, which the draft then lists as missing. A product named on
 * several lines is one line, the quantities added up. A SKU wins over a name; one product per line.
 */
export function recogniseProducts(text: string, catalog: readonly CatalogEntry[]): RecognisedLine[] {
  const found = new Map<string, RecognisedLine>();
  // A name two products share names neither: such a line is left for staff.
  const nameCount = new Map<string, number>();
  for (const p of catalog) nameCount.set(foldForSearch(p.name), (nameCount.get(foldForSearch(p.name)) ?? 0) + 1);
  const byName = [...catalog].filter((p) => foldForSearch(p.name).length >= 3 && nameCount.get(foldForSearch(p.name)) === 1).sort((a, b) => b.name.length - a.name.length);
  for (const line of ownLines(text)) {
    const folded = foldForSearch(line);
    const p =
      catalog.find((c) => new RegExp(`(?:^|[^A-Za-z0-9._-])${escape(c.sku)}(?![A-Za-z0-9_-])`, 'i').test(line)) ??
      byName.find((c) => new RegExp(`(?:^|[^\\p{L}\\p{N}_.-])${escape(foldForSearch(c.name))}(?![\\p{L}\\p{N}_-])`, 'u').test(folded));
    if (!p) continue;
    const quantity = quantityIn(line, p.sku);
    const seen = found.get(p.id);
    if (seen) {
      seen.quantity = seen.quantity !== undefined && quantity !== undefined ? Math.min(100_000, seen.quantity + quantity) : (seen.quantity ?? quantity);
    } else {
      found.set(p.id, { productId: p.id, sku: p.sku, name: p.name, quantity, from: line.trim().slice(0, 200) });
    }
  }
  return [...found.values()];
}

/** The Message-IDs a reply names (In-Reply-To first, then References), as written: "<…>". */
export function repliedTo(inReplyTo: string | undefined, references: string | readonly string[] | undefined): string[] {
  const refs = typeof references === 'string' ? references.split(/\s+/) : [...(references ?? [])];
  const ids = [inReplyTo ?? '', ...refs.reverse()].flatMap((s) => s.match(/<[^<>\s]+>/g) ?? []);
  return [...new Set(ids)];
}
