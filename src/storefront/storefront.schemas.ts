/** Response schemas of the shop: its catalog, orders and reservations (the OpenAPI document names them). */
import { z } from 'zod';
import { ORDER_STATUSES, CHANNELS } from '../orders/order-vocabulary.ts';
import { productSchema } from '../catalog/catalog.schemas.ts';
import { orderLineSchema, orderTotalsSchema } from '../orders/orders.schemas.ts';

export const publicProduct = productSchema
  .pick({ id: true, sku: true, name: true, description: true, priceMinor: true, currency: true, taxRateBp: true, leadTimeDays: true, formFields: true })
  .extend({
    availability: z.enum(['in_stock', 'low_stock', 'backorder', 'out_of_stock', 'made_to_order']),
    available: z.number().int().nullable(),
  })
  .meta({ id: 'PublicProduct' });

export const typedCustomer = z.object({ name: z.string(), email: z.string(), phone: z.string().optional(), company: z.string().optional() });

/** What a shopper sees of a line: no ids, no fulfilment or stock detail. */
export const publicLineSchema = orderLineSchema.pick({ position: true, sku: true, name: true, quantity: true, unitPriceMinor: true, optionsPriceMinor: true, taxRateBp: true, subtotalMinor: true, taxMinor: true, totalMinor: true, answers: true });

/** What the shopper is told about their order: what they sent, and the number, status and totals. */
export const publicOrderSchema = z
  .object({
    number: z.string().nullable(),
    status: z.enum(ORDER_STATUSES),
    channel: z.enum(CHANNELS),
    customer: typedCustomer.describe('The contact details as you sent them'),
    delivery: z.record(z.string(), z.unknown()).nullable(),
    notes: z.string(),
    currency: z.string(),
    lines: z.array(publicLineSchema),
    totals: orderTotalsSchema,
    expectedCompletionDate: z.string().nullable(),
    placedAt: z.date().nullable(),
  })
  .meta({ id: 'PublicOrder' });

export const reservationSchema = z
  .object({
    orderId: z.uuid(),
    number: z.string().nullable(),
    status: z.enum(ORDER_STATUSES),
    customerName: z.string().nullable(),
    customerEmail: z.string().nullable(),
    currency: z.string(),
    grandTotalMinor: z.number().int(),
    placedAt: z.date().nullable(),
    expiresAt: z.date().nullable().describe('When the sweep cancels the order and releases its stock, unless it is paid or confirmed first'),
    lines: z.array(z.object({ sku: z.string(), name: z.string(), reservedQty: z.number().int() })),
  })
  .meta({ id: 'StorefrontReservation' });
