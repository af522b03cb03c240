/** All SQL on webhook endpoints, deliveries and attempts. */
import { and, asc, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { Conn } from '../shared/db.ts';
import { runBuiltOnce } from '../shared/sql.ts';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '../shared/schema.ts';

export type EndpointRow = typeof webhookEndpoints.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AttemptRow = typeof webhookAttempts.$inferSelect;

export async function insertEndpoint(conn: Conn, row: typeof webhookEndpoints.$inferInsert): Promise<EndpointRow> {
  const [created] = await conn.insert(webhookEndpoints).values(row).returning();
  if (!created) throw new Error('insert returned no row');
  return created;
}

export const listEndpoints = (conn: Conn): Promise<EndpointRow[]> => conn.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id));

export async function findEndpoint(conn: Conn, id: string): Promise<EndpointRow | undefined> {
  const [row] = await conn.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  return row;
}

/** The active endpoints subscribed to an event. */
export const endpointsFor = (conn: Conn, event: string): Promise<EndpointRow[]> =>
  runBuiltOnce(
    conn,
    'webhooks.endpointsFor',
    () =>
      conn
        .select()
        .from(webhookEndpoints)
        .where(and(eq(webhookEndpoints.active, true), sql`${webhookEndpoints.events} @> ${sql.placeholder('events')}::jsonb`))
        .orderBy(asc(webhookEndpoints.createdAt)),
    { events: JSON.stringify([event]) },
  );

export async function updateEndpoint(conn: Conn, id: string, patch: Partial<Pick<EndpointRow, 'url' | 'description' | 'events' | 'active'>>): Promise<EndpointRow | undefined> {
  const [row] = await conn
    .update(webhookEndpoints)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(webhookEndpoints.id, id))
    .returning();
  return row;
}

export async function deleteEndpoint(conn: Conn, id: string): Promise<boolean> {
  const r = await conn.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).returning({ id: webhookEndpoints.id });
  return r.length === 1;
}

export async function insertDelivery(conn: Conn, row: typeof webhookDeliveries.$inferInsert): Promise<DeliveryRow> {
  const [created] = await conn.insert(webhookDeliveries).values(row).returning();
  if (!created) throw new Error('insert returned no row');
  return created;
}

export async function findDelivery(conn: Conn, id: string): Promise<DeliveryRow | undefined> {
  const [row] = await conn.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  return row;
}

/** Newest first, optionally for one endpoint; `before` is the last row of the previous page. */
export function listDeliveries(conn: Conn, f: { endpointId?: string | undefined; partyId?: string | undefined; before?: { createdAt: Date; id: string } | undefined; limit: number }): Promise<DeliveryRow[]> {
  const conds = [];
  if (f.endpointId) conds.push(eq(webhookDeliveries.endpointId, f.endpointId));
  if (f.partyId) conds.push(eq(webhookDeliveries.partyId, f.partyId));
  if (f.before) conds.push(or(lt(webhookDeliveries.createdAt, f.before.createdAt), and(eq(webhookDeliveries.createdAt, f.before.createdAt), lt(webhookDeliveries.id, f.before.id))));
  return conn
    .select()
    .from(webhookDeliveries)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(f.limit);
}

export async function updateDelivery(conn: Conn, id: string, patch: Partial<Pick<DeliveryRow, 'status' | 'attempts' | 'lastStatusCode' | 'lastError' | 'deliveredAt'>>): Promise<void> {
  await conn
    .update(webhookDeliveries)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(webhookDeliveries.id, id));
}

export async function insertAttempt(conn: Conn, row: typeof webhookAttempts.$inferInsert): Promise<void> {
  await conn.insert(webhookAttempts).values(row);
}

export const attemptsOf = (conn: Conn, deliveryId: string): Promise<AttemptRow[]> => conn.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, deliveryId)).orderBy(asc(webhookAttempts.id));
