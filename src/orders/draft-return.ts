/**
 * Returning an incomplete draft to its customer (issue 14), the orders side: which of a
 * draft's problems the customer may answer (missing or wrong answers to a product's order
 * form, `/lines/N/fields/KEY`), what they look like in words, and the customer's answers
 * merged into the draft — only into the asked-for fields — and checked with the one validator
 * before the draft is submitted on the same path as staff submitting it.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn } from '../shared/db.ts';
import { AppError, pointer, type FieldProblem } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import type { FormField } from '../catalog/form-definition.ts';
import { findProductsByIdsOrSkus } from '../catalog/catalog.use-cases.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import type { DraftInput } from './order.ts';
import { appendEvent, findOrder, updateOrderIf, type OrderRow } from './orders.repository.ts';
import { draftProblems } from './order-problems.ts';
import type { OrderReactions } from './order-events.ts';
import { submitDraftIn } from './submit-draft.ts';
import type { OrderView } from './order-view.ts';
import { findReturn, listWaiting, markCompleted } from './draft-returns.repository.ts';

/** One answer the customer is asked for: line index in the draft and the form field's key. */
export type MissingAnswer = { pointer: string; line: number; key: string };

const FIELD_POINTER = /^\/lines\/(\d+)\/fields\/([^/]+)$/;
const unescape = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

/** A draft's problems split into the answers the customer can give and the rest (staff's to fix). */
export function splitProblems(problems: readonly FieldProblem[]): { answers: (MissingAnswer & { message: string })[]; others: FieldProblem[] } {
  const answers: (MissingAnswer & { message: string })[] = [];
  const others: FieldProblem[] = [];
  for (const p of problems) {
    const m = FIELD_POINTER.exec(p.pointer);
    if (m?.[1] !== undefined && m[2] !== undefined) answers.push({ pointer: p.pointer, line: Number(m[1]), key: unescape(m[2]), message: p.message });
    else others.push(p);
  }
  return { answers, others };
}

/** One line of the draft with the questions on it: its product's whole form (for conditions), the answers so far, and the keys asked for. */
export type LineQuestions = { line: number; productName: string; quantity: number | null; fields: FormField[]; answers: Record<string, unknown>; missing: { key: string; label: string; message: string }[] };

type RawLine = { productId?: string; sku?: string; quantity?: number; fields?: Record<string, unknown> };
const linesOf = (d: Record<string, unknown>): RawLine[] => (Array.isArray(d.lines) ? (d.lines as RawLine[]) : []);

/** The questions, per line, in the draft's words: product name, field label, what is wrong. */
export async function questionsOf(conn: Conn, draft: Record<string, unknown>, missing: readonly (MissingAnswer & { message?: string })[]): Promise<LineQuestions[]> {
  const lines = linesOf(draft);
  const refs = [...new Set(lines.flatMap((l) => [l.productId, l.sku]).filter((x): x is string => typeof x === 'string'))];
  const products = refs.length ? await findProductsByIdsOrSkus(conn, refs.filter(isUuid), refs.filter((r) => !isUuid(r))) : [];
  const out: LineQuestions[] = [];
  for (const [index, raw] of lines.entries()) {
    const asked = missing.filter((m) => m.line === index);
    if (!asked.length) continue;
    const product = products.find((p) => p.id === raw.productId || (raw.sku !== undefined && p.sku.toLowerCase() === raw.sku.toLowerCase()));
    if (!product) continue;
    out.push({
      line: index,
      productName: product.name,
      quantity: typeof raw.quantity === 'number' ? raw.quantity : null,
      fields: product.formFields,
      answers: raw.fields ?? {},
      missing: asked.map((m) => ({ key: m.key, label: product.formFields.find((f) => f.key === m.key)?.label ?? m.key, message: m.message ?? '' })),
    });
  }
  return out;
}

/**
 * Locks a draft for returning it, sets the customer's e-mail when staff give one, and answers
 * what the customer is to answer. Refused (422, naming each field) when something else is
 * missing — staff complete that first — and (409) when nothing is.
 */
export async function draftToReturn(tx: Conn, orderId: string, email: string | undefined, actor: Actor): Promise<{ order: OrderRow; email: string; answers: (MissingAnswer & { message: string })[]; questions: LineQuestions[] }> {
  let order = await findOrder(tx, orderId, true);
  if (!order) throw new AppError('not_found', 'The order was not found');
  if (order.status !== 'draft') throw new AppError('invalid_transition', `The order is already ${order.status}; only a draft can be sent to the customer to complete`);
  const before = (order.draftInput ?? {}) as DraftInput;
  if (email && email !== before.customer?.email) {
    const next: DraftInput = { ...before, customer: { ...before.customer, email } };
    const row = await updateOrderIf(tx, order.id, order, { draftInput: next, customerEmail: email });
    if (!row) throw new AppError('conflict', 'The draft was changed at the same moment; reload it');
    const data = { changed: ['customer'], before: { customer: before.customer ?? null }, after: { customer: next.customer } };
    await appendEvent(tx, { orderId: order.id, type: 'edited', actor, channel: order.channel, data });
    order = row;
  }
  const to = order.customerEmail ?? (order.draftInput as DraftInput | null)?.customer?.email;
  if (!to) throw new AppError('validation_failed', "The customer's e-mail address is needed to send them the draft", [{ pointer: '/email', code: 'required', message: "Enter the customer's e-mail address" }]);
  const { problems } = await draftProblems(tx, order.draftInput ?? {}, await getSettings(tx));
  const { answers, others } = splitProblems(problems);
  if (others.length) {
    throw new AppError(
      'validation_failed',
      'The customer can only answer the products’ order forms; complete the rest of the draft yourself before sending it',
      others,
    );
  }
  if (!answers.length) throw new AppError('conflict', 'Nothing is missing from this draft: submit it instead');
  return { order, email: to, answers, questions: await questionsOf(tx, order.draftInput ?? {}, answers) };
}

/** Answers per line index, as the customer's page sends them: `{ "0": { fields: { fabric: "linen" } } }`. */
export type CustomerAnswers = Record<string, { fields: Record<string, unknown> }>;

/**
 * The customer's answers: only the fields they were asked for, merged into the draft, checked
 * with the same validator as every order form (every problem at once, by field), then the draft
 * is submitted — validation, stock, number, the `placed` reactions — in the caller's transaction.
 */
export async function completeReturnedDraftIn(tx: Conn, reactions: OrderReactions, orderId: string, given: CustomerAnswers, actor: Actor): Promise<OrderView> {
  const order = await findOrder(tx, orderId, true);
  const ret = await findReturn(tx, orderId, true);
  if (!order || order.status !== 'draft' || !ret || ret.completedAt) throw linkNoLongerWorks();
  const asked = new Set(ret.missing.map((m) => m.pointer));
  const problems: FieldProblem[] = [];
  const draft = (order.draftInput ?? {}) as Record<string, unknown>;
  const lines = linesOf(draft).map((l) => ({ ...l, fields: { ...(l.fields ?? {}) } }));
  for (const [lineKey, answer] of Object.entries(given)) {
    for (const [key, value] of Object.entries(answer.fields)) {
      const at = pointer('lines', lineKey, 'fields', key);
      const line = lines[Number(lineKey)];
      if (!asked.has(at) || !line) {
        problems.push({ pointer: at, code: 'not_asked', message: 'This answer was not asked for and cannot be changed here' });
        continue;
      }
      line.fields[key] = value;
    }
  }
  if (problems.length) throw new AppError('validation_failed', 'Only the answers we asked for can be given here', problems);
  const next = { ...draft, lines };
  const check = await draftProblems(tx, next, await getSettings(tx));
  if (check.problems.length) throw new AppError('validation_failed', `${check.problems.length} answer${check.problems.length === 1 ? ' needs' : 's need'} attention`, check.problems);
  const row = await updateOrderIf(tx, order.id, order, { draftInput: next });
  if (!row) throw new AppError('conflict', 'The order was changed at the same moment; try again');
  await appendEvent(tx, { orderId: order.id, type: 'completed_by_customer', actor, channel: order.channel, data: { answered: [...asked] } });
  const placed = await submitDraftIn(tx, reactions, order.id, actor, row.version);
  await markCompleted(tx, order.id, new Date());
  return placed;
}

export const linkNoLongerWorks = () =>
  new AppError('not_found', 'This link no longer works: the order was already completed, or the link has expired or been withdrawn. Contact us if your order still needs something from you.');

/** Drafts waiting on their customer, for the back office. */
export async function draftsWaitingOnCustomer(conn: Conn, limit = 200) {
  return listWaiting(conn, limit);
}
