/** Fetching documents as bytes (the JSON client would mangle a PDF) and reading a PDF's text back with pdfjs-dist. */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { SessionApi } from './server.ts';

export async function fetchBytes(baseUrl: string, who: SessionApi, path: string): Promise<{ status: number; contentType: string; bytes: Buffer; text: string }> {
  const res = await fetch(baseUrl + path, { headers: { cookie: who.cookie } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', bytes, text: bytes.toString('utf8') };
}

/** Every text run of every page, joined by single spaces. */
export async function pdfText(bytes: Buffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    const content = await page.getTextContent();
    for (const item of content.items) if ('str' in item) parts.push(item.str);
  }
  await pdf.destroy();
  return parts.join(' ').replace(/\s+/g, ' ');
}
