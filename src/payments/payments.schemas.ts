/** What the API shows of payments and refunds: the response schemas of payments (the OpenAPI document names them) and the views they describe. */
import { z } from 'zod';
import { actorSchema } from '../http/types.ts';
import { PAYMENT_METHODS, PAYMENT_STATUSES } from './payment-vocabulary.ts';
import { ORDER_PAYMENT_STATES } from './payment.ts';
import type { PaymentRow, RefundRow } from './payments.repository.ts';


export const paymentSchema = z
  .object({
    id: z.uuid(),
    orderId: z.uuid(),
    method: z.enum(PAYMENT_METHODS),
    status: z.enum(PAYMENT_STATUSES),
    amountMinor: z.number().int(),
    refundedMinor: z.number().int(),
    currency: z.string(),
    reference: z.string().nullable(),
    provider: z.string().nullable(),
    providerRef: z.string().nullable(),
    failureMessage: z.string().nullable(),
    note: z.string(),
    recordedBy: actorSchema,
    receivedAt: z.date().nullable(),
    createdAt: z.date(),
    clientSecret: z.string().nullable().optional().describe("Card payments that need the customer's browser (Stripe.js) to finish; only in the answer that created it"),
  })
  .meta({ id: 'Payment' });

export const refundSchema = z
  .object({
    id: z.uuid(),
    paymentId: z.uuid(),
    amountMinor: z.number().int(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    reason: z.string(),
    providerRef: z.string().nullable(),
    failureMessage: z.string().nullable(),
    recordedBy: actorSchema,
    createdAt: z.date(),
  })
  .meta({ id: 'Refund' });

export const paymentSummarySchema = z
  .object({
    state: z.enum(ORDER_PAYMENT_STATES),
    totalMinor: z.number().int(),
    receivedMinor: z.number().int(),
    refundedMinor: z.number().int(),
    paidMinor: z.number().int(),
    authorisedMinor: z.number().int(),
    dueMinor: z.number().int(),
    overpaidMinor: z.number().int(),
  })
  .meta({ id: 'PaymentSummary' });

export const termsSchema = z
  .object({
    method: z.enum(PAYMENT_METHODS),
    reference: z.string().describe('ISO 11649 creditor reference to quote with a bank transfer'),
    netDays: z.number().int().nullable(),
    dueDate: z.string().nullable(),
    chosen: z.boolean().describe('false: not chosen yet, this is the default for the channel'),
  })
  .meta({ id: 'PaymentTerms' });

export type PaymentView = z.infer<typeof paymentSchema>;
export type RefundView = z.infer<typeof refundSchema>;

export const toPaymentView = (p: PaymentRow, clientSecret?: string | null): PaymentView => ({
  id: p.id,
  orderId: p.orderId,
  method: p.method,
  status: p.status,
  amountMinor: p.amountMinor,
  refundedMinor: p.refundedMinor,
  currency: p.currency,
  reference: p.reference,
  provider: p.provider,
  providerRef: p.providerRef,
  failureMessage: p.failureMessage,
  note: p.note,
  recordedBy: p.recordedBy,
  receivedAt: p.receivedAt,
  createdAt: p.createdAt,
  ...(clientSecret !== undefined ? { clientSecret } : {}),
});

export const toRefundView = (r: RefundRow): RefundView => ({
  id: r.id,
  paymentId: r.paymentId,
  amountMinor: r.amountMinor,
  status: r.status,
  reason: r.reason,
  providerRef: r.providerRef,
  failureMessage: r.failureMessage,
  recordedBy: r.recordedBy,
  createdAt: r.createdAt,
});

export const orderPayments = z
  .object({
    summary: paymentSummarySchema,
    terms: termsSchema,
    offeredMethods: z.array(z.enum(PAYMENT_METHODS)),
    takesPayment: z.boolean().describe('The order takes money now (not a draft, not cancelled): a payment can be recorded or asked for and its method chosen; refunds stay possible'),
    holdsFulfilment: z.boolean().describe('The payment method holds the order until paid, and it is not paid yet: fulfilment cannot start'),
    items: z.array(paymentSchema),
    refunds: z.array(refundSchema),
  })
  .meta({ id: 'OrderPayments' });

/** What the overdue and unpaid lists share about an order with money due. */
export const moneyDueSchema = z.object({
  orderId: z.uuid(),
  number: z.string().nullable(),
  status: z.string(),
  customerName: z.string().nullable(),
  currency: z.string(),
  grandTotalMinor: z.number().int(),
  dueDate: z.string().nullable(),
  paymentState: z.string(),
  paidMinor: z.number().int(),
  dueMinor: z.number().int(),
});
