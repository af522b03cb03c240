/**
 * A document model as PDF, with pdfkit and the DejaVu Sans font shipped in the
 * dejavu-fonts-ttf package (embedded, so Turkish ş, ğ, ı, İ print on any machine).
 */
import PDFDocument from 'pdfkit';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { DocumentModel } from './document-model.ts';

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | undefined;
const fontFiles = () =>
  (fonts ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  });

const MARGIN = 48;

type Doc = InstanceType<typeof PDFDocument>;
/** No default font: pdfkit would load and parse Helvetica's metrics for every document, and these use only their own. */
const PDF_NO_DEFAULT_FONT = null as unknown as string;
/** What of pdfkit's font handling this file reaches into (pdfkit is pinned): a document's font table and its font count, and the font in use. */
type FontInternals = { _fontFamilies: Record<string, unknown>; _fontCount: number; _font: { font: object; constructor: EmbeddedFont } | null };
type EmbeddedFont = new (doc: Doc, font: object, id: string) => unknown;
let parsed: { Embedded: EmbeddedFont; body: object; bold: object } | undefined;

/**
 * The two fonts, parsed once per process. pdfkit parses a registered font (fontkit's table
 * decoding) anew in every document: about 60 % of a document's ~23 ms, and a release sends
 * four documents. The first document opens them as pdfkit does; every later one gets the same
 * parsed fonts, each in an embedding of its own (its own subset, widths and font id, as pdfkit
 * makes for each document), put where `doc.font(name)` looks first. A document renders in one
 * synchronous run, so no two ever use a parsed font at the same time.
 */
function useParsedFonts(doc: Doc): void {
  const internals = doc as unknown as FontInternals;
  if (parsed) {
    internals._fontFamilies.body = new parsed.Embedded(doc, parsed.body, `F${++internals._fontCount}`);
    internals._fontFamilies.bold = new parsed.Embedded(doc, parsed.bold, `F${++internals._fontCount}`);
    return;
  }
  doc.font('body');
  const body = internals._font;
  doc.font('bold');
  const bold = internals._font;
  if (body && bold) parsed = { Embedded: body.constructor, body: body.font, bold: bold.font };
}

export function renderPdf(m: DocumentModel): Promise<Buffer> {
  const f = fontFiles();
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, font: PDF_NO_DEFAULT_FONT, info: { Title: `${m.title} ${m.meta[0]?.[1] ?? ''}`.trim(), Author: m.issuer }, lang: m.language });
  doc.registerFont('body', f.regular);
  doc.registerFont('bold', f.bold);
  useParsedFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN;
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };

  doc.font('bold').fontSize(9).fillColor('#555').text(m.issuer, left, MARGIN, { width });
  doc.font('bold').fontSize(18).fillColor('#000').text(m.title, { width });
  doc.moveDown(0.3);
  doc.fontSize(9);
  for (const [label, value] of m.meta) {
    doc.font('bold').text(`${label}: `, { continued: true }).font('body').text(value);
  }
  doc.moveDown(0.8);

  if (m.blocks.length) {
    const top = doc.y;
    const colW = width / m.blocks.length;
    let maxY = top;
    m.blocks.forEach((b, i) => {
      const x = left + i * colW;
      doc.font('bold').fontSize(9).text(b.heading, x, top, { width: colW - 12 });
      doc.font('body');
      for (const line of b.lines) doc.text(line, x, doc.y, { width: colW - 12 });
      maxY = Math.max(maxY, doc.y);
    });
    doc.x = left;
    doc.y = maxY;
    doc.moveDown(0.8);
  }

  doc.font('body').fontSize(9);
  for (const p of m.intro) doc.text(p, left, doc.y, { width });
  if (m.intro.length) doc.moveDown(0.6);

  // The table: a header row, then each row with its details under the item.
  const total = m.columns.reduce((s, c) => s + c.width, 0);
  const widths = m.columns.map((c) => (c.width / total) * width);
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((s, w) => s + w, 0));
  const itemCol = Math.max(0, m.columns.findIndex((c) => c.align === 'left' && c.width === Math.max(...m.columns.map((k) => k.width))));
  const drawHeader = () => {
    doc.font('bold').fontSize(9);
    const y = doc.y;
    m.columns.forEach((c, i) => doc.text(c.label, xs[i], y, { width: (widths[i] ?? 0) - 6, align: c.align }));
    doc.y = y + doc.currentLineHeight() + 2;
    doc.moveTo(left, doc.y).lineTo(left + width, doc.y).lineWidth(0.5).stroke();
    doc.y += 4;
  };
  ensure(40);
  drawHeader();
  for (const row of m.rows) {
    doc.font('body').fontSize(9);
    const cellH = Math.max(...row.cells.map((c, i) => doc.heightOfString(c, { width: (widths[i] ?? 0) - 6 })));
    const detailW = (widths[itemCol] ?? width) - 6;
    const detailH = row.details.reduce((s, d) => s + doc.fontSize(8).heightOfString(d, { width: detailW }), 0);
    doc.fontSize(9);
    if (doc.y + cellH + detailH + 6 > bottom()) {
      doc.addPage();
      drawHeader();
    }
    const y = doc.y;
    row.cells.forEach((c, i) => doc.text(c, xs[i], y, { width: (widths[i] ?? 0) - 6, align: m.columns[i]?.align ?? 'left' }));
    doc.y = y + cellH;
    doc.fontSize(8).fillColor('#333');
    for (const d of row.details) doc.text(d, xs[itemCol], doc.y, { width: detailW });
    doc.fillColor('#000').fontSize(9);
    doc.y += 4;
    doc.moveTo(left, doc.y).lineTo(left + width, doc.y).lineWidth(0.25).strokeColor('#999').stroke().strokeColor('#000');
    doc.y += 4;
  }

  if (m.totals.length) {
    ensure(m.totals.length * 14 + 10);
    doc.moveDown(0.4);
    const labelX = left + width * 0.5;
    m.totals.forEach(([label, value], i) => {
      const last = i === m.totals.length - 1;
      doc.font(last ? 'bold' : 'body').fontSize(last ? 10 : 9);
      const y = doc.y;
      doc.text(label, labelX, y, { width: width * 0.3 });
      doc.text(value, labelX + width * 0.3, y, { width: width * 0.2, align: 'right' });
    });
  }

  doc.font('body').fontSize(9);
  for (const block of m.footer) {
    ensure(30 + block.lines.length * 12);
    doc.moveDown(0.8);
    doc.font('bold').text(block.heading, left, doc.y, { width });
    doc.font('body');
    for (const line of block.lines) doc.text(line, left, doc.y, { width });
  }

  doc.end();
  return done;
}
