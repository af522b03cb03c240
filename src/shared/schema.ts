/**
 * The database schema: every table Orderly keeps. drizzle-kit generates the SQL
 * migrations in drizzle/ from this file (`npm run db:generate`).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Actor } from './actor.ts';
// Each capability's vocabulary is a leaf of that capability; the tables use it, never the other way round.
import { CHANNELS, ORDER_STATUSES } from '../orders/order-vocabulary.ts';
import { PAYMENT_METHODS, PAYMENT_STATUSES } from '../payments/payment-vocabulary.ts';
import { ACCESS_PURPOSES } from '../access/access-vocabulary.ts';
import { MAIL_STATUSES } from '../notifications/mail-vocabulary.ts';
import { PARTY_KINDS } from '../parties/party-vocabulary.ts';
import { WORK_ITEM_KINDS, WORK_ITEM_STATES } from '../fulfilment/work-vocabulary.ts';
import { SHIPMENT_METHODS } from '../fulfilment/fulfilment-vocabulary.ts';
import { INBOUND_OUTCOMES, INBOUND_SOURCES } from '../intake/intake-vocabulary.ts';
import { LANGUAGES } from '../notifications/i18n.ts';
import { INVOICE_KINDS, INVOICE_STATUSES } from '../documents/document-vocabulary.ts';
import { WEBHOOK_DELIVERY_STATUSES } from '../webhooks/webhook-vocabulary.ts';
import { INQUIRY_CHANNELS, INQUIRY_STATES } from '../inquiries/inquiry-vocabulary.ts';
import { QUOTE_STATUSES } from '../quotes/quote-vocabulary.ts';
import type { FormField, FrozenAnswer } from '../catalog/form-definition.ts';
import type { Address } from './address.ts';

const money = (name: string) => bigint(name, { mode: 'number' });
const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const settings = pgTable('settings', {
  id: integer('id').primaryKey(),
  data: jsonb('data').notNull(),
  version: integer('version').notNull().default(1),
  updatedAt: updatedAt(),
});

/**
 * Who acts on an order besides the sales desk: the warehouse and accounts receivable
 * (one each, made by the migration) and the suppliers and manufacturers the business adds.
 */
export const parties = pgTable(
  'parties',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: PARTY_KINDS }).notNull(),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    leadTimeDays: integer('lead_time_days').notNull().default(0),
    /** Where the party's hand-offs and cancellations are also posted, signed (the SSRF rule of docs/webhooks.md). */
    webhookUrl: text('webhook_url'),
    /** The party's signing secret: made when its webhook URL is first set (or rotated), shown once, never returned again. */
    webhookSecret: text('webhook_secret'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // One warehouse and one accounts receivable: the built-in parties.
    uniqueIndex('parties_built_in_key').on(t.kind).where(sql`${t.kind} in ('warehouse', 'accounts')`),
    index('parties_kind_name_idx').on(t.kind, t.name),
    check('parties_lead_time_nonneg', sql`${t.leadTimeDays} >= 0`),
  ],
);

export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    priceMinor: money('price_minor').notNull(),
    currency: text('currency').notNull(),
    taxRateBp: integer('tax_rate_bp').notNull(),
    fulfilmentMode: text('fulfilment_mode', { enum: ['stock', 'made_to_order', 'third_party'] }).notNull(),
    leadTimeDays: integer('lead_time_days').notNull().default(0),
    allowBackorder: boolean('allow_backorder').notNull().default(false),
    /** The supplier or manufacturer that makes or supplies it (null: none named). */
    partyId: uuid('party_id').references(() => parties.id),
    active: boolean('active').notNull().default(true),
    formFields: jsonb('form_fields').$type<FormField[]>().notNull().default([]),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('products_sku_key').on(sql`lower(${t.sku})`),
    index('products_name_idx').on(t.name),
    check('products_price_nonneg', sql`${t.priceMinor} >= 0`),
    check('products_lead_time_nonneg', sql`${t.leadTimeDays} >= 0`),
  ],
);

/** On-hand and reserved units of a stocked product; available = on_hand - reserved. */
export const stockLevels = pgTable(
  'stock_levels',
  {
    productId: uuid('product_id')
      .primaryKey()
      .references(() => products.id, { onDelete: 'cascade' }),
    onHand: integer('on_hand').notNull().default(0),
    reserved: integer('reserved').notNull().default(0),
    /** Low-stock threshold: at or below this many available units the product is on the reorder list (null: not watched). */
    reorderLevel: integer('reorder_level'),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('stock_on_hand_nonneg', sql`${t.onHand} >= 0`),
    check('stock_reserved_nonneg', sql`${t.reserved} >= 0`),
    check('stock_reserved_le_on_hand', sql`${t.reserved} <= ${t.onHand}`),
    check('stock_reorder_level_nonneg', sql`${t.reorderLevel} is null or ${t.reorderLevel} >= 0`),
  ],
);

export const stockMovements = pgTable(
  'stock_movements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    /** adjust: counted in or out (signed); receive: goods in; reserve / release / consume: for an order. Append-only. */
    kind: text('kind', { enum: ['adjust', 'receive', 'reserve', 'release', 'consume'] }).notNull(),
    quantity: integer('quantity').notNull(),
    orderId: uuid('order_id'),
    reason: text('reason'),
    actor: jsonb('actor').$type<Actor>().notNull(),
    at: createdAt(),
  },
  (t) => [index('stock_movements_product_idx').on(t.productId, t.id)],
);

export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    email: text('email'),
    emailNormalized: text('email_normalized'),
    phone: text('phone'),
    company: text('company'),
    addresses: jsonb('addresses').$type<{ billing?: Address | undefined; shipping?: Address | undefined }>().notNull().default({}),
    notes: text('notes').notNull().default(''),
    language: text('language'),
    searchText: text('search_text').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('customers_email_key').on(t.emailNormalized),
    index('customers_phone_idx').on(t.phone),
    index('customers_search_trgm').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('customers_name_idx').on(t.name, t.id),
  ],
);

export const orderNumberSeq = pgSequence('order_number_seq', { startWith: 1, increment: 1, cache: 1 });

export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number'),
    status: text('status', { enum: ORDER_STATUSES }).notNull(),
    heldFrom: text('held_from', { enum: ORDER_STATUSES }),
    version: integer('version').notNull().default(1),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    customerId: uuid('customer_id').references(() => customers.id),
    /**
     * A storefront order whose e-mail matches an existing customer is not filed
     * under them: it keeps the details the shopper typed, and staff confirm (link)
     * or dismiss this suggestion.
     */
    suggestedCustomerId: uuid('suggested_customer_id').references(() => customers.id, { onDelete: 'set null' }),
    customerName: text('customer_name'),
    customerEmail: text('customer_email'),
    customer: jsonb('customer').$type<Record<string, unknown>>(),
    delivery: jsonb('delivery').$type<Record<string, unknown>>(),
    notes: text('notes').notNull().default(''),
    currency: text('currency').notNull(),
    linesTotalMinor: money('lines_total_minor').notNull().default(0),
    optionsTotalMinor: money('options_total_minor').notNull().default(0),
    taxTotalMinor: money('tax_total_minor').notNull().default(0),
    deliveryFeeMinor: money('delivery_fee_minor').notNull().default(0),
    grandTotalMinor: money('grand_total_minor').notNull().default(0),
    expectedCompletionDate: text('expected_completion_date'),
    /** The language the order was placed in (the shop's page language, or staff's choice): the customer's e-mails use it when no linked customer has one. */
    language: text('language', { enum: LANGUAGES }),
    draftInput: jsonb('draft_input').$type<Record<string, unknown>>(),
    createdBy: jsonb('created_by').$type<Actor>().notNull(),
    searchText: text('search_text').notNull().default(''),
    placedAt: timestamp('placed_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('orders_number_key').on(t.number),
    // NULLS FIRST is what a plain ORDER BY … DESC means; with drizzle's default
    // (DESC NULLS LAST) the listing could not walk these indexes and sorted the table.
    index('orders_created_idx').on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('orders_status_created_idx').on(t.status, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('orders_channel_created_idx').on(t.channel, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('orders_customer_created_idx').on(t.customerId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('orders_search_trgm').using('gin', sql`${t.searchText} gin_trgm_ops`),
    // The storefront reservations that may expire: unconfirmed web orders, oldest first.
    index('orders_web_unconfirmed_idx').on(t.placedAt, t.id).where(sql`${t.channel} = 'web' and ${t.status} in ('placed', 'verified')`),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    fulfilmentMode: text('fulfilment_mode', { enum: ['stock', 'made_to_order', 'third_party'] }).notNull(),
    quantity: integer('quantity').notNull(),
    unitPriceMinor: money('unit_price_minor').notNull(),
    optionsPriceMinor: money('options_price_minor').notNull(),
    taxRateBp: integer('tax_rate_bp').notNull(),
    subtotalMinor: money('subtotal_minor').notNull(),
    taxMinor: money('tax_minor').notNull(),
    totalMinor: money('total_minor').notNull(),
    answers: jsonb('answers').$type<Record<string, FrozenAnswer>>().notNull(),
    reservedQty: integer('reserved_qty').notNull().default(0),
    backorderedQty: integer('backordered_qty').notNull().default(0),
  },
  (t) => [uniqueIndex('order_lines_order_pos_key').on(t.orderId, t.position), index('order_lines_product_idx').on(t.productId)],
);

export const orderEvents = pgTable(
  'order_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    actor: jsonb('actor').$type<Actor>().notNull(),
    channel: text('channel'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    at: createdAt(),
  },
  (t) => [index('order_events_order_idx').on(t.orderId, t.id)],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    orderId: uuid('order_id').references(() => orders.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

/**
 * Where each storefront order came from, for per-address limits and per-visitor
 * idempotency: the sha256 of the client's address (its /64 for IPv6), not the address itself.
 */
export const storefrontOrders = pgTable(
  'storefront_orders',
  {
    orderId: uuid('order_id')
      .primaryKey()
      .references(() => orders.id, { onDelete: 'cascade' }),
    clientKey: text('client_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('storefront_orders_client_idx').on(t.clientKey, t.createdAt)],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    emailNormalized: text('email_normalized').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['owner', 'sales', 'warehouse', 'accounts', 'viewer'] }).notNull(),
    passwordHash: text('password_hash').notNull(),
    disabled: boolean('disabled').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_email_key').on(t.emailNormalized)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie value; the value itself is never stored. */
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Failed log-ins counted per account (`account:` + sha256 of the e-mail, known or not)
 * and per client address (`address:` + the address). A window starts at its first
 * failure and lasts a fixed time; past the limit, log-ins for that key are refused
 * until the window ends, and more tries do not extend it.
 */
export const loginThrottle = pgTable(
  'login_throttle',
  {
    key: text('key').primaryKey(),
    attempts: integer('attempts').notNull(),
    windowStartedAt: timestamp('window_started_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('login_throttle_window_idx').on(t.windowStartedAt)],
);

export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  /** sha256 of the token; the token is shown once when created. */
  tokenHash: text('token_hash').notNull().unique(),
  role: text('role', { enum: ['owner', 'sales', 'warehouse', 'accounts', 'viewer'] }).notNull(),
  createdBy: jsonb('created_by').$type<Actor>().notNull(),
  /**
   * The staff user whose current rights bound this token: it is refused once they are
   * disabled or gone, and never does more than their role allows. Null for a token
   * made from the command line (the operator's own).
   */
  userId: uuid('user_id'),
  createdAt: createdAt(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
  revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
});

/** Staff actions outside an order's own timeline. Append-only: the API has no way to change or delete a row. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: createdAt(),
    actor: jsonb('actor').$type<Actor>().notNull(),
    action: text('action').notNull(),
    target: text('target'),
    status: integer('status').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_log_at_idx').on(t.at)],
);

// --- Access links, payments, mail and the outbox (issue 3 / issue 5) ---

/** A customer's way in to one order for one purpose: only the sha256 of the token is kept. */
export const accessLinks = pgTable(
  'access_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    /** The order the link serves; null for a quote's link (`quoteId`). */
    orderId: uuid('order_id').references(() => orders.id, { onDelete: 'cascade' }),
    /** The quote a 'quote' link serves (a quote has no order until it is accepted). */
    quoteId: uuid('quote_id').references(() => quotes.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ACCESS_PURPOSES }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('access_links_token_hash_key').on(t.tokenHash),
    index('access_links_order_idx').on(t.orderId, t.purpose),
    index('access_links_quote_idx').on(t.quoteId),
    // A quote's link serves its quote; every other link serves an order.
    check('access_links_target_check', sql`(${t.purpose} = 'quote') = (${t.quoteId} is not null) and (${t.orderId} is null) = (${t.quoteId} is not null)`),
  ],
);

/** How an order is to be paid: the method, the payment reference, and for invoice terms the due date. */
export const orderPaymentTerms = pgTable(
  'order_payment_terms',
  {
    orderId: uuid('order_id')
      .primaryKey()
      .references(() => orders.id, { onDelete: 'cascade' }),
    method: text('method', { enum: PAYMENT_METHODS }).notNull(),
    reference: text('reference').notNull(),
    netDays: integer('net_days'),
    dueDate: text('due_date'),
    chosenBy: jsonb('chosen_by').$type<Actor>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('order_payment_terms_reference_key').on(t.reference), index('order_payment_terms_due_idx').on(t.method, t.dueDate)],
);

/** One payment (or attempt) towards an order. Card numbers are never stored: only the provider's reference. */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    method: text('method', { enum: PAYMENT_METHODS }).notNull(),
    status: text('status', { enum: PAYMENT_STATUSES }).notNull(),
    amountMinor: money('amount_minor').notNull(),
    refundedMinor: money('refunded_minor').notNull().default(0),
    currency: text('currency').notNull(),
    reference: text('reference'),
    provider: text('provider'),
    providerRef: text('provider_ref'),
    /** A fingerprint of the source that recorded it (a bank statement line), so an import is not counted twice. */
    sourceKey: text('source_key'),
    failureMessage: text('failure_message'),
    note: text('note').notNull().default(''),
    recordedBy: jsonb('recorded_by').$type<Actor>().notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('payments_order_idx').on(t.orderId, t.createdAt),
    uniqueIndex('payments_provider_ref_key').on(t.provider, t.providerRef),
    uniqueIndex('payments_source_key').on(t.sourceKey),
    check('payments_amount_positive', sql`${t.amountMinor} > 0`),
    check('payments_refund_within_amount', sql`${t.refundedMinor} >= 0 and ${t.refundedMinor} <= ${t.amountMinor}`),
  ],
);

export const refunds = pgTable(
  'refunds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => payments.id, { onDelete: 'cascade' }),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    amountMinor: money('amount_minor').notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] }).notNull(),
    reason: text('reason').notNull().default(''),
    providerRef: text('provider_ref'),
    failureMessage: text('failure_message'),
    recordedBy: jsonb('recorded_by').$type<Actor>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('refunds_payment_idx').on(t.paymentId), check('refunds_amount_positive', sql`${t.amountMinor} > 0`)],
);

/** Provider events already handled (webhooks are delivered at least once). */
export const providerEvents = pgTable(
  'provider_events',
  {
    provider: text('provider').notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    receivedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.eventId] })],
);

/** The communication log and the local mailbox: every e-mail Orderly means to send, and what became of it. */
export const mailMessages = pgTable(
  'mail_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id').references(() => orders.id, { onDelete: 'cascade' }),
    template: text('template').notNull(),
    language: text('language').notNull(),
    toAddress: text('to_address').notNull(),
    toName: text('to_name'),
    subject: text('subject').notNull(),
    /** What the template renders: frozen when the message is queued. */
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: MAIL_STATUSES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** The Message-ID header: the same on every attempt, so a receiver can drop a repeat. */
    messageIdHeader: text('message_id_header').notNull(),
    transport: text('transport'),
    resendOf: uuid('resend_of'),
    requestedBy: jsonb('requested_by').$type<Actor>().notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('mail_messages_order_idx').on(t.orderId, t.createdAt),
    index('mail_messages_created_idx').on(t.createdAt.desc(), t.id.desc()),
    // A reply names the Message-ID of the mail it answers (mail in: src/intake).
    index('mail_messages_message_id_idx').on(t.messageIdHeader),
    // The per-recipient limit on verification e-mails for web orders counts by address.
    index('mail_messages_recipient_idx').on(sql`lower(${t.toAddress})`, t.template, t.createdAt),
    // Messages an order gets once at most (a resend is a new message that names its original).
    uniqueIndex('mail_messages_once_key')
      .on(t.orderId, t.template)
      .where(sql`${t.template} in ('order_received') and ${t.resendOf} is null`),
  ],
);

/**
 * Orders the at-risk scan found late or about to be (src/orders/at-risk.ts): one row per
 * order and expected date, so each is put on the order's timeline once (a delay to a new
 * date makes it count again if that date is missed too).
 */
export const orderRiskFlags = pgTable(
  'order_risk_flags',
  {
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    expectedDate: text('expected_date').notNull(),
    reason: text('reason').notNull(),
    flaggedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.expectedDate] })],
);

/**
 * A draft sent back to its customer to complete (issue 14): what they were asked for (the
 * pointers of the missing product-form answers), when and to whom, whether they were reminded
 * and when they completed it. One row per draft; sending again starts it afresh.
 */
export const draftReturns = pgTable(
  'draft_returns',
  {
    orderId: uuid('order_id')
      .primaryKey()
      .references(() => orders.id, { onDelete: 'cascade' }),
    sentTo: text('sent_to').notNull(),
    missing: jsonb('missing').$type<{ pointer: string; line: number; key: string }[]>().notNull(),
    sentBy: jsonb('sent_by').$type<Actor>().notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }).notNull(),
    reminderDueAt: timestamp('reminder_due_at', { withTimezone: true, mode: 'date' }).notNull(),
    remindedAt: timestamp('reminded_at', { withTimezone: true, mode: 'date' }),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('draft_returns_waiting_idx').on(t.sentAt).where(sql`${t.completedAt} is null`)],
);

/** The business's own wording of a customer e-mail in one language (absent: the default in src/notifications/default-templates.ts). */
export const mailTemplates = pgTable(
  'mail_templates',
  {
    template: text('template').notNull(),
    language: text('language').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    updatedBy: jsonb('updated_by').$type<Actor>().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.template, t.language] })],
);

/**
 * The transactional outbox: a row written in the same transaction as the change
 * that causes it, delivered at least once by a worker that claims it with
 * FOR UPDATE SKIP LOCKED and a lease.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    topic: text('topic').notNull(),
    key: text('key').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: ['pending', 'done', 'dead'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    availableAt: timestamp('available_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
    lastError: text('last_error'),
    doneAt: timestamp('done_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('outbox_key_key').on(t.key), index('outbox_due_idx').on(t.status, t.availableAt, t.id)],
);

// --- Goods in and shipments (issue 11) ---

/** A receipt of goods: stock came in (a plain receipt; a purchase order may later name it). */
export const goodsReceipts = pgTable(
  'goods_receipts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    quantity: integer('quantity').notNull(),
    /** The supplier (a party), when known; no foreign key so receipts do not depend on parties. */
    supplierPartyId: uuid('supplier_party_id'),
    /** The purchase or production order (a work item) the goods were received against, if any. */
    workItemId: uuid('work_item_id').references((): AnyPgColumn => workItems.id, { onDelete: 'set null' }),
    supplierReference: text('supplier_reference'),
    note: text('note').notNull().default(''),
    receivedBy: jsonb('received_by').$type<Actor>().notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('goods_receipts_product_idx').on(t.productId, t.receivedAt),
    index('goods_receipts_work_item_idx').on(t.workItemId),
    check('goods_receipts_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

/** A shipment of (some of) an order's lines: by carrier, local delivery or pickup. */
export const shipments = pgTable(
  'shipments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    /** 1, 2, … per order. */
    number: integer('number').notNull(),
    method: text('method', { enum: SHIPMENT_METHODS }).notNull(),
    carrier: text('carrier'),
    trackingNumber: text('tracking_number'),
    trackingUrl: text('tracking_url'),
    /** Local delivery: the slot ("Tue 14:00–16:00"); pickup: the pickup time. */
    slot: text('slot'),
    shippedOn: text('shipped_on').notNull(),
    expectedDeliveryOn: text('expected_delivery_on'),
    deliveredOn: text('delivered_on'),
    note: text('note').notNull().default(''),
    shippedBy: jsonb('shipped_by').$type<Actor>().notNull(),
    deliveredBy: jsonb('delivered_by').$type<Actor>(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('shipments_order_number_key').on(t.orderId, t.number)],
);

export const shipmentLines = pgTable(
  'shipment_lines',
  {
    shipmentId: uuid('shipment_id')
      .notNull()
      .references(() => shipments.id, { onDelete: 'cascade' }),
    orderLineId: uuid('order_line_id')
      .notNull()
      .references(() => orderLines.id, { onDelete: 'cascade' }),
    quantity: integer('quantity').notNull(),
  },
  (t) => [primaryKey({ columns: [t.shipmentId, t.orderLineId] }), index('shipment_lines_line_idx').on(t.orderLineId), check('shipment_lines_quantity_positive', sql`${t.quantity} > 0`)],
);

// --- Invoices and credit notes; outgoing webhooks (issue 11) ---

/**
 * The last number taken per series ("invoice", "credit_note") and year. Issuing
 * updates its row in the issuing transaction: the row lock orders concurrent issues,
 * and a rolled-back issue gives its number back, so the numbers have no gaps.
 */
export const documentCounters = pgTable(
  'document_counters',
  {
    series: text('series').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.series, t.year] })],
);

/**
 * An invoice or a credit note: numbered, and frozen when issued (`document` holds what it
 * bills: lines, taxes, totals, the customer and the seller with its bank details).
 */
export const invoices = pgTable(
  'invoices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: INVOICE_KINDS }).notNull(),
    number: text('number').notNull(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    status: text('status', { enum: INVOICE_STATUSES }).notNull().default('issued'),
    /** A credit note: the invoice it cancels. */
    creditsInvoiceId: uuid('credits_invoice_id'),
    currency: text('currency').notNull(),
    grandTotalMinor: money('grand_total_minor').notNull(),
    document: jsonb('document').$type<Record<string, unknown>>().notNull(),
    issuedBy: jsonb('issued_by').$type<Actor>().notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true, mode: 'date' }),
    cancelReason: text('cancel_reason'),
  },
  (t) => [
    uniqueIndex('invoices_number_key').on(t.number),
    uniqueIndex('invoices_series_seq_key').on(t.kind, t.year, t.seq),
    index('invoices_order_idx').on(t.orderId, t.issuedAt),
    // One live invoice per order; one credit note per invoice.
    uniqueIndex('invoices_live_per_order_key').on(t.orderId).where(sql`${t.kind} = 'invoice' and ${t.status} = 'issued'`),
    uniqueIndex('invoices_credit_note_key').on(t.creditsInvoiceId),
  ],
);

/** An owner's HTTPS address that is told about order events, signed with its secret. */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: uuid('id').primaryKey().defaultRandom(),
  url: text('url').notNull(),
  description: text('description').notNull().default(''),
  events: jsonb('events').$type<string[]>().notNull(),
  /** The signing secret: shown once when the endpoint is made, never returned again. */
  secret: text('secret').notNull(),
  active: boolean('active').notNull().default(true),
  createdBy: jsonb('created_by').$type<Actor>().notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** One event for one target (or a replay of one): what is sent, and what became of it. The target is an owner's endpoint or a party's webhook URL. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    endpointId: uuid('endpoint_id').references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    partyId: uuid('party_id').references(() => parties.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    orderId: uuid('order_id').references(() => orders.id, { onDelete: 'set null' }),
    /** The JSON body, byte for byte as signed and sent. */
    body: text('body').notNull(),
    status: text('status', { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    replayOf: uuid('replay_of'),
    requestedBy: jsonb('requested_by').$type<Actor>().notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt.desc()),
    index('webhook_deliveries_party_idx').on(t.partyId, t.createdAt.desc()),
    index('webhook_deliveries_created_idx').on(t.createdAt.desc(), t.id.desc()),
    check('webhook_deliveries_one_target', sql`(${t.endpointId} is null) <> (${t.partyId} is null)`),
  ],
);

/** Every attempt to deliver a webhook: when, the answer's status (or the error), how long it took. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    at: createdAt(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.id)],
);

/**
 * What one party must do for one order (pick and pack, invoice and collect, a
 * production or purchase order), made when the order is released to fulfilment.
 * `partyId` is null only for a blocked item whose product names no supplier.
 */
export const workItems = pgTable(
  'work_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    partyId: uuid('party_id').references(() => parties.id),
    kind: text('kind', { enum: WORK_ITEM_KINDS }).notNull(),
    state: text('state', { enum: WORK_ITEM_STATES }).notNull().default('todo'),
    blockedReason: text('blocked_reason'),
    assigneeUserId: uuid('assignee_user_id').references(() => users.id, { onDelete: 'set null' }),
    dueDate: text('due_date'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('work_items_order_idx').on(t.orderId),
    index('work_items_queue_idx').on(t.partyId, t.state, t.dueDate),
    check('work_items_blocked_has_reason', sql`${t.state} <> 'blocked' or ${t.blockedReason} is not null`),
  ],
);

export const workItemLines = pgTable(
  'work_item_lines',
  {
    workItemId: uuid('work_item_id')
      .notNull()
      .references(() => workItems.id, { onDelete: 'cascade' }),
    orderLineId: uuid('order_line_id')
      .notNull()
      .references(() => orderLines.id, { onDelete: 'cascade' }),
    quantity: integer('quantity').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workItemId, t.orderLineId] }), index('work_item_lines_line_idx').on(t.orderLineId)],
);

/** Raw bytes (a message as received, an attachment): Buffer in, Buffer out, on both engines. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/**
 * Mail in (src/intake): every message taken in — through Orderly's SMTP listener or pasted or
 * uploaded in the back office — with what became of it: a draft order for the customer who sent
 * it, a reply on the order it answers, or left for staff. The raw message is kept beside it.
 */
export const inboundMessages = pgTable(
  'inbound_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    source: text('source', { enum: INBOUND_SOURCES }).notNull(),
    /** The SMTP envelope's sender (MAIL FROM): only for the listener. */
    envelopeFrom: text('envelope_from'),
    fromAddress: text('from_address'),
    fromName: text('from_name'),
    /** False when the From header cannot be trusted (it differs from the envelope sender): nobody is matched by it. */
    senderTrusted: boolean('sender_trusted').notNull(),
    subject: text('subject').notNull(),
    messageIdHeader: text('message_id_header'),
    inReplyTo: text('in_reply_to'),
    /** The message as text (mailparser's; from the HTML part when there is no text part): never HTML. */
    textBody: text('text_body').notNull(),
    hadHtml: boolean('had_html').notNull(),
    outcome: text('outcome', { enum: INBOUND_OUTCOMES }).notNull(),
    /** What staff should know: why nobody was matched, what was left out. */
    notes: jsonb('notes').$type<string[]>().notNull(),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    orderId: uuid('order_id').references(() => orders.id, { onDelete: 'set null' }),
    /** The inquiry this message became (outcome inquiry). */
    inquiryId: uuid('inquiry_id').references((): AnyPgColumn => inquiries.id, { onDelete: 'set null' }),
    rawSize: integer('raw_size').notNull(),
    raw: bytea('raw').notNull(),
    receivedBy: jsonb('received_by').$type<Actor>().notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('inbound_messages_received_idx').on(t.receivedAt.desc(), t.id.desc()), index('inbound_messages_order_idx').on(t.orderId, t.receivedAt)],
);

/** A message's attachments: the content is kept only for the accepted types, checked against their first bytes. */
export const inboundAttachments = pgTable(
  'inbound_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => inboundMessages.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    content: bytea('content'),
    /** Why the content was not kept (its type is not accepted, or it is not what it says it is). */
    refusedReason: text('refused_reason'),
  },
  (t) => [uniqueIndex('inbound_attachments_position').on(t.messageId, t.position)],
);

// --- Inquiries (issue 14): a customer asks before they order ---

/** A product an inquiry asks about, frozen when asked: its name and SKU then, the options given (partial answers to its form) and a note. */
export type InquiryProduct = { productId: string; sku: string; name: string; answers: FrozenAnswer[]; note: string };

/**
 * A question a customer (known, or only by the contact details they gave) asked
 * before ordering, through a channel, about products; worked by a staff member
 * with a follow-up date until it is won or lost.
 */
export const inquiries = pgTable(
  'inquiries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    contactName: text('contact_name').notNull(),
    contactEmail: text('contact_email'),
    contactPhone: text('contact_phone'),
    channel: text('channel', { enum: INQUIRY_CHANNELS }).notNull(),
    question: text('question').notNull(),
    products: jsonb('products').$type<InquiryProduct[]>().notNull().default([]),
    state: text('state', { enum: INQUIRY_STATES }).notNull().default('open'),
    lostReason: text('lost_reason'),
    assigneeUserId: uuid('assignee_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** YYYY-MM-DD: when someone should come back to it. */
    followUpOn: text('follow_up_on'),
    language: text('language'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('inquiries_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('inquiries_customer_idx').on(t.customerId, t.createdAt),
    index('inquiries_follow_up_idx').on(t.state, t.followUpOn),
    check('inquiries_lost_has_reason', sql`${t.state} <> 'lost' or ${t.lostReason} is not null`),
  ],
);

/** What happened to an inquiry: created, notes, answers (and the e-mail that carried one), assignments, moves. */
export const inquiryEvents = pgTable(
  'inquiry_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    inquiryId: uuid('inquiry_id')
      .notNull()
      .references(() => inquiries.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    actor: jsonb('actor').$type<Actor>().notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    at: createdAt(),
  },
  (t) => [index('inquiry_events_inquiry_idx').on(t.inquiryId, t.id)],
);

/**
 * A quote: an offer to a customer of lines (with the product forms' answers) at prices,
 * valid until a date. Numbered from its own gap-free series (document_counters, 'quote').
 * `lines` holds what the customer is offered, frozen when the quote was made: each line's
 * request (product, quantity, raw answers — what acceptance validates again) and its
 * prices, an agreed unit price with its reason where staff set one. Accepting it places
 * an order (`orderId`).
 */
export const quotes = pgTable(
  'quotes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    status: text('status', { enum: QUOTE_STATUSES }).notNull().default('draft'),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    customerName: text('customer_name').notNull(),
    customerEmail: text('customer_email'),
    customer: jsonb('customer').$type<Record<string, unknown>>().notNull(),
    delivery: jsonb('delivery').$type<Record<string, unknown>>().notNull(),
    notes: text('notes').notNull().default(''),
    language: text('language', { enum: LANGUAGES }),
    currency: text('currency').notNull(),
    lines: jsonb('lines').$type<Record<string, unknown>[]>().notNull(),
    linesTotalMinor: money('lines_total_minor').notNull(),
    taxTotalMinor: money('tax_total_minor').notNull(),
    deliveryFeeMinor: money('delivery_fee_minor').notNull(),
    grandTotalMinor: money('grand_total_minor').notNull(),
    /** The last day the customer may accept it (inclusive, the business's calendar day). */
    validUntil: text('valid_until').notNull(),
    orderId: uuid('order_id').references(() => orders.id),
    /** The inquiry this quote answers, if it was prepared from one. */
    inquiryId: uuid('inquiry_id').references(() => inquiries.id, { onDelete: 'set null' }),
    createdBy: jsonb('created_by').$type<Actor>().notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true, mode: 'date' }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('quotes_number_key').on(t.number),
    uniqueIndex('quotes_order_key').on(t.orderId),
    index('quotes_created_idx').on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('quotes_customer_idx').on(t.customerId),
    index('quotes_inquiry_idx').on(t.inquiryId),
  ],
);

/**
 * The feedback request of an order (src/feedback/): written once, by the delayed outbox job
 * that queues the survey e-mail, with the business's questions as they were then (the survey
 * page asks these). At most one per order.
 */
export const feedbackRequests = pgTable('feedback_requests', {
  orderId: uuid('order_id')
    .primaryKey()
    .references(() => orders.id, { onDelete: 'cascade' }),
  mailId: uuid('mail_id'),
  questions: jsonb('questions').$type<{ text: string; kind: 'text' | 'yes_no' }[]>().notNull(),
  createdAt: createdAt(),
});

/** A customer's answer to the survey: one per order. */
export const feedbackResponses = pgTable(
  'feedback_responses',
  {
    orderId: uuid('order_id')
      .primaryKey()
      .references(() => orders.id, { onDelete: 'cascade' }),
    /** Overall, 1–5. */
    rating: integer('rating').notNull(),
    /** How likely they recommend the business, 0–10 (the NPS question). */
    recommend: integer('recommend').notNull(),
    comment: text('comment'),
    /** The business's questions with the answers given (null: not answered). */
    answers: jsonb('answers').$type<{ question: string; kind: 'text' | 'yes_no'; answer: string | boolean | null }[]>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('feedback_responses_created_idx').on(t.createdAt.desc(), t.orderId),
    check('feedback_responses_rating', sql`${t.rating} between 1 and 5`),
    check('feedback_responses_recommend', sql`${t.recommend} between 0 and 10`),
  ],
);

/** Addresses that asked for no more feedback requests (transactional mail still goes). */
export const feedbackOptOuts = pgTable('feedback_opt_outs', {
  emailNormalized: text('email_normalized').primaryKey(),
  orderId: uuid('order_id').references(() => orders.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
});

/** Something staff must do for a customer: today "call the customer back" after a low rating. */
export const followUps = pgTable(
  'follow_ups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['call_back'] }).notNull(),
    customerName: text('customer_name'),
    phone: text('phone'),
    email: text('email'),
    rating: integer('rating'),
    comment: text('comment'),
    assigneeUserId: uuid('assignee_user_id').references(() => users.id, { onDelete: 'set null' }),
    dueDate: text('due_date').notNull(),
    doneAt: timestamp('done_at', { withTimezone: true, mode: 'date' }),
    doneNote: text('done_note'),
    doneBy: jsonb('done_by').$type<Actor>(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('follow_ups_order_kind_key').on(t.orderId, t.kind), index('follow_ups_open_idx').on(t.doneAt, t.dueDate)],
);
