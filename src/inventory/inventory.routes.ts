/** HTTP for stock: counting in and out, and the movement history. */
import { z } from 'zod';
import { actorOf } from '../http/actor.ts';
import { problems, idOrSkuParam, type App, type AppContext } from '../http/types.ts';
import { getProduct } from '../catalog/catalog.use-cases.ts';
import { adjustStock, stockMovementsOf } from './stock.ts';
import { stockSchema } from './inventory.schemas.ts';

export function inventoryRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx.database;

  app.post(
    '/api/v1/products/:id/stock-adjustments',
    {
      config: { permission: 'stock.adjust' },
      schema: {
        tags: ['inventory'],
        summary: 'Count stock in or out (delta), or set the counted on-hand quantity',
        params: idOrSkuParam,
        body: z.union([
          z.strictObject({ delta: z.number().int().min(-10_000_000).max(10_000_000).refine((n) => n !== 0, 'A change of 0 changes nothing'), reason: z.string().trim().min(1).max(500) }),
          z.strictObject({ onHand: z.number().int().min(0).max(10_000_000), reason: z.string().trim().min(1).max(500) }),
        ]),
        response: { 200: stockSchema, ...problems(404, 422) },
      },
    },
    async (req) => {
      const product = await getProduct(db, req.params.id);
      const { reason, ...change } = req.body;
      return adjustStock(db, product.id, change, reason, actorOf(req));
    },
  );

  app.get(
    '/api/v1/products/:id/stock-movements',
    {
      config: { permission: 'catalog.read' },
      schema: {
        tags: ['inventory'],
        summary: 'Stock movements of a product, newest first',
        params: idOrSkuParam,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({ id: z.number().int(), kind: z.string(), quantity: z.number().int(), orderId: z.string().nullable(), reason: z.string().nullable(), at: z.date() }),
            ),
          }),
          ...problems(404, 422),
        },
      },
    },
    async (req) => {
      const product = await getProduct(db, req.params.id);
      return { items: await stockMovementsOf(db, product.id, req.query.limit) };
    },
  );
}
