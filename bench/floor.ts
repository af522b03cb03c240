/**
 * The "HTTP floor": the bare-SQL ceiling's transaction (ceiling.ts) behind the
 * smallest HTTP server — Fastify with one route, its default JSON body parser,
 * a pg pool of the app's size, no authentication, no validation, no app code.
 * The load client posts the order plan itself and the route runs the ceiling's
 * statements. Measured with the same load client as the app's HTTP cell, it
 * shows what part of the ceiling any HTTP placement can reach on this machine:
 * the app's HTTP cell can only be compared fairly with this, and the floor with
 * the ceiling.
 */
import Fastify from 'fastify';
import pg from 'pg';
import { ceilingOrder, OutOfStock } from './ceiling.ts';
import type { OrderPlan } from './workload.ts';

export const FLOOR_PATH = '/floor/orders';

export async function startFloorServer(databaseUrl: string, poolSize: number): Promise<{ url: string; close(): Promise<void> }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  const app = Fastify({ logger: false });
  app.post(FLOOR_PATH, async (req, reply) => {
    try {
      await ceilingOrder(pool, req.body as OrderPlan);
      return await reply.code(201).send({ ok: true });
    } catch (e) {
      if (e instanceof OutOfStock) return reply.code(409).send({ code: 'out_of_stock' });
      throw e;
    }
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('floor server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await app.close();
      await pool.end();
    },
  };
}
