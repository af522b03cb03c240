/** A quote as a document model (the PDF the customer receives and staff download), from its stored record. Pure. */
import { longDate, money, type Language } from '../notifications/i18n.ts';
import type { DocumentModel } from '../documents/document-model.ts';
import { addressLines } from '../documents/order-documents.ts';
import type { Address } from '../shared/address.ts';
import type { QuoteLine } from './quote.ts';
import type { QuoteRow } from './quotes.repository.ts';

const WORDS = {
  en: {
    title: 'Quote',
    number: 'Quote',
    date: 'Date',
    validUntil: 'Valid until',
    from: 'From',
    to: 'For',
    deliverTo: 'Deliver to',
    item: 'Item',
    quantity: 'Qty',
    unitPrice: 'Unit price',
    taxRate: 'Tax',
    amount: 'Amount',
    linesTotal: 'Subtotal',
    deliveryFee: 'Delivery',
    tax: 'Tax',
    grandTotal: 'Total',
    agreed: (reason: string) => `Agreed price: ${reason}`,
    notes: 'Notes',
    accept: 'How to accept',
    acceptText: (day: string) => `Accept this quote by ${day} with the link in our e-mail, or contact us. Accepting it places your order with exactly these lines and prices.`,
  },
  tr: {
    title: 'Teklif',
    number: 'Teklif',
    date: 'Tarih',
    validUntil: 'Geçerlilik',
    from: 'Gönderen',
    to: 'Alıcı',
    deliverTo: 'Teslimat adresi',
    item: 'Ürün',
    quantity: 'Adet',
    unitPrice: 'Birim fiyat',
    taxRate: 'Vergi',
    amount: 'Tutar',
    linesTotal: 'Ara toplam',
    deliveryFee: 'Teslimat',
    tax: 'Vergi',
    grandTotal: 'Toplam',
    agreed: (reason: string) => `Anlaşılan fiyat: ${reason}`,
    notes: 'Notlar',
    accept: 'Nasıl kabul edilir',
    acceptText: (day: string) => `Bu teklifi ${day} tarihine kadar e-postamızdaki bağlantıyla ya da bize ulaşarak kabul edin. Kabul ettiğinizde siparişiniz tam bu satırlar ve fiyatlarla oluşturulur.`,
  },
} as const;

const rate = (bp: number) => `${bp / 100}%`;

export function quoteModel(q: QuoteRow, lang: Language, seller: { name: string; address: string; email: string; phone: string }): DocumentModel {
  const w = WORDS[lang];
  const m = (n: number) => money(lang, n, q.currency);
  const lines = q.lines as unknown as QuoteLine[];
  const customer = q.customer as { name?: string; company?: string | null; email?: string | null; phone?: string | null };
  const delivery = q.delivery as { address?: Address };
  const totals: [string, string][] = [[w.linesTotal, m(q.linesTotalMinor)]];
  if (q.deliveryFeeMinor) totals.push([w.deliveryFee, m(q.deliveryFeeMinor)]);
  totals.push([w.tax, m(q.taxTotalMinor)], [w.grandTotal, m(q.grandTotalMinor)]);
  return {
    language: lang,
    title: w.title,
    issuer: seller.name,
    meta: [
      [w.number, q.number],
      [w.date, longDate(lang, (q.sentAt ?? q.createdAt).toISOString().slice(0, 10))],
      [w.validUntil, longDate(lang, q.validUntil)],
    ],
    blocks: [
      { heading: w.from, lines: [seller.name, seller.address, seller.phone, seller.email].filter(Boolean) },
      { heading: w.to, lines: [customer.company ?? '', q.customerName, customer.email ?? '', customer.phone ?? ''].filter(Boolean) },
      ...(delivery.address ? [{ heading: w.deliverTo, lines: addressLines(delivery.address) }] : []),
    ],
    intro: [],
    columns: [
      { label: w.item, align: 'left', width: 6 },
      { label: w.quantity, align: 'right', width: 1 },
      { label: w.unitPrice, align: 'right', width: 2 },
      { label: w.taxRate, align: 'right', width: 1 },
      { label: w.amount, align: 'right', width: 2 },
    ],
    rows: lines.map((l) => ({
      cells: [`${l.name} (${l.sku})`, String(l.quantity), m(l.unitPriceMinor + l.optionsPriceMinor), rate(l.taxRateBp), m(l.subtotalMinor)],
      details: [...l.answers.map((a) => `${a.label}: ${a.display}`), ...(l.agreedPriceReason ? [w.agreed(l.agreedPriceReason)] : [])],
    })),
    totals,
    footer: [...(q.notes.trim() ? [{ heading: w.notes, lines: [q.notes] }] : []), { heading: w.accept, lines: [w.acceptText(longDate(lang, q.validUntil))] }],
    fileName: `quote-${q.number}`,
  };
}
