/**
 * The public storefront: the catalog and the standard order form for customers,
 * without an account. Orders come in on the web channel; an Idempotency-Key is
 * required so a double click or a retried request never makes a second order.
 *
 * An anonymous caller learns nothing they did not send: the answer echoes their
 * own details and the order's number, status and totals, never a customer id or
 * a stored record (an e-mail that matches a customer becomes a suggestion for
 * staff). Keys are scoped per client address, so one visitor's key never finds
 * another's order; one address may place a limited number of orders an hour.
 */
import { z } from 'zod';
import { AppError } from '../shared/errors.ts';
import { canonicalJson, sha256 } from '../shared/hash.ts';
import { problems, type App, type AppContext } from '../http/types.ts';
import { cachedSettings, getSettings } from '../settings/settings.use-cases.ts';
import { listProducts } from '../catalog/catalog.use-cases.ts';
import { placeOrderInputSchema } from '../orders/order.ts';
import { placeOrder } from '../orders/place-order.ts';
import { refuseIncompleteOrder } from '../orders/refuse-incomplete-order.ts';
import type { OrderView } from '../orders/order-view.ts';
import type { OrderReactions } from '../orders/order-events.ts';
import { clientKey } from './client-key.ts';
import { admitStorefrontOrder, quantityProblems } from './storefront-limits.ts';
import type { typedCustomer} from './storefront.schemas.ts';
import { publicProduct, publicLineSchema, publicOrderSchema } from './storefront.schemas.ts';

/** A customer on the storefront gives their own contact details; they cannot name an existing customer by id. */
export const publicOrderInputSchema = placeOrderInputSchema.omit({ channel: true }).extend({
  customer: z.strictObject({
    name: z.string({ error: 'Enter your name' }).trim().min(1, 'Enter your name').max(200),
    email: z.email({ error: (iss) => (iss.input === undefined ? 'Enter your e-mail address, so we can confirm the order' : 'Enter a valid e-mail address') }).max(254),
    phone: z.string().trim().min(3, 'Enter a phone number').max(40).optional(),
    company: z.string().trim().max(200).optional(),
  }),
});

type PublicOrder = z.infer<typeof publicOrderSchema>;

/** Picks, never spreads: a field added to the staff view does not reach the public by accident. */
function toPublicOrder(o: OrderView, customer: z.infer<typeof typedCustomer>): PublicOrder {
  return {
    number: o.number,
    status: o.status,
    channel: o.channel,
    customer: { name: customer.name, email: customer.email, ...(customer.phone ? { phone: customer.phone } : {}), ...(customer.company ? { company: customer.company } : {}) },
    delivery: o.delivery,
    notes: o.notes,
    currency: o.currency,
    // The picked schema keeps exactly its own keys (zod objects drop the rest).
    lines: o.lines.map((l) => publicLineSchema.parse(l)),
    totals: o.totals,
    expectedCompletionDate: o.expectedCompletionDate,
    placedAt: o.placedAt,
  };
}

export function storefrontRoutes(app: App, ctx: AppContext, reactions: OrderReactions): void {
  const { db } = ctx.database;
  const rateLimit = { max: ctx.config.publicRateLimit, timeWindow: '1 minute' };
  const readRateLimit = { max: ctx.config.publicReadRateLimit, timeWindow: '1 minute' };

  app.get(
    '/api/v1/public/catalog',
    {
      config: { public: true, rateLimit: readRateLimit },
      schema: {
        tags: ['storefront'],
        summary: 'The storefront: business details and the products on sale, with their order forms',
        response: {
          200: z.object({
            business: z.object({ name: z.string(), contactEmail: z.string(), contactPhone: z.string(), address: z.string(), currency: z.string(), defaultLanguage: z.string() }),
            deliveryFeesMinor: z.record(z.string(), z.number().int()),
            deliveryTaxRateBp: z.number().int().describe('Tax on the delivery fee, in basis points (the shop adds it to its estimated total)'),
            products: z.array(publicProduct),
          }),
          ...problems(429),
        },
      },
    },
    async () => {
      const s = await getSettings(db);
      const products = await listProducts(db, { active: true, limit: 200 });
      return {
        business: { name: s.businessName, contactEmail: s.contactEmail, contactPhone: s.contactPhone, address: s.address, currency: s.currency, defaultLanguage: s.defaultLanguage },
        deliveryFeesMinor: s.deliveryFeesMinor,
        deliveryTaxRateBp: s.deliveryTaxRateBp,
        products: products.map((p) => {
          const available = p.stock?.available ?? null;
          const availability =
            p.fulfilmentMode !== 'stock' ? ('made_to_order' as const)
            : (available ?? 0) > 5 ? ('in_stock' as const)
            : (available ?? 0) > 0 ? ('low_stock' as const)
            : p.allowBackorder ? ('backorder' as const)
            : ('out_of_stock' as const);
          return { id: p.id, sku: p.sku, name: p.name, description: p.description, priceMinor: p.priceMinor, currency: p.currency, taxRateBp: p.taxRateBp, leadTimeDays: p.leadTimeDays, formFields: p.formFields, availability, available };
        }),
      };
    },
  );

  app.post(
    '/api/v1/public/orders',
    {
      config: { public: true, rateLimit },
      attachValidation: true,
      schema: {
        tags: ['storefront'],
        summary: 'A customer places an order through the standard order form',
        description:
          'Requires an Idempotency-Key header (one per form): the same key and body from the same client address return the same order; the same key with another body is refused (422). Keys are scoped per client address. The answer echoes the details you sent, never a stored customer record. Quantities and orders per address per hour are limited (422 too_many, 429).',
        headers: z.object({ 'idempotency-key': z.string().min(8).max(200) }),
        body: publicOrderInputSchema,
        response: { 201: publicOrderSchema, ...problems(409, 422, 429) },
      },
    },
    async (req, reply) => {
      const key = req.headers['idempotency-key'];
      const keyProblems = typeof key === 'string' && key.length >= 8 && key.length <= 200 ? [] : [{ pointer: '/idempotency-key', code: 'required', message: 'Send an Idempotency-Key header (8–200 characters), one per form', location: 'header' }];
      const limits = (await cachedSettings(db)).storefront;
      const tooMany = quantityProblems((req.body as { lines?: unknown } | undefined)?.lines, limits);
      await refuseIncompleteOrder(db, req, publicOrderInputSchema.transform((b) => ({ ...b, channel: 'web' as const })), [...tooMany, ...keyProblems]);
      if (!key) throw new AppError('validation_failed', 'Send an Idempotency-Key header', keyProblems);
      const input = { ...req.body, channel: 'web' as const };
      const client = clientKey(req.ip);
      const { order, replayed } = await placeOrder(
        db,
        reactions,
        input,
        { kind: 'system', name: 'storefront' },
        { scope: `storefront:${client}`, key, requestHash: sha256(canonicalJson(input)) },
        { customerMatch: 'suggest', inTransaction: admitStorefrontOrder(client, limits) },
      );
      if (replayed) void reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(toPublicOrder(order, req.body.customer));
    },
  );
}
