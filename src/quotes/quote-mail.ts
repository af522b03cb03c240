/**
 * What the quote e-mail needs when the dispatcher sends it (given to it by the
 * composition root): a fresh link to the quote's page, only for the quote's own
 * customer address, and the quote as a PDF.
 */
import type { MailExtension } from '../notifications/mail.worker.ts';
import type { QuoteData } from '../notifications/templates.ts';
import { issueLinkForQuote, quotePdf } from './quotes.use-cases.ts';

const quoteIdOf = (data: Record<string, unknown>): string | null => {
  const id = (data as Partial<QuoteData>).quoteId;
  return typeof id === 'string' ? id : null;
};

export const quoteMail: MailExtension = {
  async link(tx, mail, purpose) {
    const quoteId = quoteIdOf(mail.data);
    if (purpose !== 'quote' || !quoteId) return null;
    return issueLinkForQuote(tx, quoteId, mail.toAddress);
  },
  async attachments(db, mail) {
    const quoteId = quoteIdOf(mail.data);
    if (!quoteId) return [];
    const doc = await quotePdf(db, quoteId);
    return [{ filename: doc.fileName, contentType: doc.contentType, content: Buffer.isBuffer(doc.body) ? doc.body : Buffer.from(doc.body) }];
  },
};
