import { describe, expect, it } from 'vitest';
import { pdfText } from '../../test/support/documents.ts';
import type { DocumentModel } from './document-model.ts';
import { renderPdf } from './render-pdf.ts';

const model = (name: string, note: string): DocumentModel => ({
  language: 'tr',
  title: 'Toplama listesi',
  issuer: 'Acme Mobilya',
  meta: [['Sipariş', 'ORD-000123']],
  blocks: [{ heading: 'Teslimat', lines: [name, 'İstanbul'] }],
  intro: [],
  columns: [
    { label: 'Ürün', width: 5, align: 'left' },
    { label: 'Adet', width: 1, align: 'right' },
  ],
  rows: [{ cells: ['Kanepe, üç kişilik', '1'], details: [note] }],
  totals: [['Toplam', '₺1.234,50']],
  footer: [],
  fileName: 'pick-list',
});

describe('PDF documents', () => {
  // The fonts are parsed by the first document and reused by every later one, each embedding its own subset.
  it('every document carries its own text and the glyphs it uses, one after another and at once', async () => {
    const first = await pdfText(await renderPdf(model('Ada Lovelace', 'plain')));
    expect(first).toContain('Ada Lovelace');
    // Later documents: letters the first never used, each document only its own text.
    const [a, b, c] = await Promise.all([
      renderPdf(model('Ayşe Yılmaz', 'ğüşıöç ĞÜŞİÖÇ')),
      renderPdf(model('Ömer Çağrı', 'Renk: gri')),
      renderPdf(model('Zoë Ørsted', 'ẞ € ½')),
    ]).then((pdfs) => Promise.all(pdfs.map(pdfText)));
    expect(a).toContain('Ayşe Yılmaz');
    expect(a).toContain('ğüşıöç ĞÜŞİÖÇ');
    expect(a).not.toContain('Ömer');
    expect(b).toContain('Ömer Çağrı');
    expect(b).not.toContain('Ayşe');
    expect(c).toContain('Zoë Ørsted');
    expect(c).toContain('ẞ € ½');
    for (const text of [a, b, c]) expect(text).toContain('Toplama listesi Sipariş: ORD-000123');
  });
});
