/**
 * A printable document as data: headings, blocks of lines, a table and totals. Each
 * document kind builds one (order-documents.ts, invoice-document.ts); one renderer
 * writes it as PDF (render-pdf.ts) and one as HTML (render-html.ts). Pure.
 */
import type { Language } from '../notifications/i18n.ts';

export type DocumentColumn = { label: string; align: 'left' | 'right'; /** Relative width. */ width: number };
export type DocumentRow = { cells: string[]; /** Lines under the row: the form answers ("Fabric: Velvet"). */ details: string[] };

export type DocumentModel = {
  language: Language;
  title: string;
  /** The business issuing it. */
  issuer: string;
  /** Label and value pairs under the title (order number, dates). */
  meta: [string, string][];
  /** Address blocks side by side (from, to, deliver to). */
  blocks: { heading: string; lines: string[] }[];
  /** Paragraphs before the table. */
  intro: string[];
  columns: DocumentColumn[];
  rows: DocumentRow[];
  /** Label and value pairs under the table; the last is the grand total. */
  totals: [string, string][];
  /** Paragraphs after the table (bank details, notes, signature line). */
  footer: { heading: string; lines: string[] }[];
  /** The file name without extension. */
  fileName: string;
};
