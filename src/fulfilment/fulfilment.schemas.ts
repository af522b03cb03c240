/** The API's description of shipments, fulfilment and goods in (request and response shapes). */
import { z } from 'zod';
import { FULFILMENT_STATES, SHIPMENT_METHODS } from './fulfilment-vocabulary.ts';
import { ORDER_STATUSES } from '../orders/order-vocabulary.ts';

const isoDate = z.iso.date();
const text = (max: number) => z.string().trim().max(max);

export const shipmentBody = z.strictObject({
  lines: z
    .array(z.strictObject({ orderLineId: z.uuid(), quantity: z.number().int().min(0).max(1_000_000) }))
    .min(1)
    .max(200)
    .optional()
    .describe('Which lines and how many of each; leave out to ship everything that is left (all of it must be in stock)'),
  method: z.enum(SHIPMENT_METHODS).default('carrier'),
  carrier: text(80).min(1).nullable().optional().describe('One of the carriers in the settings; its template makes the tracking link'),
  trackingNumber: text(100).min(1).nullable().optional(),
  slot: text(120).min(1).nullable().optional().describe('Local delivery: the delivery slot; pickup: the pickup time'),
  shippedOn: isoDate.optional().describe('Default: today'),
  expectedDeliveryOn: isoDate.nullable().optional(),
  note: text(2000).optional(),
});

/** The bare `ship` command (kept for API compatibility): the same body, every field optional, plus the old reason. */
export const shipCommandBody = shipmentBody.extend({ method: z.enum(SHIPMENT_METHODS).optional(), reason: text(1000).optional() });

export const deliveryBody = z.strictObject({
  deliveredOn: isoDate.optional().describe('Default: today'),
  collectedMinor: z.number().int().min(1).max(1_000_000_000_000).optional().describe('Cash on delivery: what was collected (default on the last delivery: what is due)'),
});

export const shipmentSchema = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    method: z.enum(SHIPMENT_METHODS),
    carrier: z.string().nullable(),
    trackingNumber: z.string().nullable(),
    trackingUrl: z.string().nullable(),
    shippedOn: z.string(),
    expectedDeliveryOn: z.string().nullable(),
    deliveredOn: z.string().nullable(),
    slot: z.string().nullable(),
    lines: z.array(z.object({ orderLineId: z.uuid(), sku: z.string(), name: z.string(), quantity: z.number().int() })),
    note: z.string(),
    createdAt: z.date(),
  })
  .meta({ id: 'Shipment' });

export const fulfilmentSchema = z
  .object({
    orderId: z.uuid(),
    orderStatus: z.enum(ORDER_STATUSES),
    orderVersion: z.number().int(),
    state: z.enum(FULFILMENT_STATES).describe('Derived from the shipments: unfulfilled, partially_shipped, shipped, delivered'),
    lines: z.array(
      z.object({
        orderLineId: z.uuid(),
        sku: z.string(),
        name: z.string(),
        quantity: z.number().int(),
        shipped: z.number().int(),
        remaining: z.number().int(),
        shippable: z.number().int().describe('What can ship now: a stocked line ships only units reserved for it'),
        backordered: z.number().int(),
      }),
    ),
    shipments: z.array(shipmentSchema),
  })
  .meta({ id: 'OrderFulfilment' });

export const receiptBody = z.strictObject({
  product: z.string().trim().min(1).max(100).describe('Product id or SKU'),
  quantity: z.number().int().min(1).max(10_000_000),
  supplierPartyId: z.uuid().nullable().optional(),
  supplierReference: text(200).min(1).nullable().optional().describe("The supplier's delivery note or invoice number"),
  note: text(2000).optional(),
  purchaseOrderId: z
    .string()
    .trim()
    .max(100)
    .nullable()
    .optional()
    .describe('The open purchase or production order (its work item id) the goods came in against: the product must be on it. Needed for a made-to-order or third-party product, which is received for its order without entering stock'),
});

const stockSchema = z.object({ productId: z.uuid(), onHand: z.number().int(), reserved: z.number().int(), available: z.number().int(), reorderLevel: z.number().int().nullable() });

export const receiptSchema = z
  .object({
    id: z.uuid(),
    productId: z.uuid(),
    sku: z.string(),
    name: z.string(),
    quantity: z.number().int(),
    supplierPartyId: z.string().nullable(),
    supplierReference: z.string().nullable(),
    purchaseOrderId: z.uuid().nullable().describe('The purchase or production order (work item) it was received against'),
    note: z.string(),
    receivedAt: z.date(),
  })
  .meta({ id: 'GoodsReceipt' });

export const receivedSchema = z
  .object({
    receipt: receiptSchema,
    filled: z.array(z.object({ orderId: z.uuid(), orderNumber: z.string().nullable(), lineId: z.uuid(), quantity: z.number().int() })).describe('Back-ordered units that became reserved, oldest order first'),
    stock: stockSchema.nullable().describe('Null: a made-to-order or third-party product received for its order (it does not enter stock)'),
    closedWorkItemIds: z.array(z.uuid()).describe('Work items this receipt finished (a purchase order whose lines are all received), now done'),
  })
  .meta({ id: 'GoodsReceived' });

export const reorderLevelBody = z.strictObject({ reorderLevel: z.number().int().min(0).max(10_000_000).nullable().describe('Low-stock threshold; null stops watching') });
export const stockLevelSchema = stockSchema.meta({ id: 'StockLevelWithThreshold' });

export const reorderListSchema = z
  .object({
    items: z.array(
      z.object({
        productId: z.uuid(),
        sku: z.string(),
        name: z.string(),
        onHand: z.number().int(),
        reserved: z.number().int(),
        available: z.number().int(),
        reorderLevel: z.number().int().nullable(),
        backordered: z.number().int().describe('Units waiting for open orders'),
        suggestedQuantity: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'ReorderList' });

const levels = z.object({ onHand: z.number().int(), reserved: z.number().int() });
export const ledgerCheckSchema = z
  .object({ products: z.number().int(), differences: z.array(z.object({ productId: z.uuid(), sku: z.string(), stored: levels, ledger: levels })) })
  .meta({ id: 'LedgerCheck' });
