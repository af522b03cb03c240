/** The words on the printed documents, in the business's language (English and Turkish). Pure. */
import type { Language } from '../notifications/i18n.ts';

type Words = {
  title: { pickList: string; deliveryNote: string; invoice: string; creditNote: string; purchaseOrder: string };
  order: string;
  orderDate: string;
  issueDate: string;
  dueDate: string;
  deliverTo: string;
  billTo: string;
  from: string;
  supplier: string;
  customer: string;
  sku: string;
  item: string;
  quantity: string;
  picked: string;
  unitPrice: string;
  taxRate: string;
  amount: string;
  linesTotal: string;
  deliveryFee: string;
  taxAt: (rate: string) => string;
  deliveryTax: string;
  grandTotal: string;
  creditTotal: string;
  payTo: string;
  accountName: string;
  iban: string;
  bic: string;
  bankName: string;
  reference: string;
  credits: (number: string, date: string) => string;
  reason: string;
  instructions: string;
  notes: string;
  backordered: (n: number) => string;
  method: { shipping: string; pickup: string; local_delivery: string };
  makeExactly: string;
  noLines: string;
  receivedBy: string;
  carrier: string;
  tracking: string;
};

const en: Words = {
  title: { pickList: 'Pick list', deliveryNote: 'Delivery note', invoice: 'Invoice', creditNote: 'Credit note', purchaseOrder: 'Purchase / production order' },
  order: 'Order',
  orderDate: 'Order date',
  issueDate: 'Date',
  dueDate: 'Due date',
  deliverTo: 'Deliver to',
  billTo: 'Bill to',
  from: 'From',
  supplier: 'To',
  customer: 'Customer',
  sku: 'SKU',
  item: 'Item',
  quantity: 'Qty',
  picked: 'Picked',
  unitPrice: 'Unit price',
  taxRate: 'Tax',
  amount: 'Amount',
  linesTotal: 'Subtotal',
  deliveryFee: 'Delivery',
  taxAt: (rate) => `Tax ${rate}`,
  deliveryTax: 'Tax on delivery',
  grandTotal: 'Total',
  creditTotal: 'Total credited',
  payTo: 'Pay to',
  accountName: 'Account name',
  iban: 'IBAN',
  bic: 'BIC',
  bankName: 'Bank',
  reference: 'Payment reference',
  credits: (number, date) => `Cancels invoice ${number} of ${date}`,
  reason: 'Reason',
  instructions: 'Delivery instructions',
  notes: 'Notes',
  backordered: (n) => `${n} back-ordered`,
  method: { shipping: 'Shipping', pickup: 'Collected by the customer', local_delivery: 'Local delivery' },
  makeExactly: 'Please make and supply exactly as specified below, by the due date.',
  noLines: 'No lines',
  receivedBy: 'Received by (name, signature, date)',
  carrier: 'Carrier',
  tracking: 'Tracking number',
};

const tr: Words = {
  title: { pickList: 'Toplama listesi', deliveryNote: 'İrsaliye', invoice: 'Fatura', creditNote: 'İade faturası', purchaseOrder: 'Satın alma / üretim siparişi' },
  order: 'Sipariş',
  orderDate: 'Sipariş tarihi',
  issueDate: 'Tarih',
  dueDate: 'Termin tarihi',
  deliverTo: 'Teslimat adresi',
  billTo: 'Fatura adresi',
  from: 'Gönderen',
  supplier: 'Alıcı',
  customer: 'Müşteri',
  sku: 'Stok kodu',
  item: 'Ürün',
  quantity: 'Adet',
  picked: 'Toplandı',
  unitPrice: 'Birim fiyat',
  taxRate: 'KDV',
  amount: 'Tutar',
  linesTotal: 'Ara toplam',
  deliveryFee: 'Teslimat',
  taxAt: (rate) => `KDV ${rate}`,
  deliveryTax: 'Teslimat KDV',
  grandTotal: 'Genel toplam',
  creditTotal: 'İade toplamı',
  payTo: 'Ödeme bilgileri',
  accountName: 'Hesap adı',
  iban: 'IBAN',
  bic: 'BIC',
  bankName: 'Banka',
  reference: 'Ödeme açıklaması',
  credits: (number, date) => `${date} tarihli ${number} numaralı faturayı iptal eder`,
  reason: 'Gerekçe',
  instructions: 'Teslimat talimatı',
  notes: 'Notlar',
  backordered: (n) => `${n} adet tedarik bekliyor`,
  method: { shipping: 'Kargo', pickup: 'Müşteri teslim alacak', local_delivery: 'Yerel teslimat' },
  makeExactly: 'Lütfen aşağıda belirtildiği şekilde, termin tarihine kadar üretip teslim ediniz.',
  noLines: 'Satır yok',
  receivedBy: 'Teslim alan (ad, imza, tarih)',
  carrier: 'Taşıyıcı',
  tracking: 'Takip numarası',
};

export const DOCUMENT_WORDS: Record<Language, Words> = { en, tr };
