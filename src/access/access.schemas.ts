/** Response schemas of access links and the customer's order page (the OpenAPI document names them). */
import { z } from 'zod';
import { ORDER_STATUSES } from '../orders/order-vocabulary.ts';
import { ORDER_PAYMENT_STATES, PAYMENT_METHODS } from '../payments/payment-vocabulary.ts';
import { LANGUAGES } from '../notifications/i18n.ts';
import { ACCESS_PURPOSES } from './access-vocabulary.ts';
import { SHIPMENT_METHODS } from '../fulfilment/fulfilment-vocabulary.ts';

export const linkSchema = z
  .object({ id: z.uuid(), orderId: z.uuid().nullable().describe("The order it serves (null for a quote's link)"), purpose: z.enum(ACCESS_PURPOSES), expiresAt: z.date().nullable(), revokedAt: z.date().nullable(), lastUsedAt: z.date().nullable(), createdAt: z.date(), usable: z.boolean() })
  .meta({ id: 'AccessLink' });

export const customerOrderSchema = z
  .object({
    number: z.string().nullable(),
    status: z.enum(ORDER_STATUSES),
    statusText: z.string(),
    language: z.enum(LANGUAGES),
    placedAt: z.date().nullable(),
    expectedCompletionDate: z.string().nullable(),
    expectedCompletionText: z.string().nullable(),
    currency: z.string(),
    lines: z.array(z.object({ name: z.string(), quantity: z.number().int(), options: z.array(z.object({ label: z.string(), value: z.string() })), totalMinor: z.number().int(), totalText: z.string() })),
    totals: z.object({ linesTotalMinor: z.number().int(), taxTotalMinor: z.number().int(), deliveryFeeMinor: z.number().int(), grandTotalMinor: z.number().int(), grandTotalText: z.string() }),
    payment: z.object({
      state: z.enum(ORDER_PAYMENT_STATES),
      stateText: z.string(),
      method: z.enum(PAYMENT_METHODS),
      methodText: z.string(),
      paidMinor: z.number().int(),
      dueMinor: z.number().int(),
      dueText: z.string(),
      reference: z.string(),
      dueDate: z.string().nullable(),
      howToPay: z.string().nullable(),
      bank: z.object({ accountName: z.string(), iban: z.string(), bic: z.string(), bankName: z.string() }).nullable(),
      payByCard: z.boolean().describe("The customer can pay what is due by card now (card terms, money due, a card provider configured): POST …/card-checkout"),
    }),
    verification: z.object({ required: z.boolean(), verified: z.boolean() }),
    shipments: z
      .array(
        z.object({
          number: z.number().int(),
          method: z.enum(SHIPMENT_METHODS),
          carrier: z.string().nullable(),
          trackingNumber: z.string().nullable(),
          trackingUrl: z.string().nullable(),
          slot: z.string().nullable(),
          shippedOn: z.string(),
          expectedDeliveryOn: z.string().nullable(),
          deliveredOn: z.string().nullable(),
          lines: z.array(z.object({ name: z.string(), quantity: z.number().int() })),
        }),
      )
      .describe('What has left: each shipment with its tracking link'),
    timeline: z.array(z.object({ at: z.date(), type: z.string(), text: z.string() })),
    business: z.object({ name: z.string(), email: z.string(), phone: z.string(), address: z.string() }),
  })
  .meta({ id: 'CustomerOrder' });
