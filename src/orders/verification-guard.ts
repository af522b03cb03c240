/** Orders' own guard: the business's verification policy holds a placed order back from confirmation until it is verified. */
import { cachedSettings, getSettings } from '../settings/settings.use-cases.ts';
import type { OrderGuard } from './order-events.ts';
import type { Command } from './lifecycle.ts';
import { verificationRequired } from './verification.ts';

export const verificationGuard: OrderGuard<Command> = {
  name: 'orders: verification policy',
  from: ['placed'],
  commands: ['confirm'],
  async refuse(conn, order, fresh) {
    const settings = fresh ? await getSettings(conn) : await cachedSettings(conn);
    if (!verificationRequired(settings.verification, order)) return undefined;
    return { code: 'verification_required', message: 'This order must be verified (by staff or by the customer) before it is confirmed' };
  },
};
