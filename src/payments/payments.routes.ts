/** HTTP for payments: terms, records, card payments, refunds, overdue invoices, bank statements and the provider's webhook. */
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../shared/errors.ts';
import { PAYMENT_METHODS } from './payment-vocabulary.ts';
import { CHANNELS } from '../orders/order-vocabulary.ts';
import { actorOf } from '../http/actor.ts';
import { problems, uuidParam, type App, type AppContext, orderRefParam } from '../http/types.ts';
import { paymentSchema, refundSchema, termsSchema, toPaymentView, toRefundView, orderPayments, moneyDueSchema } from './payments.schemas.ts';
import { choosePaymentTerms, orderPayments as readOrderPayments } from './order-payments.ts';
import { recordPayment, settlePendingPayment } from './record-payment.ts';
import { refundPayment } from './refund-payment.ts';
import { captureCardPayment, handleProviderEvent, startCardPayment, voidCardPayment } from './card-payments.ts';
import { overdueInvoices, unpaidOrders } from './overdue.ts';
import { ordersHeldForPayment } from './held-for-payment.ts';
import { importBankStatement } from './bank-statement.ts';
import { ProviderSignatureError, type PaymentProvider } from './provider.ts';
import type { OrderReactions } from '../orders/order-events.ts';

const amount = z.number().int().min(1).max(1_000_000_000_00);
const MANUAL_METHODS = PAYMENT_METHODS.filter((m) => m !== 'card') as [Exclude<(typeof PAYMENT_METHODS)[number], 'card'>, ...Exclude<(typeof PAYMENT_METHODS)[number], 'card'>[]];

/** `card`: the card provider the composition root chose (none without one configured). */
export function paymentRoutes(app: App, ctx: AppContext, card: PaymentProvider | undefined, reactions: OrderReactions): void {
  const { db } = ctx.database;
  app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.get(
    '/api/v1/orders/:id/payments',
    {
      config: { permission: 'payments.read' },
      schema: { tags: ['payments'], summary: "The order's payments, refunds, terms and what is still due", params: orderRefParam, response: { 200: orderPayments, ...problems(404) } },
    },
    async (req) => readOrderPayments(db, req.params.id, card !== undefined),
  );

  app.put(
    '/api/v1/orders/:id/payment-terms',
    {
      config: { permission: 'payments.record' },
      schema: {
        tags: ['payments'],
        summary: 'Choose how the order is paid (among the methods its channel offers)',
        description: 'Invoice terms take netDays (default from the settings); the due date is set when the order is confirmed.',
        params: orderRefParam,
        body: z.strictObject({ method: z.enum(PAYMENT_METHODS), netDays: z.number().int().min(0).max(365).optional() }),
        response: { 200: termsSchema, ...problems(404, 409, 422) },
      },
    },
    async (req) => choosePaymentTerms(db, req.params.id, req.body, actorOf(req), card !== undefined),
  );

  app.post(
    '/api/v1/orders/:id/payments',
    {
      config: { permission: 'payments.record' },
      schema: {
        tags: ['payments'],
        summary: 'Record a payment: a bank transfer received, cash on delivery, at the counter, an invoice paid',
        description: 'status "pending" records a payment announced but not yet received (mark it received later). Card payments go through POST /orders/{id}/card-payments.',
        params: orderRefParam,
        body: z.strictObject({
          method: z.enum(MANUAL_METHODS),
          amountMinor: amount,
          status: z.enum(['captured', 'pending']).default('captured'),
          reference: z.string().trim().max(200).optional(),
          note: z.string().trim().max(2000).optional(),
          receivedAt: z.iso.datetime({ offset: true }).optional(),
        }),
        response: { 201: paymentSchema, ...problems(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const p = await recordPayment(db, reactions, req.params.id, { ...b, receivedAt: b.receivedAt ? new Date(b.receivedAt) : undefined }, actorOf(req));
      return reply.status(201).send(toPaymentView(p));
    },
  );

  app.post(
    '/api/v1/orders/:id/card-payments',
    {
      config: { permission: 'payments.record' },
      schema: {
        tags: ['payments'],
        summary: 'Start a card payment through the card provider',
        description:
          'Authorises (capture "later", the default: captured when you call capture, e.g. at shipment) or charges (capture "now") the amount, by default what is still due. ' +
          'paymentMethod is a provider token (a Stripe PaymentMethod id such as pm_…) — never card numbers. Without it the answer carries a clientSecret for the browser (Stripe.js) to finish.',
        params: orderRefParam,
        body: z.strictObject({
          amountMinor: amount.optional(),
          paymentMethod: z.string().regex(/^pm_[A-Za-z0-9_]{1,200}$/, 'A provider token such as pm_…, never a card number').optional(),
          capture: z.enum(['later', 'now']).default('later'),
        }),
        response: { 201: paymentSchema, ...problems(404, 409, 422, 502) },
      },
    },
    async (req, reply) => {
      const { payment, clientSecret } = await startCardPayment(db, reactions, card, req.params.id, { amountMinor: req.body.amountMinor, paymentMethod: req.body.paymentMethod, captureNow: req.body.capture === 'now' }, actorOf(req));
      return reply.status(201).send(toPaymentView(payment, clientSecret));
    },
  );

  app.post(
    '/api/v1/payments/:id/receive',
    {
      config: { permission: 'payments.record' },
      schema: { tags: ['payments'], summary: 'A pending payment has arrived', params: uuidParam, body: z.strictObject({ receivedAt: z.iso.datetime({ offset: true }).optional() }).optional(), response: { 200: paymentSchema, ...problems(404, 409) } },
    },
    async (req) => toPaymentView(await settlePendingPayment(db, reactions, req.params.id, { received: true, receivedAt: req.body?.receivedAt ? new Date(req.body.receivedAt) : undefined }, actorOf(req))),
  );

  app.post(
    '/api/v1/payments/:id/fail',
    {
      config: { permission: 'payments.record' },
      schema: { tags: ['payments'], summary: 'A pending payment did not arrive (or bounced)', params: uuidParam, body: z.strictObject({ reason: z.string().trim().min(1).max(1000) }), response: { 200: paymentSchema, ...problems(404, 409, 422) } },
    },
    async (req) => toPaymentView(await settlePendingPayment(db, reactions, req.params.id, { received: false, reason: req.body.reason }, actorOf(req))),
  );

  app.post(
    '/api/v1/payments/:id/capture',
    {
      config: { permission: 'payments.record' },
      schema: { tags: ['payments'], summary: 'Capture an authorised card payment (all of it, or less)', params: uuidParam, body: z.strictObject({ amountMinor: amount.optional() }).optional(), response: { 200: paymentSchema, ...problems(404, 409, 422, 502) } },
    },
    async (req) => toPaymentView(await captureCardPayment(db, reactions, card, req.params.id, req.body?.amountMinor, actorOf(req))),
  );

  app.post(
    '/api/v1/payments/:id/void',
    {
      config: { permission: 'payments.record' },
      schema: { tags: ['payments'], summary: 'Release a card authorisation without taking the money', params: uuidParam, response: { 200: paymentSchema, ...problems(404, 409, 502) } },
    },
    async (req) => toPaymentView(await voidCardPayment(db, reactions, card, req.params.id, actorOf(req))),
  );

  app.post(
    '/api/v1/payments/:id/refunds',
    {
      config: { permission: 'payments.refund' },
      schema: {
        tags: ['payments'],
        summary: 'Refund (part of) a received payment',
        description: 'Never more than was received and not yet refunded (409 refund_exceeds_received, also under concurrent refunds). Card payments are refunded through the provider.',
        params: uuidParam,
        body: z.strictObject({ amountMinor: amount, reason: z.string().trim().min(1, 'Say why you refund').max(1000) }),
        response: { 201: refundSchema, ...problems(404, 409, 422, 502) },
      },
    },
    async (req, reply) => reply.status(201).send(toRefundView(await refundPayment(db, req.params.id, req.body, actorOf(req), card))),
  );

  app.get(
    '/api/v1/payments/overdue',
    {
      config: { permission: 'payments.read' },
      schema: {
        tags: ['payments'],
        summary: 'Invoices past their due date and not paid in full',
        querystring: z.strictObject({ asOf: z.iso.date().optional().describe('The day to judge by (default today)') }),
        response: {
          200: z.object({
            items: z.array(
              moneyDueSchema.extend({ customerEmail: z.string().nullable(), reference: z.string(), daysOverdue: z.number().int() }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: await overdueInvoices(db, req.query.asOf) }),
  );

  app.get(
    '/api/v1/payments/unpaid',
    {
      config: { permission: 'payments.read' },
      schema: {
        tags: ['payments'],
        summary: 'Orders with money still due, oldest first',
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(200) }),
        response: {
          200: z.object({
            items: z.array(
              moneyDueSchema.extend({ placedAt: z.date().nullable(), method: z.enum(PAYMENT_METHODS).nullable() }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: await unpaidOrders(db, req.query.limit) }),
  );

  app.get(
    '/api/v1/payments/held',
    {
      // The warehouse reads it too: what it cannot start yet, and why. No amounts in it.
      config: { permission: 'orders.read' },
      schema: {
        tags: ['payments'],
        summary: 'Confirmed orders held back from fulfilment until they are paid, oldest first',
        description: 'Orders whose payment method the business holds until paid (settings: payments.holdUntilPaid) and whose money has not all come in (a card authorisation counts).',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                orderId: z.uuid(),
                number: z.string().nullable(),
                status: z.string(),
                channel: z.enum(CHANNELS),
                customerName: z.string().nullable(),
                placedAt: z.date().nullable(),
                method: z.enum(PAYMENT_METHODS),
              }),
            ),
          }),
        },
      },
    },
    async () => ({ items: await ordersHeldForPayment(db) }),
  );

  const miss = z.object({ line: z.number().int(), amountMinor: z.number().int().nullable(), text: z.string(), reason: z.string() });
  app.post(
    '/api/v1/payments/bank-statements',
    {
      config: { permission: 'payments.record' },
      schema: {
        tags: ['payments'],
        summary: 'Import a bank statement (CSV) and record the transfers it can match to orders',
        description:
          'Send the CSV as the body (Content-Type: text/csv) with a header row naming an amount column and a reference/description column (date optional). ' +
          'Incoming amounts are matched by RF payment reference or order number. dryRun=true shows the matches without recording. Importing the same statement twice records each line once.',
        querystring: z.strictObject({ dryRun: z.enum(['true', 'false']).default('false') }),
        response: {
          200: z.object({
            lines: z.number().int(),
            currency: z.string().describe('The currency the amounts are in (the business currency)'),
            matched: z.array(
              z.object({
                line: z.number().int(),
                orderId: z.uuid(),
                orderNumber: z.string().nullable(),
                amountMinor: z.number().int(),
                reference: z.string(),
                result: z.enum(['recorded', 'already_recorded', 'would_record']),
                paymentId: z.uuid().nullable(),
                paymentState: z.string(),
                dueMinor: z.number().int(),
              }),
            ),
            unmatched: z.array(miss),
            skipped: z.array(miss),
          }).meta({ id: 'BankStatementImport' }),
          ...problems(415, 422),
        },
      },
    },
    async (req) => {
      if (typeof req.body !== 'string') throw new AppError('unsupported_media_type', 'Send the statement as text/csv');
      return importBankStatement(db, reactions, req.body, { dryRun: req.query.dryRun === 'true' }, actorOf(req));
    },
  );

  // The provider's webhook needs the exact bytes it signed: a scope of its own with a raw-body parser.
  void app.register(async (scope: FastifyInstance) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.post(
      '/api/v1/webhooks/stripe',
      {
        config: { public: true },
        schema: { tags: ['payments'], summary: "Stripe's webhook: payment and refund events, checked by their Stripe-Signature" },
      },
      async (req, reply) => {
        if (!card) throw new AppError('payment_provider_unavailable', 'Card payments are not set up');
        let event;
        try {
          event = card.parseWebhook(req.body as Buffer, req.headers);
        } catch (e) {
          if (e instanceof ProviderSignatureError) throw new AppError('invalid_signature', e.message);
          throw e;
        }
        const { applied } = await handleProviderEvent(db, reactions, card, event);
        return reply.send({ received: true, applied });
      },
    );
  });
}
