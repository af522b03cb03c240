/**
 * Issuing an invoice for an order, in one transaction: lock the order, refuse one
 * that is not confirmed yet or already has a live invoice, freeze what it bills,
 * take the next number of the year's series and record it on the order's timeline.
 */
import type { Db, Conn } from '../shared/db.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { isUniqueViolation } from '../shared/pg-errors.ts';
import type { Address } from '../shared/address.ts';
import { getOrder, getOrderLines, recordOrderEvent, type OrderLineRow, type OrderRow } from '../orders/order-facts.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import type { Settings } from '../settings/settings.ts';
import { getCustomer } from '../customers/customers.use-cases.ts';
import { formatInvoiceNumber, invoiceable, SERIES, taxesByRate, type FrozenLine, type InvoiceDocument } from './invoice.ts';
import { insertInvoice, liveInvoiceOf, type InvoiceRow } from './invoices.repository.ts';
import { takeNumber } from '../shared/number-series.ts';
import { paymentSummary } from '../payments/payment-terms.ts';
import { closeAccountsWorkIfSettled } from './accounts-work.ts';

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function freezeLines(lines: readonly OrderLineRow[]): FrozenLine[] {
  return lines.map((l) => ({
    position: l.position,
    sku: l.sku,
    name: l.name,
    quantity: l.quantity,
    unitPriceMinor: l.unitPriceMinor,
    optionsPriceMinor: l.optionsPriceMinor,
    taxRateBp: l.taxRateBp,
    subtotalMinor: l.subtotalMinor,
    taxMinor: l.taxMinor,
    totalMinor: l.totalMinor,
    answers: Object.values(l.answers).map((a) => ({ label: a.label, display: a.display })),
  }));
}

async function billingAddress(conn: Conn, order: OrderRow): Promise<Address | null> {
  if (!order.customerId) return null;
  const customer = await getCustomer(conn, order.customerId).catch(() => undefined);
  return customer?.addresses.billing ?? null;
}

/** What the invoice bills, frozen now. */
export async function freezeInvoice(conn: Conn, order: OrderRow, lines: readonly OrderLineRow[], settings: Settings, a: { number: string; issueDate: string }): Promise<InvoiceDocument> {
  const frozen = freezeLines(lines);
  const lineTax = frozen.reduce((s, l) => s + l.taxMinor, 0);
  const delivery = (order.delivery ?? {}) as { address?: Address };
  const customer = (order.customer ?? {}) as { name?: string; company?: string | null; phone?: string | null };
  const bank = settings.payments.bank;
  return {
    kind: 'invoice',
    number: a.number,
    issueDate: a.issueDate,
    language: settings.defaultLanguage,
    currency: order.currency,
    order: { id: order.id, number: order.number ?? '', placedAt: order.placedAt ? order.placedAt.toISOString() : null },
    seller: { name: settings.businessName, address: settings.address, email: settings.contactEmail, phone: settings.contactPhone || null, bank: bank.iban ? { ...bank } : null },
    customer: {
      name: order.customerName ?? customer.name ?? '',
      company: customer.company ?? null,
      email: order.customerEmail,
      phone: customer.phone ?? null,
      billingAddress: await billingAddress(conn, order),
      deliveryAddress: delivery.address ?? null,
    },
    lines: frozen,
    taxes: taxesByRate(frozen),
    totals: {
      linesTotalMinor: order.linesTotalMinor,
      optionsTotalMinor: order.optionsTotalMinor,
      deliveryFeeMinor: order.deliveryFeeMinor,
      deliveryTaxMinor: order.taxTotalMinor - lineTax,
      taxTotalMinor: order.taxTotalMinor,
      grandTotalMinor: order.grandTotalMinor,
    },
    credits: null,
    reason: null,
  };
}

export async function issueInvoice(db: Db, orderRef: string, actor: Actor, now = new Date()): Promise<InvoiceRow> {
  try {
    return await db.transaction(async (tx) => {
      const order = await getOrder(tx, orderRef, true);
      if (!invoiceable(order.status, order.heldFrom)) {
        throw new AppError('invalid_transition', `Order ${order.number ?? order.id} is ${order.status}: an invoice is issued once the order is confirmed`, [], { status: order.status });
      }
      const live = await liveInvoiceOf(tx, order.id);
      if (live) throw new AppError('conflict', `Order ${order.number ?? order.id} already has invoice ${live.number}; cancel it (a credit note) before issuing another`, [], { invoiceId: live.id, invoiceNumber: live.number });
      const settings = await getSettings(tx);
      const lines = await getOrderLines(tx, order.id);
      const year = now.getUTCFullYear();
      const seq = await takeNumber(tx, SERIES.invoice, year);
      const number = formatInvoiceNumber('invoice', year, seq);
      const document = await freezeInvoice(tx, order, lines, settings, { number, issueDate: isoDay(now) });
      const invoice = await insertInvoice(tx, {
        kind: 'invoice',
        number,
        year,
        seq,
        orderId: order.id,
        currency: order.currency,
        grandTotalMinor: order.grandTotalMinor,
        document,
        issuedBy: actor,
        issuedAt: now,
      });
      await recordOrderEvent(tx, order.id, 'invoice_issued', actor, { invoiceId: invoice.id, number, grandTotalMinor: order.grandTotalMinor, currency: order.currency });
      // Invoiced and nothing left to pay: accounts receivable's work is done.
      await closeAccountsWorkIfSettled(tx, order.id, (await paymentSummary(tx, order)).dueMinor, actor);
      return invoice;
    });
  } catch (e) {
    // Two issues for one order at once: the order lock makes the second wait and find the first; the index is the last word.
    if (isUniqueViolation(e)) throw new AppError('conflict', 'This order already has a live invoice');
    throw e;
  }
}
