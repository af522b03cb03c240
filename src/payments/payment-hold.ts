/**
 * Payments' guard on the order lifecycle: a confirmed order whose payment method
 * holds it until paid (card and bank transfer by default) is not released to
 * fulfilment (start_fulfilment, ship) before the money is in. Registered by the
 * composition root; the order page leaves those commands out while it holds.
 */
import { cachedSettings, getSettings } from '../settings/settings.use-cases.ts';
import type { OrderGuard } from '../orders/order-events.ts';
import { RELEASES_TO_FULFILMENT, type Command } from '../orders/lifecycle.ts';
import { paymentHolds } from './payment-terms.ts';

export const paymentHoldGuard: OrderGuard<Command> = {
  name: 'payments: held until paid',
  from: ['confirmed'],
  commands: RELEASES_TO_FULFILMENT,
  async refuse(conn, order, fresh) {
    const settings = fresh ? await getSettings(conn) : await cachedSettings(conn);
    if (!(await paymentHolds(conn, order, settings))) return undefined;
    return { code: 'payment_outstanding', message: 'This order is held until it is paid; record the payment first' };
  },
};
