/** Reading the delivery log: a page of deliveries, one delivery with its attempts. */
import type { Conn } from '../shared/db.ts';
import { notFound } from '../shared/errors.ts';
import { attemptsOf, findDelivery, listDeliveries, type AttemptRow, type DeliveryRow } from './webhooks.repository.ts';

export function deliveryLog(conn: Conn, f: { endpointId?: string | undefined; partyId?: string | undefined; before?: { createdAt: Date; id: string } | undefined; limit: number }): Promise<DeliveryRow[]> {
  return listDeliveries(conn, f);
}

export async function deliveryWithAttempts(conn: Conn, id: string): Promise<{ delivery: DeliveryRow; attempts: AttemptRow[] }> {
  const delivery = await findDelivery(conn, id);
  if (!delivery) throw notFound('Webhook delivery');
  return { delivery, attempts: await attemptsOf(conn, id) };
}
