/** The API's description of orders (response shapes). */
import { z } from 'zod';
import { actorSchema } from '../http/types.ts';
import { ORDER_STATUSES, CHANNELS } from './order-vocabulary.ts';
import { LANGUAGES } from '../notifications/i18n.ts';
import { DELIVERY_METHODS } from '../settings/settings.ts';
import { COMMANDS } from './lifecycle.ts';
import { AT_RISK_REASONS } from './at-risk.ts';
import { PERMISSIONS, type Permission } from '../auth/permissions.ts';

const PERMISSION_NAMES = Object.keys(PERMISSIONS) as [Permission, ...Permission[]];

/** Who the order is for, as it was when placed (a known customer's details are copied onto the order). */
export const orderCustomerSchema = z
  .object({
    id: z.uuid().nullable().optional().describe('The customer record it is filed under (none for a one-off or an unconfirmed shop customer)'),
    name: z.string(),
    email: z.string().nullable().optional(),
    phone: z.string().nullable().optional(),
    company: z.string().nullable().optional(),
  })
  .meta({ id: 'OrderCustomer' });

export const orderAddressSchema = z
  .object({ name: z.string().optional(), line1: z.string(), line2: z.string().optional(), city: z.string(), region: z.string().optional(), postalCode: z.string().optional(), country: z.string() })
  .meta({ id: 'OrderAddress' });

/** How and where the order goes. */
export const orderDeliverySchema = z
  .object({ method: z.enum(DELIVERY_METHODS), address: orderAddressSchema.optional(), requestedDate: z.string().optional(), instructions: z.string().optional() })
  .meta({ id: 'OrderDelivery' });

export type OrderCustomerView = z.output<typeof orderCustomerSchema>;
export type OrderDeliveryView = z.output<typeof orderDeliverySchema>;

const fieldProblem = z.object({ pointer: z.string(), code: z.string(), message: z.string() });

export const orderLineSchema = z.object({
  id: z.uuid(),
  position: z.number().int(),
  productId: z.uuid(),
  sku: z.string(),
  name: z.string(),
  fulfilmentMode: z.enum(['stock', 'made_to_order', 'third_party']),
  quantity: z.number().int(),
  unitPriceMinor: z.number().int(),
  optionsPriceMinor: z.number().int(),
  taxRateBp: z.number().int(),
  subtotalMinor: z.number().int(),
  taxMinor: z.number().int(),
  totalMinor: z.number().int(),
  answers: z.record(z.string(), z.object({ key: z.string(), label: z.string(), value: z.unknown(), display: z.string(), priceDeltaMinor: z.number().int() })),
  reservedQty: z.number().int(),
  backorderedQty: z.number().int(),
});

/** A money field that a reader without prices.read does not get (docs/security.md). */
const price = () => z.number().int().optional().describe('Absent when the reader lacks prices.read');

/** A line as staff read it: the prices only for a reader with prices.read. */
const staffOrderLineSchema = orderLineSchema.extend({
  unitPriceMinor: price(),
  optionsPriceMinor: price(),
  subtotalMinor: price(),
  taxMinor: price(),
  totalMinor: price(),
  answers: z.record(z.string(), z.object({ key: z.string(), label: z.string(), value: z.unknown(), display: z.string(), priceDeltaMinor: price() })),
});

/** An order's totals as stored when it was placed (minor units). */
export const orderTotalsSchema = z.object({
  linesTotalMinor: z.number().int(),
  optionsTotalMinor: z.number().int(),
  taxTotalMinor: z.number().int(),
  deliveryFeeMinor: z.number().int(),
  grandTotalMinor: z.number().int(),
});

export const orderSchema = z
  .object({
    id: z.uuid(),
    number: z.string().nullable(),
    status: z.enum(ORDER_STATUSES),
    heldFrom: z.enum(ORDER_STATUSES).nullable(),
    version: z.number().int(),
    channel: z.enum(CHANNELS),
    customer: orderCustomerSchema.nullable(),
    suggestedCustomerId: z
      .uuid()
      .nullable()
      .describe('A storefront order whose e-mail matches this existing customer: staff confirm the match (the order is filed under them) or dismiss it'),
    delivery: orderDeliverySchema.nullable(),
    notes: z.string(),
    currency: z.string(),
    lines: z.array(staffOrderLineSchema),
    totals: orderTotalsSchema.partial().describe('Empty when the reader lacks prices.read'),
    expectedCompletionDate: z.string().nullable(),
    language: z.enum(LANGUAGES).nullable().describe("The language the order was placed in (the shop page's, or given by staff); the customer's e-mails use it unless the linked customer has a language of their own"),
    draft: z.record(z.string(), z.unknown()).nullable().describe('What a draft holds so far (drafts only)'),
    missing: z.array(fieldProblem).nullable().describe('What a draft still needs before it can be submitted (drafts only)'),
    allowedCommands: z.array(z.enum(COMMANDS)),
    commands: z
      .array(z.object({ command: z.enum(COMMANDS), permission: z.enum(PERMISSION_NAMES), needsReason: z.boolean() }).meta({ id: 'OrderCommand' }))
      .describe('allowedCommands with the permission each needs and whether it needs a reason: show a command only to a user with its permission'),
    editable: z
      .object({ lines: z.boolean(), delivery: z.boolean(), notes: z.boolean() })
      .describe('What PATCH /api/v1/orders/{id} may change now: lines until the order is confirmed, delivery and notes until fulfilment starts'),
    createdBy: actorSchema,
    placedAt: z.date().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Order' });

export const orderSummarySchema = z
  .object({
    id: z.uuid(),
    number: z.string().nullable(),
    status: z.enum(ORDER_STATUSES),
    version: z.number().int(),
    channel: z.enum(CHANNELS),
    customerId: z.uuid().nullable(),
    customerName: z.string().nullable(),
    customerEmail: z.string().nullable(),
    currency: z.string(),
    grandTotalMinor: price(),
    expectedCompletionDate: z.string().nullable(),
    placedAt: z.date().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: 'OrderSummary' });

export const timelineEntrySchema = z
  .object({
    id: z.number().int(),
    type: z.string(),
    fromStatus: z.string().nullable(),
    toStatus: z.string().nullable(),
    actor: actorSchema,
    channel: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    at: z.date(),
  })
  .meta({ id: 'TimelineEntry' });

export const atRiskOrderSchema = z
  .object({
    id: z.uuid(),
    number: z.string().nullable(),
    customerName: z.string().nullable(),
    status: z.enum(ORDER_STATUSES),
    channel: z.string(),
    expectedCompletionDate: z.string(),
    reason: z.enum(AT_RISK_REASONS).describe('overdue: the date passed, not shipped; backordered: due soon with goods still back-ordered; work_items: due soon with a work item overdue or blocked'),
    detail: z.string(),
    daysLate: z.number().int().describe('Days past the expected date (negative: days left)'),
  })
  .meta({ id: 'AtRiskOrder' });
// The expected-date preview: what the order forms send and get back.
export const completionPreviewRequestSchema = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        productId: z.uuid().optional(),
        sku: z.string().trim().min(1).max(64).optional(),
        quantity: z.number().int().min(1).max(100_000),
      }),
    )
    .min(1, 'Add at least one line')
    .max(200),
  requestedDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-12-31')
    .optional(),
});

export const completionPreviewSchema = z
  .object({
    expectedCompletionDate: z.string().describe('The date the order would be expected complete if placed now (working days from the business calendar)'),
    lines: z.array(
      z.object({
        position: z.number().int(),
        sku: z.string(),
        name: z.string(),
        workingDays: z.number().int(),
        basis: z.enum(['in_stock', 'product_lead_time', 'party_lead_time', 'no_lead_time']),
      }),
    ),
  })
  .meta({ id: 'CompletionPreview' });
