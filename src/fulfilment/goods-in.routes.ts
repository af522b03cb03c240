/** HTTP for goods in: receipts (which fill back-orders), low-stock thresholds and the reorder list. */
import { z } from 'zod';
import { actorOf } from '../http/actor.ts';
import { idOrSkuParam, problems, type App, type AppContext } from '../http/types.ts';
import { getProduct } from '../catalog/catalog.use-cases.ts';
import { changeReorderLevel, checkLedger, receiptsOf, reorderList } from '../inventory/stock.ts';
import { HOLDS_RESERVATION } from '../orders/lifecycle.ts';
import { receiveGoods } from './receive-goods.ts';
import { openPurchaseOrders } from './work-queues.ts';
import { workItemSchema } from './work-items.schemas.ts';
import { ledgerCheckSchema, receiptBody, receiptSchema, receivedSchema, reorderLevelBody, reorderListSchema, stockLevelSchema } from './fulfilment.schemas.ts';

export function goodsInRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx.database;

  app.post(
    '/api/v1/goods-receipts',
    {
      config: { permission: 'stock.adjust' },
      schema: {
        tags: ['inventory'],
        summary: 'Receive goods: stock goes up and waiting back-orders are filled, oldest order first',
        description: 'In one transaction: the receipt, the stock movement, and the back-ordered units that become reserved (each filled order gets a timeline entry).',
        body: receiptBody,
        response: { 201: receivedSchema, ...problems(404, 422) },
      },
    },
    async (req, reply) => {
      const product = await getProduct(db, req.body.product);
      const { product: _p, ...rest } = req.body;
      const { receipt, filled, stock, closedWorkItemIds } = await receiveGoods(db, { ...rest, productId: product.id }, actorOf(req));
      return reply.status(201).send({ receipt: { ...receipt, purchaseOrderId: receipt.workItemId, sku: product.sku, name: product.name }, filled, stock, closedWorkItemIds });
    },
  );

  app.get(
    '/api/v1/goods-receipts',
    {
      config: { permission: 'catalog.read' },
      schema: {
        tags: ['inventory'],
        summary: 'Goods received, newest first',
        querystring: z.strictObject({ product: z.string().trim().min(1).max(100).optional().describe('Product id or SKU'), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ items: z.array(receiptSchema) }), ...problems(404, 422) },
      },
    },
    async (req) => {
      const productId = req.query.product ? (await getProduct(db, req.query.product)).id : undefined;
      const found = await receiptsOf(db, productId, req.query.limit);
      return { items: found.map((r) => ({ ...r.receipt, purchaseOrderId: r.receipt.workItemId, sku: r.sku, name: r.name })) };
    },
  );

  app.get(
    '/api/v1/open-purchase-orders',
    {
      config: { permission: 'stock.adjust' },
      schema: {
        tags: ['inventory'],
        summary: 'Open purchase and production orders to receive goods against, earliest due first, with what each line has received',
        querystring: z.strictObject({
          product: z.string().trim().min(1).max(100).optional().describe('Product id or SKU: only orders with this product on a line'),
          partyId: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(workItemSchema) }), ...problems(404, 422) },
      },
    },
    async (req) => {
      const productId = req.query.product ? (await getProduct(db, req.query.product)).id : undefined;
      return { items: await openPurchaseOrders(db, { productId, partyId: req.query.partyId, limit: req.query.limit }, req.identity?.role ?? null) };
    },
  );

  app.put(
    '/api/v1/products/:id/reorder-level',
    {
      config: { permission: 'stock.adjust' },
      schema: {
        tags: ['inventory'],
        summary: "Set a product's low-stock threshold (null: not watched)",
        params: idOrSkuParam,
        body: reorderLevelBody,
        response: { 200: stockLevelSchema, ...problems(404, 422) },
      },
    },
    async (req) => changeReorderLevel(db, (await getProduct(db, req.params.id)).id, req.body.reorderLevel),
  );

  app.get(
    '/api/v1/inventory/reorder-list',
    {
      config: { permission: 'catalog.read' },
      schema: {
        tags: ['inventory'],
        summary: 'What to order: products at or below their low-stock threshold, or with units back-ordered for open orders',
        response: { 200: reorderListSchema },
      },
    },
    async () => ({ items: await reorderList(db, [...HOLDS_RESERVATION]) }),
  );

  app.get(
    '/api/v1/inventory/ledger-check',
    {
      config: { permission: 'stock.adjust' },
      schema: {
        tags: ['inventory'],
        summary: 'Recompute every stock level from the append-only movements and list where the stored levels differ',
        description: 'Read-only; `npm run orderly -- stock rebuild` sets the stored levels to the ledger.',
        response: { 200: ledgerCheckSchema },
      },
    },
    async () => {
      const { products, differences } = await checkLedger(db, false);
      return { products, differences };
    },
  );
}
