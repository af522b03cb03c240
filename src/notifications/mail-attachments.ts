/**
 * What a message carries besides its text, made when it is sent (like its links):
 * a party's hand-off carries its document — the pick list for the warehouse, the
 * purchase or production order (only that party's lines, with their form answers)
 * for a supplier or manufacturer. Accounts receivable get none: they issue the
 * invoice themselves. Other messages carry nothing.
 */
import type { Conn } from '../shared/db.ts';
import { orderDocumentModel, render } from '../documents/print-documents.ts';
import type { OrderDocumentKind } from '../documents/document-vocabulary.ts';
import type { WorkItemKind } from '../fulfilment/work-vocabulary.ts';
import type { MailAttachment } from './mail-transport.ts';
import type { MailRow } from './mail.repository.ts';
import type { WorkItemHandOffData } from './templates.ts';

/** The document each kind of work item is handed over with (none for accounts). */
export const HANDOFF_DOCUMENT: Record<WorkItemKind, OrderDocumentKind | null> = {
  pick_pack: 'pick-list',
  invoice_collect: null,
  production_order: 'purchase-order',
  purchase_order: 'purchase-order',
};

export async function attachmentsFor(conn: Conn, mail: MailRow): Promise<MailAttachment[]> {
  if (mail.template !== 'work_item_handoff' || !mail.orderId) return [];
  const d = mail.data as WorkItemHandOffData;
  const kind = HANDOFF_DOCUMENT[d.kind];
  if (!kind) return [];
  const doc = await render(await orderDocumentModel(conn, mail.orderId, kind, d.partyId ? { party: d.partyId } : {}), 'pdf');
  return [{ filename: doc.fileName, contentType: doc.contentType, content: Buffer.isBuffer(doc.body) ? doc.body : Buffer.from(doc.body) }];
}
