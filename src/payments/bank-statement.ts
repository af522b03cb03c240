/**
 * Importing a bank statement (CSV): each incoming amount is matched to an order
 * by its payment reference (an RF creditor reference, or the order number) and
 * recorded as a bank-transfer payment. The answer lists what matched and what
 * could not; importing the same statement again records nothing twice (each
 * line has a fingerprint). A dry run shows the matches without recording.
 */
import type { OrderReactions } from '../orders/order-events.ts';
import { parse } from 'csv-parse/sync';
import type { Actor } from '../shared/actor.ts';
import type { Conn, Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { sha256 } from '../shared/hash.ts';
import { getOrder, type OrderRow } from '../orders/order-facts.ts';
import { canTakePayment } from '../orders/lifecycle.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import { findCreditorReferences, parseAmount, summarisePayments } from './payment.ts';
import { findTermsByReference, paymentsOfOrder } from './payments.repository.ts';
import { insertManualPayment } from './record-payment.ts';

export type StatementMatch = {
  line: number;
  orderId: string;
  orderNumber: string | null;
  amountMinor: number;
  reference: string;
  result: 'recorded' | 'already_recorded' | 'would_record';
  paymentId: string | null;
  paymentState: string;
  dueMinor: number;
};
export type StatementMiss = { line: number; amountMinor: number | null; text: string; reason: string };
export type StatementReport = { lines: number; currency: string; matched: StatementMatch[]; unmatched: StatementMiss[]; skipped: StatementMiss[] };

const COLUMN_PATTERNS = {
  date: /^(date|booking ?date|value ?date|transaction ?date|tarih|işlem tarihi|datum)$/i,
  amount: /^(amount|credit|tutar|betrag|montant|alacak)$/i,
  text: /^(reference|description|details|purpose|memo|remittance( information)?|payment reference|narrative|açıklama|referans|verwendungszweck|text)$/i,
  name: /^(name|payer|counterparty|from|sender|gönderen)$/i,
} as const;

function pickColumns(header: string[]) {
  const find = (re: RegExp) => header.find((h) => re.test(h.trim()));
  const amount = find(COLUMN_PATTERNS.amount);
  const text = header.filter((h) => COLUMN_PATTERNS.text.test(h.trim()) || COLUMN_PATTERNS.name.test(h.trim()));
  return { date: find(COLUMN_PATTERNS.date), amount, text };
}

/** Banks write CSV with ; (where , is the decimal comma), with , or with tabs: the header line tells which. */
function guessDelimiter(csv: string): string {
  const header = csv.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const counts = [';', ',', '\t'].map((d) => [d, header.split(d).length - 1] as const);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? ',';
}

const ORDER_NUMBER = /\b[A-Z0-9]{1,8}-(?:\d{4}-)?\d{6}\b/gi;

async function orderFor(conn: Conn, text: string): Promise<{ order: OrderRow; reference: string } | { reason: string }> {
  for (const ref of findCreditorReferences(text)) {
    const terms = await findTermsByReference(conn, ref);
    if (terms) return { order: await getOrder(conn, terms.orderId), reference: ref };
  }
  for (const m of text.matchAll(ORDER_NUMBER)) {
    const order = await getOrder(conn, m[0].toUpperCase()).catch(() => undefined);
    if (order) return { order, reference: m[0].toUpperCase() };
  }
  return { reason: 'No payment reference or order number we know' };
}

export async function importBankStatement(db: Db, reactions: OrderReactions, csv: string, a: { dryRun: boolean }, actor: Actor): Promise<StatementReport> {
  let records: Record<string, string>[];
  try {
    records = parse(csv, { columns: true, skip_empty_lines: true, trim: true, bom: true, delimiter: guessDelimiter(csv), relax_column_count: true });
  } catch (e) {
    throw new AppError('validation_failed', `The statement is not CSV we can read: ${e instanceof Error ? e.message : String(e)}`, [{ pointer: '/', code: 'invalid_csv', message: 'Send a CSV file with a header row' }]);
  }
  const header = Object.keys(records[0] ?? {});
  const cols = pickColumns(header);
  if (!cols.amount || cols.text.length === 0) {
    throw new AppError('validation_failed', 'The statement needs an amount column and a reference or description column', [
      ...(cols.amount ? [] : [{ pointer: '/amount', code: 'missing_column', message: `No amount column among: ${header.join(', ')}` }]),
      ...(cols.text.length ? [] : [{ pointer: '/reference', code: 'missing_column', message: `No reference or description column among: ${header.join(', ')}` }]),
    ]);
  }
  const amountCol = cols.amount;
  return db.transaction(async (tx) => {
    const settings = await getSettings(tx);
    const report: StatementReport = { lines: records.length, currency: settings.currency, matched: [], unmatched: [], skipped: [] };
    const seen = new Map<string, number>();
    const previewed = new Map<string, number>();
    for (const [i, r] of records.entries()) {
      const line = i + 2; // the header is line 1
      const text = cols.text.map((c) => r[c] ?? '').join(' ').trim();
      const amountMinor = parseAmount(r[amountCol] ?? '', settings.currency);
      if (amountMinor === undefined) {
        report.skipped.push({ line, amountMinor: null, text, reason: 'No amount' });
        continue;
      }
      if (amountMinor <= 0) {
        report.skipped.push({ line, amountMinor, text, reason: 'Outgoing payment' });
        continue;
      }
      const found = await orderFor(tx, text);
      if ('reason' in found) {
        report.unmatched.push({ line, amountMinor, text, reason: found.reason });
        continue;
      }
      const { order, reference } = found;
      if (!canTakePayment(order.status)) {
        report.unmatched.push({ line, amountMinor, text, reason: `Order ${order.number ?? order.id} is ${order.status}` });
        continue;
      }
      const fingerprint = `${cols.date ? (r[cols.date] ?? '') : ''}|${amountMinor}|${text}`;
      const occurrence = (seen.get(fingerprint) ?? 0) + 1;
      seen.set(fingerprint, occurrence);
      const sourceKey = `bank:${sha256(`${fingerprint}|${occurrence}`)}`;
      let result: StatementMatch['result'] = 'would_record';
      let paymentId: string | null = null;
      if (!a.dryRun) {
        const locked = await getOrder(tx, order.id, true);
        const p = await insertManualPayment(tx, reactions, locked, { method: 'bank_transfer', status: 'captured', amountMinor, reference, note: `Bank statement line ${line}`, sourceKey }, actor);
        result = p ? 'recorded' : 'already_recorded';
        paymentId = p?.id ?? null;
      }
      // A dry run records nothing, so it adds up what it would have recorded per order itself.
      const wouldAdd = a.dryRun ? (previewed.get(order.id) ?? 0) + amountMinor : 0;
      if (a.dryRun) previewed.set(order.id, wouldAdd);
      const existing = await paymentsOfOrder(tx, order.id);
      const after = summarisePayments(order.grandTotalMinor, a.dryRun ? [...existing, { status: 'captured', amountMinor: wouldAdd, refundedMinor: 0 }] : existing);
      report.matched.push({ line, orderId: order.id, orderNumber: order.number, amountMinor, reference, result, paymentId, paymentState: after.state, dueMinor: after.dueMinor });
    }
    return report;
  });
}
