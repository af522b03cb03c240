/** All SQL on shipments and their lines. */
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../shared/actor.ts';
import type { Conn } from '../shared/db.ts';
import { shipmentLines, shipments } from '../shared/schema.ts';

export type ShipmentRow = typeof shipments.$inferSelect;
export type ShipmentLineRow = typeof shipmentLines.$inferSelect;

export async function shipmentsOfOrder(conn: Conn, orderId: string): Promise<ShipmentRow[]> {
  return conn.select().from(shipments).where(eq(shipments.orderId, orderId)).orderBy(asc(shipments.number));
}

export async function linesOfShipments(conn: Conn, ids: readonly string[]): Promise<ShipmentLineRow[]> {
  if (!ids.length) return [];
  return conn.select().from(shipmentLines).where(inArray(shipmentLines.shipmentId, [...ids]));
}

/** Inserts a shipment numbered after the order's last one (the caller holds the order's row lock) and its lines. */
export async function insertShipment(tx: Conn, row: Omit<typeof shipments.$inferInsert, 'number'>, lines: readonly { orderLineId: string; quantity: number }[]): Promise<ShipmentRow> {
  const [created] = await tx
    .insert(shipments)
    .values({ ...row, number: sql`(select coalesce(max(${shipments.number}), 0) + 1 from ${shipments} where ${shipments.orderId} = ${row.orderId})` })
    .returning();
  if (!created) throw new Error('insert returned no row');
  const rows = lines.filter((l) => l.quantity > 0).map((l) => ({ shipmentId: created.id, orderLineId: l.orderLineId, quantity: l.quantity }));
  if (rows.length) await tx.insert(shipmentLines).values(rows);
  return created;
}

export async function markDelivered(tx: Conn, id: string, deliveredOn: string, actor: Actor): Promise<ShipmentRow | undefined> {
  const [row] = await tx
    .update(shipments)
    .set({ deliveredOn, deliveredBy: actor })
    .where(sql`${shipments.id} = ${id} and ${shipments.deliveredOn} is null`)
    .returning();
  return row;
}
