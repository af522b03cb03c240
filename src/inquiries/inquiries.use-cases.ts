/**
 * Inquiries: a customer asks about products before ordering — on the phone, by
 * e-mail, on the shop's form, in person. Staff answer (optionally by e-mail, the
 * same outbox path as every customer mail), assign, set a follow-up date, and move
 * it along the table in inquiry-lifecycle.ts until it is won or lost.
 *
 * Who asked: a known customer (customerId), or contact details. Contact details
 * staff recorded whose e-mail address is a known customer's are linked to that
 * customer (the timeline says so; staff may unlink); on the shop's form such a match
 * is only a suggestion staff confirm (PATCH customerId), as for shop orders. No
 * customer is created otherwise — an
 * inquiry is not yet a customer relationship, and the first order (or accepted
 * quote) makes the customer as it does today.
 */
import type { Actor } from '../shared/actor.ts';
import type { Conn, Db } from '../shared/db.ts';
import { AppError, notFound, pointer, type FieldProblem } from '../shared/errors.ts';
import { createdAtCursor } from '../shared/cursor.ts';
import type { InquiryProduct } from '../shared/schema.ts';
import { compileForm } from '../catalog/form-definition.ts';
import { findProductsByIdsOrSkus } from '../catalog/catalog.use-cases.ts';
import { getCustomer } from '../customers/customers.use-cases.ts';
import { findCustomerByEmailKey } from '../customers/customers.repository.ts';
import { normaliseEmail } from '../customers/customer.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import { businessContact } from '../settings/business-contact.ts';
import { isLanguage, type Language } from '../notifications/i18n.ts';
import { queueMail } from '../notifications/mail.ts';
import { allowedInquiryCommands, decideInquiry, isOpenInquiry, type MoveCommand } from './inquiry-lifecycle.ts';
import type { InquiryDetail, InquiryInput, InquiryPatch, InquiryView } from './inquiry.ts';
import { findInquiry, findStaff, insertInquiry, insertInquiryEvent, listInquiries, listInquiryEvents, mailStatuses, updateInquiryIf, type InquiryFilter, type InquiryRow, type ListedInquiry } from './inquiries.repository.ts';

export const todayUtc = (now: Date = new Date()) => now.toISOString().slice(0, 10);

async function customerRef(conn: Conn, id: string | null): Promise<{ id: string; name: string } | null> {
  if (!id) return null;
  const c = await getCustomer(conn, id).catch(() => undefined);
  return c ? { id: c.id, name: c.name } : null;
}

export async function toView(conn: Conn, row: InquiryRow | ListedInquiry, today = todayUtc()): Promise<InquiryView> {
  const name = 'assigneeName' in row ? row.assigneeName : row.assigneeUserId ? ((await findStaff(conn, row.assigneeUserId))?.name ?? null) : null;
  return {
    id: row.id,
    customer: await customerRef(conn, row.customerId),
    contact: { name: row.contactName, email: row.contactEmail, phone: row.contactPhone },
    channel: row.channel,
    question: row.question,
    products: row.products,
    state: row.state,
    lostReason: row.lostReason,
    assignee: row.assigneeUserId && name ? { id: row.assigneeUserId, name } : null,
    followUpOn: row.followUpOn,
    overdue: isOpenInquiry(row.state) && row.followUpOn !== null && row.followUpOn < today,
    language: row.language,
    allowedCommands: allowedInquiryCommands(row.state),
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** An active staff member's name, or a 422 naming the field. */
async function activeStaff(conn: Conn, userId: string, at: string): Promise<string> {
  const u = await findStaff(conn, userId);
  if (!u || u.disabled) throw new AppError('validation_failed', 'There is no such active staff member', [{ pointer: at, code: 'not_found', message: 'Choose an active staff member' }]);
  return u.name;
}

/** The products asked about, frozen: each must exist; the options given must be fields of its form with acceptable values (missing ones are fine). */
async function askedProducts(conn: Conn, input: InquiryInput['products']): Promise<{ products: InquiryProduct[]; problems: FieldProblem[] }> {
  const refs = input.map((p) => p.product);
  const found = await findProductsByIdsOrSkus(conn, refs.filter((r) => /^[0-9a-f-]{36}$/i.test(r)), refs);
  const problems: FieldProblem[] = [];
  const products: InquiryProduct[] = [];
  input.forEach((p, i) => {
    const product = found.find((f) => f.id === p.product || f.sku === p.product);
    if (!product) {
      problems.push({ pointer: pointer('products', i, 'product'), code: 'not_found', message: `There is no product "${p.product}"` });
      return;
    }
    const result = compileForm(product.formFields)(p.answers);
    for (const q of result.problems) if (q.code !== 'required') problems.push({ pointer: pointer('products', i, 'answers', q.field), code: q.code, message: q.message });
    const given = new Set(Object.keys(p.answers));
    products.push({ productId: product.id, sku: product.sku, name: product.name, answers: result.answers.filter((a) => given.has(a.key)), note: p.note });
  });
  return { products, problems };
}

export async function createInquiry(db: Db, input: InquiryInput, actor: Actor): Promise<InquiryView> {
  return db.transaction((tx) => createInquiryIn(tx, input, actor));
}

/** Records an inquiry in the caller's transaction (mail in makes one from a message). */
export async function createInquiryIn(tx: Conn, input: InquiryInput, actor: Actor): Promise<InquiryView> {
  {
    const problems: FieldProblem[] = [];
    let customerId: string | null = null;
    let contact = { name: '', email: null as string | null, phone: null as string | null };
    let matched = false;
    // Anyone can type anyone's e-mail on the shop's form: a match there is only a suggestion for staff (as for shop orders).
    let suggested: string | null = null;
    if (input.customerId) {
      const c = await getCustomer(tx, input.customerId).catch(() => undefined);
      if (!c) problems.push({ pointer: '/customerId', code: 'not_found', message: 'There is no such customer' });
      else {
        customerId = c.id;
        contact = { name: input.contact?.name ?? c.name, email: input.contact?.email ?? c.email, phone: input.contact?.phone ?? c.phone };
      }
    } else if (!input.contact) {
      problems.push({ pointer: '/contact', code: 'required', message: 'Choose a known customer, or give the name and an e-mail address or phone number of who asked' });
    } else {
      if (!input.contact.email && !input.contact.phone) problems.push({ pointer: '/contact/email', code: 'required', message: 'Give an e-mail address or a phone number, so we can answer' });
      contact = { name: input.contact.name, email: input.contact.email ? normaliseEmail(input.contact.email).display : null, phone: input.contact.phone ?? null };
      if (input.contact.email) {
        const known = await findCustomerByEmailKey(tx, normaliseEmail(input.contact.email).key);
        if (known && input.channel === 'web') suggested = known.id;
        else if (known) {
          customerId = known.id;
          matched = true;
        }
      }
    }
    const asked = await askedProducts(tx, input.products);
    problems.push(...asked.problems);
    let assignee: string | null = null;
    if (input.assigneeUserId) assignee = await activeStaff(tx, input.assigneeUserId, '/assigneeUserId').catch((e: unknown) => {
      if (e instanceof AppError) problems.push(...e.fields);
      return null;
    });
    if (problems.length) throw new AppError('validation_failed', 'The inquiry has problems; each is named by its field', problems);
    const row = await insertInquiry(tx, {
      customerId,
      contactName: contact.name,
      contactEmail: contact.email,
      contactPhone: contact.phone,
      channel: input.channel,
      question: input.question,
      products: asked.products,
      assigneeUserId: input.assigneeUserId ?? null,
      followUpOn: input.followUpOn ?? null,
      language: input.language ?? null,
    });
    await insertInquiryEvent(tx, row.id, 'created', actor, { channel: row.channel, ...(matched ? { matchedCustomer: customerId, by: 'email' } : {}), ...(suggested ? { suggestedCustomer: suggested } : {}) });
    if (assignee) await insertInquiryEvent(tx, row.id, 'assigned', actor, { assignee });
    if (row.followUpOn) await insertInquiryEvent(tx, row.id, 'follow_up_set', actor, { followUpOn: row.followUpOn });
    return toView(tx, { ...row, assigneeName: assignee });
  }
}

async function getRow(conn: Conn, id: string, lock = false): Promise<InquiryRow> {
  const row = await findInquiry(conn, id, lock);
  if (!row) throw notFound('The inquiry');
  return row;
}

function checkVersion(row: InquiryRow, expected: number | undefined): void {
  if (expected !== undefined && expected !== row.version) throw new AppError('version_mismatch', `The inquiry changed since version ${expected}; reload it and try again`, [], { currentVersion: row.version });
}

async function save(tx: Conn, row: InquiryRow, set: Parameters<typeof updateInquiryIf>[3]): Promise<InquiryRow> {
  const changed = await updateInquiryIf(tx, row.id, row.version, set);
  if (!changed) throw new AppError('conflict', 'Someone else changed this inquiry at the same moment; reload it and try again');
  return changed;
}

export async function getInquiry(conn: Conn, id: string): Promise<InquiryDetail> {
  const row = await getRow(conn, id);
  const events = await listInquiryEvents(conn, id);
  const mailIds = events.flatMap((e) => (typeof e.data.mailId === 'string' ? [e.data.mailId] : []));
  const statuses = await mailStatuses(conn, mailIds);
  return {
    ...(await toView(conn, row)),
    timeline: events.map((e) => ({
      id: e.id,
      type: e.type,
      at: e.at,
      actor: { kind: e.actor.kind, name: e.actor.name },
      data: typeof e.data.mailId === 'string' ? { ...e.data, mailStatus: statuses.get(e.data.mailId) ?? null } : e.data,
    })),
  };
}

export async function findInquiries(conn: Conn, f: Omit<InquiryFilter, 'after'> & { after?: string | undefined; overdue?: boolean | undefined }) {
  const today = todayUtc();
  const items = await listInquiries(conn, { ...f, after: f.after ? createdAtCursor.decode(f.after) : undefined, overdueBefore: f.overdue ? today : undefined });
  const last = items.at(-1);
  return { items: await Promise.all(items.map((r) => toView(conn, r, today))), nextCursor: items.length === f.limit && last ? createdAtCursor.encode(last) : null };
}

/** Assign (or unassign), set (or clear) the follow-up date, link (or unlink) a customer: each change on the timeline. */
export async function changeInquiry(db: Db, id: string, patch: InquiryPatch, actor: Actor, expectedVersion?: number): Promise<InquiryDetail> {
  await db.transaction(async (tx) => {
    const row = await getRow(tx, id, true);
    checkVersion(row, expectedVersion);
    const set: Parameters<typeof updateInquiryIf>[3] = {};
    const events: [string, Record<string, unknown>][] = [];
    if (patch.assigneeUserId !== undefined && patch.assigneeUserId !== row.assigneeUserId) {
      const name = patch.assigneeUserId ? await activeStaff(tx, patch.assigneeUserId, '/assigneeUserId') : null;
      set.assigneeUserId = patch.assigneeUserId;
      events.push(['assigned', { assignee: name }]);
    }
    if (patch.followUpOn !== undefined && patch.followUpOn !== row.followUpOn) {
      set.followUpOn = patch.followUpOn;
      events.push(['follow_up_set', { followUpOn: patch.followUpOn, previous: row.followUpOn }]);
    }
    if (patch.customerId !== undefined && patch.customerId !== row.customerId) {
      const c = patch.customerId ? await getCustomer(tx, patch.customerId).catch(() => undefined) : null;
      if (c === undefined) throw new AppError('validation_failed', 'There is no such customer', [{ pointer: '/customerId', code: 'not_found', message: 'Choose a known customer' }]);
      if (!c && !row.contactEmail && !row.contactPhone) {
        throw new AppError('validation_failed', 'Without the customer the inquiry would have no way to answer', [{ pointer: '/customerId', code: 'required', message: 'The contact details have no e-mail or phone: keep the customer' }]);
      }
      set.customerId = patch.customerId;
      events.push([c ? 'customer_linked' : 'customer_unlinked', c ? { customerId: c.id, name: c.name } : { customerId: row.customerId }]);
    }
    if (!events.length) return;
    await save(tx, row, set);
    for (const [type, data] of events) await insertInquiryEvent(tx, row.id, type, actor, data);
  });
  return getInquiry(db, id);
}

export async function addInquiryNote(db: Db, id: string, text: string, actor: Actor): Promise<InquiryDetail> {
  await db.transaction(async (tx) => {
    const row = await getRow(tx, id, true);
    await insertInquiryEvent(tx, row.id, 'note_added', actor, { text });
  });
  return getInquiry(db, id);
}

async function answerLanguage(tx: Conn, row: InquiryRow, fallback: Language): Promise<Language> {
  if (isLanguage(row.language)) return row.language;
  if (row.customerId) {
    const c = await getCustomer(tx, row.customerId).catch(() => undefined);
    if (isLanguage(c?.language)) return c.language;
  }
  return fallback;
}

/**
 * Records the answer; with `sendEmail`, queues it to the customer in the
 * inquiry_answer mail (their language) in the same transaction: both, or neither.
 */
export async function answerInquiry(db: Db, id: string, a: { answer: string; sendEmail: boolean }, actor: Actor, expectedVersion?: number): Promise<InquiryDetail> {
  await db.transaction(async (tx) => {
    const row = await getRow(tx, id, true);
    checkVersion(row, expectedVersion);
    const d = decideInquiry(row.state, 'answer');
    if (!d.ok) throw new AppError('invalid_transition', d.message, [], { state: row.state });
    let mail: { mailId: string; to: string } | null = null;
    if (a.sendEmail) {
      const customer = row.customerId ? await getCustomer(tx, row.customerId).catch(() => undefined) : undefined;
      const to = row.contactEmail ?? customer?.email ?? null;
      if (!to) throw new AppError('conflict', 'The inquiry has no e-mail address to answer to: call them, and record the answer without sending it', [{ pointer: '/sendEmail', code: 'no_email', message: 'No e-mail address to send to' }]);
      const settings = await getSettings(tx);
      const queued = await queueMail(
        tx,
        {
          orderId: null,
          template: 'inquiry_answer',
          language: await answerLanguage(tx, row, settings.defaultLanguage),
          to,
          toName: row.contactName,
          data: { customerName: row.contactName, question: row.question, answer: a.answer, products: row.products.map((p) => ({ name: p.name })), sender: actor.name, business: businessContact(settings) },
        },
        actor,
      );
      mail = { mailId: queued.id, to };
    }
    await save(tx, row, { state: d.to, lostReason: d.lostReason });
    await insertInquiryEvent(tx, row.id, 'answered', actor, { answer: a.answer, from: d.from, to: d.to, ...(mail ?? {}) });
  });
  return getInquiry(db, id);
}

/** A state move from the table (quoted, won, lost with a reason, reopened). */
export async function moveInquiry(db: Db, id: string, command: MoveCommand, reason: string | undefined, actor: Actor, expectedVersion?: number): Promise<InquiryDetail> {
  await db.transaction(async (tx) => {
    const row = await getRow(tx, id, true);
    checkVersion(row, expectedVersion);
    const d = decideInquiry(row.state, command, reason);
    if (!d.ok) {
      if (d.reason === 'reason_required') throw new AppError('validation_failed', d.message, [{ pointer: '/reason', code: 'required', message: 'Say why it was lost' }]);
      throw new AppError('invalid_transition', d.message, [], { state: row.state, allowedCommands: allowedInquiryCommands(row.state) });
    }
    await save(tx, row, { state: d.to, lostReason: d.lostReason });
    await insertInquiryEvent(tx, row.id, d.event, actor, { from: d.from, to: d.to, ...(reason?.trim() ? { reason: reason.trim() } : {}) });
  });
  return getInquiry(db, id);
}

/** Whether an inquiry exists (a quote names the inquiry it answers). */
export async function inquiryExists(conn: Conn, id: string): Promise<boolean> {
  return (await findInquiry(conn, id)) !== undefined;
}

/**
 * What a quote made for an inquiry does to it, in the caller's transaction (the quote's):
 * sending the quote moves it to quoted, its acceptance to won — where its state allows
 * (a won or lost inquiry stays as it is). Either way its timeline records the quote.
 */
export async function quoteHappened(tx: Conn, inquiryId: string, what: 'quote_sent' | 'quote_accepted', actor: Actor, data: Record<string, unknown>): Promise<void> {
  const row = await findInquiry(tx, inquiryId, true);
  if (!row) return;
  const d = decideInquiry(row.state, what === 'quote_sent' ? 'mark_quoted' : 'win');
  if (d.ok && d.to !== row.state) await save(tx, row, { state: d.to, lostReason: d.lostReason });
  await insertInquiryEvent(tx, row.id, what, actor, { ...data, from: row.state, to: d.ok ? d.to : row.state });
}
