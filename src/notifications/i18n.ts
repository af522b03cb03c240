/**
 * The words customers read, in their language: English and Turkish from the
 * start. One table per language; a missing key fails to compile. Pure.
 */
import type { OrderStatus } from '../orders/order-vocabulary.ts';
import type { OrderPaymentState } from '../payments/payment-vocabulary.ts';
import type { PaymentMethod } from '../payments/payment-settings.ts';
import { formatMoney } from '../shared/money.ts';
import type { WorkItemKind } from '../fulfilment/work-vocabulary.ts';

export const LANGUAGES = ['en', 'tr'] as const;
export type Language = (typeof LANGUAGES)[number];

export const isLanguage = (v: unknown): v is Language => typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);

const LOCALE: Record<Language, string> = { en: 'en-GB', tr: 'tr-TR' };

type Words = {
  status: Record<OrderStatus, string>;
  paymentState: Record<OrderPaymentState, string>;
  method: Record<PaymentMethod, string>;
  /** `bankDetails`: the account to pay to is shown with it (else, for a transfer, the business sends it). */
  howToPay: Record<PaymentMethod, (a: { amount: string; reference: string; dueDate: string | null; bankDetails: boolean }) => string>;
  bank: { accountName: string; iban: string; bic: string; bankName: string; reference: string; amount: string };
  confirmation: {
    subject: (number: string) => string;
    greeting: (name: string) => string;
    intro: (number: string) => string;
    lines: string;
    quantity: string;
    subtotal: string;
    tax: string;
    delivery: string;
    total: string;
    expected: (date: string) => string;
    payment: string;
    paid: string;
    viewOrder: string;
    contactIfWrong: (who: string) => string;
    signature: (business: string) => string;
  };
  verification: {
    subject: (number: string) => string;
    greeting: (name: string) => string;
    intro: (number: string) => string;
    action: string;
    /** When the message carries no link (sent to an address that is not the order's): how to confirm instead. */
    noLink: (who: string) => string;
    contact: (who: string) => string;
  };
  orderLink: {
    subject: (number: string) => string;
    intro: (number: string) => string;
    validFor: (days: number) => string;
    notYou: string;
  };
  delay: { previouslyUnset: string };
  /** What a party (warehouse, accounts, supplier, manufacturer) is told about its work item. */
  workItem: {
    kind: Record<WorkItemKind, string>;
    /** Said when the hand-off carries its document (mail-attachments.ts); null: none. */
    attached: Record<WorkItemKind, string | null>;
    subject: (kind: string, number: string) => string;
    greeting: (party: string) => string;
    intro: (kind: string, number: string) => string;
    due: (date: string) => string;
    expected: (date: string) => string;
    lines: string;
    cancelledSubject: (kind: string, number: string) => string;
    cancelledIntro: (kind: string, number: string) => string;
    reason: (r: string) => string;
    questions: (who: string) => string;
  };
  events: Record<string, (d: { amount: string | null }) => string>;
};

const en: Words = {
  status: {
    draft: 'We are still completing your order.',
    placed: 'We have received your order.',
    verified: 'Your order has been checked and will be confirmed shortly.',
    confirmed: 'Your order is confirmed.',
    in_fulfilment: 'We are preparing your order.',
    shipped: 'Your order is on its way.',
    delivered: 'Your order has been delivered.',
    completed: 'Your order is complete.',
    on_hold: 'Your order is paused for the moment; we will be in touch.',
    cancelled: 'Your order was cancelled.',
  },
  paymentState: {
    unpaid: 'Not paid yet',
    partially_paid: 'Partly paid',
    paid: 'Paid',
    over_paid: 'Paid (more than the total; we will refund the difference)',
    refunded: 'Refunded',
  },
  method: { card: 'Card', bank_transfer: 'Bank transfer', cash_on_delivery: 'Cash on delivery', counter: 'Pay at the counter', invoice: 'Invoice' },
  howToPay: {
    card: ({ amount }) => `Pay ${amount} by card.`,
    bank_transfer: ({ amount, reference, bankDetails }) =>
      bankDetails ? `Please transfer ${amount} to the account below, quoting the reference ${reference}.` : `Please pay ${amount} by bank transfer, quoting the reference ${reference}. We will send you our bank details separately.`,
    cash_on_delivery: ({ amount }) => `Please have ${amount} ready to pay on delivery.`,
    counter: ({ amount }) => `Pay ${amount} by cash or card when you collect your order.`,
    invoice: ({ amount, dueDate, reference }) => `Please pay ${amount}${dueDate ? ` by ${dueDate}` : ''}, quoting the reference ${reference}.`,
  },
  bank: { accountName: 'Account name', iban: 'IBAN', bic: 'BIC', bankName: 'Bank', reference: 'Reference', amount: 'Amount' },
  confirmation: {
    subject: (n) => `Your order ${n} is confirmed`,
    greeting: (name) => `Dear ${name},`,
    intro: (n) => `Thank you. We have confirmed your order ${n}.`,
    lines: 'Your order',
    quantity: 'Qty',
    subtotal: 'Subtotal',
    tax: 'Tax',
    delivery: 'Delivery',
    total: 'Total',
    expected: (d) => `We expect to complete your order by ${d}.`,
    payment: 'Payment',
    paid: 'Nothing more to pay.',
    viewOrder: 'See your order and its progress at any time:',
    contactIfWrong: (who) => `If anything in this order is not right, please contact us straight away: ${who}.`,
    signature: (b) => `Kind regards,\n${b}`,
  },
  verification: {
    subject: (n) => `Please check your order ${n}`,
    greeting: (name) => `Dear ${name},`,
    intro: (n) => `Before we go ahead with your order ${n}, please check its details and confirm they are right.`,
    action: 'Check and confirm your order:',
    noLink: (who) => `Please contact us to confirm it: ${who}.`,
    contact: (who) => `If something is wrong, do not confirm; contact us instead: ${who}.`,
  },
  orderLink: {
    subject: (n) => `Your link to order ${n}`,
    intro: (n) => `You asked for a new link to your order ${n}. Here it is:`,
    validFor: (d) => `The link works for ${d} days. Keep it to yourself: anyone with it can see your order.`,
    notYou: 'If you did not ask for this, you can ignore this e-mail.',
  },
  delay: { previouslyUnset: 'the date we planned' },
  workItem: {
    kind: { pick_pack: 'Pick and pack', invoice_collect: 'Invoice and collect', production_order: 'Production order', purchase_order: 'Purchase order' },
    attached: { pick_pack: 'The pick list is attached (PDF).', invoice_collect: null, production_order: 'The production order is attached (PDF), with every answer the customer gave.', purchase_order: 'The purchase order is attached (PDF), with every answer the customer gave.' },
    subject: (k, n) => `${k} for order ${n}`,
    greeting: (p) => `Hello ${p},`,
    intro: (k, n) => `Order ${n} has a ${k.toLowerCase()} for you.`,
    due: (d) => `Due by ${d}.`,
    expected: (d) => `The order is expected to be complete by ${d}.`,
    lines: 'Lines',
    cancelledSubject: (k, n) => `Cancelled: ${k.toLowerCase()} for order ${n}`,
    cancelledIntro: (k, n) => `Order ${n} was cancelled, so its ${k.toLowerCase()} is cancelled too: please do not go ahead with it.`,
    reason: (r) => `Reason: ${r}`,
    questions: (w) => `Questions: ${w}`,
  },
  events: {
    placed: () => 'Order received',
    verified: () => 'Order checked',
    confirmed: () => 'Order confirmed',
    fulfilment_started: () => 'Being prepared',
    shipped: () => 'Shipped',
    delivered: () => 'Delivered',
    completed: () => 'Completed',
    cancelled: () => 'Cancelled',
    held: () => 'Paused',
    released: () => 'Resumed',
    payment_received: ({ amount }) => `Payment of ${amount} received`,
    card_captured: ({ amount }) => `Card payment of ${amount} received`,
    card_authorised: ({ amount }) => `Card payment of ${amount} authorised`,
    refunded: ({ amount }) => `Refund of ${amount}`,
    mail_sent: () => 'E-mail sent to you',
    delayed: () => 'New expected date',
  },
};

const tr: Words = {
  status: {
    draft: 'Siparişinizi tamamlamaya devam ediyoruz.',
    placed: 'Siparişinizi aldık.',
    verified: 'Siparişiniz kontrol edildi ve kısa süre içinde onaylanacak.',
    confirmed: 'Siparişiniz onaylandı.',
    in_fulfilment: 'Siparişinizi hazırlıyoruz.',
    shipped: 'Siparişiniz yola çıktı.',
    delivered: 'Siparişiniz teslim edildi.',
    completed: 'Siparişiniz tamamlandı.',
    on_hold: 'Siparişiniz şimdilik bekletiliyor; sizinle iletişime geçeceğiz.',
    cancelled: 'Siparişiniz iptal edildi.',
  },
  paymentState: {
    unpaid: 'Henüz ödenmedi',
    partially_paid: 'Kısmen ödendi',
    paid: 'Ödendi',
    over_paid: 'Ödendi (toplamdan fazla; farkı iade edeceğiz)',
    refunded: 'İade edildi',
  },
  method: { card: 'Kart', bank_transfer: 'Havale/EFT', cash_on_delivery: 'Kapıda ödeme', counter: 'Mağazada ödeme', invoice: 'Fatura' },
  howToPay: {
    card: ({ amount }) => `${amount} tutarını kartla ödeyin.`,
    bank_transfer: ({ amount, reference, bankDetails }) =>
      bankDetails
        ? `Lütfen ${amount} tutarını aşağıdaki hesaba, açıklamaya ${reference} referansını yazarak gönderin.`
        : `Lütfen ${amount} tutarını havale/EFT ile, açıklamaya ${reference} referansını yazarak ödeyin. Banka hesap bilgilerimizi size ayrıca göndereceğiz.`,
    cash_on_delivery: ({ amount }) => `Lütfen teslimatta ödemek üzere ${amount} hazır bulundurun.`,
    counter: ({ amount }) => `${amount} tutarını siparişinizi teslim alırken nakit veya kartla ödeyin.`,
    invoice: ({ amount, dueDate, reference }) => `Lütfen ${amount} tutarını${dueDate ? ` ${dueDate} tarihine kadar` : ''} ${reference} referansıyla ödeyin.`,
  },
  bank: { accountName: 'Hesap sahibi', iban: 'IBAN', bic: 'BIC', bankName: 'Banka', reference: 'Referans', amount: 'Tutar' },
  confirmation: {
    subject: (n) => `${n} numaralı siparişiniz onaylandı`,
    greeting: (name) => `Sayın ${name},`,
    intro: (n) => `Teşekkür ederiz. ${n} numaralı siparişinizi onayladık.`,
    lines: 'Siparişiniz',
    quantity: 'Adet',
    subtotal: 'Ara toplam',
    tax: 'KDV',
    delivery: 'Teslimat',
    total: 'Toplam',
    expected: (d) => `Siparişinizi ${d} tarihine kadar tamamlamayı bekliyoruz.`,
    payment: 'Ödeme',
    paid: 'Ödenecek başka tutar yok.',
    viewOrder: 'Siparişinizi ve durumunu istediğiniz zaman görebilirsiniz:',
    contactIfWrong: (who) => `Bu siparişte yanlış bir şey varsa lütfen hemen bize ulaşın: ${who}.`,
    signature: (b) => `Saygılarımızla,\n${b}`,
  },
  verification: {
    subject: (n) => `Lütfen ${n} numaralı siparişinizi kontrol edin`,
    greeting: (name) => `Sayın ${name},`,
    intro: (n) => `${n} numaralı siparişinize devam etmeden önce lütfen bilgilerini kontrol edip doğru olduğunu onaylayın.`,
    action: 'Siparişinizi kontrol edip onaylayın:',
    noLink: (who) => `Onaylamak için lütfen bize ulaşın: ${who}.`,
    contact: (who) => `Yanlış bir şey varsa onaylamayın; bunun yerine bize ulaşın: ${who}.`,
  },
  orderLink: {
    subject: (n) => `${n} numaralı siparişinizin bağlantısı`,
    intro: (n) => `${n} numaralı siparişiniz için yeni bir bağlantı istediniz. İşte bağlantınız:`,
    validFor: (d) => `Bağlantı ${d} gün geçerlidir. Kimseyle paylaşmayın: bağlantıya sahip olan herkes siparişinizi görebilir.`,
    notYou: 'Bunu siz istemediyseniz bu e-postayı dikkate almayın.',
  },
  delay: { previouslyUnset: 'planladığımız tarih' },
  workItem: {
    kind: { pick_pack: 'Toplama ve paketleme', invoice_collect: 'Faturalama ve tahsilat', production_order: 'Üretim emri', purchase_order: 'Satın alma siparişi' },
    attached: { pick_pack: 'Toplama listesi ektedir (PDF).', invoice_collect: null, production_order: 'Üretim emri, müşterinin verdiği tüm yanıtlarla birlikte ektedir (PDF).', purchase_order: 'Satın alma siparişi, müşterinin verdiği tüm yanıtlarla birlikte ektedir (PDF).' },
    subject: (k, n) => `${n} numaralı sipariş için ${k.toLocaleLowerCase('tr-TR')}`,
    greeting: (p) => `Merhaba ${p},`,
    intro: (k, n) => `${n} numaralı sipariş için size bir iş var: ${k.toLocaleLowerCase('tr-TR')}.`,
    due: (d) => `Son tarih: ${d}.`,
    expected: (d) => `Siparişin ${d} tarihine kadar tamamlanması bekleniyor.`,
    lines: 'Kalemler',
    cancelledSubject: (k, n) => `İptal: ${n} numaralı sipariş için ${k.toLocaleLowerCase('tr-TR')}`,
    cancelledIntro: (k, n) => `${n} numaralı sipariş iptal edildi; bu nedenle ${k.toLocaleLowerCase('tr-TR')} da iptal edildi: lütfen devam etmeyin.`,
    reason: (r) => `Neden: ${r}`,
    questions: (w) => `Sorularınız için: ${w}`,
  },
  events: {
    placed: () => 'Sipariş alındı',
    verified: () => 'Sipariş kontrol edildi',
    confirmed: () => 'Sipariş onaylandı',
    fulfilment_started: () => 'Hazırlanıyor',
    shipped: () => 'Kargoya verildi',
    delivered: () => 'Teslim edildi',
    completed: () => 'Tamamlandı',
    cancelled: () => 'İptal edildi',
    held: () => 'Bekletiliyor',
    released: () => 'Devam ediyor',
    payment_received: ({ amount }) => `${amount} ödeme alındı`,
    card_captured: ({ amount }) => `${amount} kart ödemesi alındı`,
    card_authorised: ({ amount }) => `${amount} kart ödemesi onaylandı`,
    refunded: ({ amount }) => `${amount} iade edildi`,
    mail_sent: () => 'Size e-posta gönderildi',
    delayed: () => 'Yeni tahmini tarih',
  },
};

export const WORDS: Record<Language, Words> = { en, tr };

export const money = (lang: Language, amountMinor: number, currency: string) => formatMoney(amountMinor, currency, LOCALE[lang]);

/** One date formatter per language, made once (making one costs far more than formatting with it). */
const LONG_DATE: Record<Language, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat(LOCALE.en, { dateStyle: 'long', timeZone: 'UTC' }),
  tr: new Intl.DateTimeFormat(LOCALE.tr, { dateStyle: 'long', timeZone: 'UTC' }),
};

/** "2026-12-31" → "31 December 2026" / "31 Aralık 2026". */
export function longDate(lang: Language, isoDate: string): string {
  const d = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return isoDate;
  return LONG_DATE[lang].format(d);
}

/** The timeline entries a customer sees (no staff notes, no reasons, no names). */
export const CUSTOMER_VISIBLE_EVENTS: ReadonlySet<string> = new Set(Object.keys(en.events));
