/** An invoice or credit note as a document model, from its frozen record only. Pure. */
import { longDate, money } from '../notifications/i18n.ts';
import { printIban } from '../payments/bank-account.ts';
import type { DocumentModel } from './document-model.ts';
import { DOCUMENT_WORDS } from './document-words.ts';
import type { InvoiceDocument } from './invoice.ts';
import { addressLines } from './order-documents.ts';

const rate = (bp: number) => `${bp / 100}%`;

export function invoiceModel(d: InvoiceDocument): DocumentModel {
  const lang = d.language;
  const w = DOCUMENT_WORDS[lang];
  const m = (n: number) => money(lang, n, d.currency);
  const credit = d.kind === 'credit_note';
  const sign = (n: number) => (credit ? -n : n);
  const meta: [string, string][] = [
    [credit ? w.title.creditNote : w.title.invoice, d.number],
    [w.issueDate, longDate(lang, d.issueDate)],
    [w.order, d.order.number],
  ];
  const totals: [string, string][] = [[w.linesTotal, m(sign(d.totals.linesTotalMinor + d.totals.optionsTotalMinor))]];
  if (d.totals.deliveryFeeMinor) totals.push([w.deliveryFee, m(sign(d.totals.deliveryFeeMinor))]);
  for (const t of d.taxes) totals.push([w.taxAt(rate(t.rateBp)), m(sign(t.taxMinor))]);
  if (d.totals.deliveryTaxMinor) totals.push([w.deliveryTax, m(sign(d.totals.deliveryTaxMinor))]);
  totals.push([credit ? w.creditTotal : w.grandTotal, m(sign(d.totals.grandTotalMinor))]);
  const customer = [d.customer.company ?? '', d.customer.name, ...addressLines(d.customer.billingAddress ?? d.customer.deliveryAddress), d.customer.email ?? ''].filter(Boolean);
  const footer: DocumentModel['footer'] = [];
  if (credit && d.credits) footer.push({ heading: w.reason, lines: [w.credits(d.credits.number, longDate(lang, d.credits.issueDate)), ...(d.reason ? [d.reason] : [])] });
  if (!credit && d.seller.bank) {
    const b = d.seller.bank;
    footer.push({
      heading: w.payTo,
      lines: [b.accountName && `${w.accountName}: ${b.accountName}`, `${w.iban}: ${printIban(b.iban)}`, b.bic && `${w.bic}: ${b.bic}`, b.bankName && `${w.bankName}: ${b.bankName}`, `${w.reference}: ${d.number}`].filter(Boolean),
    });
  }
  return {
    language: lang,
    title: credit ? w.title.creditNote : w.title.invoice,
    issuer: d.seller.name,
    meta,
    blocks: [
      { heading: w.from, lines: [d.seller.name, d.seller.address, d.seller.phone ?? '', d.seller.email ?? ''].filter(Boolean) },
      { heading: w.billTo, lines: customer },
      ...(d.customer.deliveryAddress && d.customer.billingAddress ? [{ heading: w.deliverTo, lines: addressLines(d.customer.deliveryAddress) }] : []),
    ],
    intro: [],
    columns: [
      { label: w.item, align: 'left', width: 6 },
      { label: w.quantity, align: 'right', width: 1 },
      { label: w.unitPrice, align: 'right', width: 2 },
      { label: w.taxRate, align: 'right', width: 1 },
      { label: w.amount, align: 'right', width: 2 },
    ],
    rows: d.lines.map((l) => ({
      cells: [`${l.name} (${l.sku})`, String(l.quantity), m(sign(l.unitPriceMinor + l.optionsPriceMinor)), rate(l.taxRateBp), m(sign(l.subtotalMinor))],
      details: l.answers.map((a) => `${a.label}: ${a.display}`),
    })),
    totals,
    footer,
    fileName: `${credit ? 'credit-note' : 'invoice'}-${d.number}`,
  };
}
