/** All SQL on webhook endpoints, deliveries and attempts. */
import { and, asc, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { Conn } from '../shared/db.ts';
import type { Actor } from '../shared/actor.ts';
import { runBuiltOnce } from '../shared/sql.ts';
import { keptReads } from '../shared/kept-reads.ts';
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

/**
 * How long a process may answer "which endpoints are active" from what it read last. A change
 * made in this process is seen at once (forgetActiveEndpoints); one made in another process
 * within this long — the same rule as a revoked API token. Without it every order event read
 * the endpoint table once more (one statement in each placement's transaction).
 */
export const ENDPOINTS_FRESH_MS = 1_000;
const activeEndpoints = keptReads<'active', EndpointRow[]>(ENDPOINTS_FRESH_MS);

/** Forgets the kept active endpoints (after a change to them in this process). */
export const forgetActiveEndpoints = (): void => activeEndpoints.forget();

const readActiveEndpoints = (conn: Conn): Promise<EndpointRow[]> =>
  runBuiltOnce(conn, 'webhooks.activeEndpoints', () => conn.select().from(webhookEndpoints).where(eq(webhookEndpoints.active, true)).orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id)), {});

/** The active endpoints subscribed to an event (see ENDPOINTS_FRESH_MS). */
export async function endpointsFor(conn: Conn, event: string, now = Date.now()): Promise<EndpointRow[]> {
  const rows = await activeEndpoints.get('active', () => readActiveEndpoints(conn), now);
  return rows.filter((e) => e.events.includes(event));
}

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

/**
 * A delivery to an endpoint taken from the cached list (endpointsFor): written only if the
 * endpoint still exists and is active now, so an endpoint another process deleted or disabled
 * a moment ago gets nothing (and the event's transaction no foreign-key error).
 */
export async function insertDeliveryIfActive(conn: Conn, row: { endpointId: string; event: string; orderId: string; body: string; requestedBy: Actor }): Promise<DeliveryRow | undefined> {
  const [created] = await runBuiltOnce(
    conn,
    'webhooks.insertDeliveryIfActive',
    () =>
      conn
        .insert(webhookDeliveries)
        .select(
          conn
            .select({
              id: sql`gen_random_uuid()`.as('id'),
              endpointId: webhookEndpoints.id,
              partyId: sql`null::uuid`.as('party_id'),
              event: sql`${sql.placeholder('event')}::text`.as('event'),
              orderId: sql`${sql.placeholder('orderId')}::uuid`.as('order_id'),
              body: sql`${sql.placeholder('body')}::text`.as('body'),
              status: sql`'pending'`.as('status'),
              attempts: sql`0`.as('attempts'),
              lastStatusCode: sql`null::int`.as('last_status_code'),
              lastError: sql`null::text`.as('last_error'),
              replayOf: sql`null::uuid`.as('replay_of'),
              requestedBy: sql`${sql.placeholder('requestedBy')}::jsonb`.as('requested_by'),
              deliveredAt: sql`null::timestamptz`.as('delivered_at'),
              createdAt: sql`now()`.as('created_at'),
              updatedAt: sql`now()`.as('updated_at'),
            })
            .from(webhookEndpoints)
            .where(and(eq(webhookEndpoints.id, sql.placeholder('endpointId')), eq(webhookEndpoints.active, true))),
        )
        .returning(),
    { endpointId: row.endpointId, event: row.event, orderId: row.orderId, body: row.body, requestedBy: JSON.stringify(row.requestedBy) },
  );
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
