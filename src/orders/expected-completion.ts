/**
 * The expected completion date of an order, in the business's working days. Pure.
 *
 * Each line needs some working days from the day the order is taken:
 * - stocked and in stock: the dispatch time (settings; 1 working day by default);
 * - back-ordered units of a stocked product, third-party and made-to-order lines:
 *   the product's lead time, else (when the product has none) its supplier's or
 *   manufacturer's default lead time, plus the dispatch time.
 * The order is expected complete when its slowest line is: that many working days
 * after the day it is taken (a non-working day counts from the next working day).
 * A later delivery date the customer asked for wins.
 */
import { addWorkingDays, type WorkingCalendar } from '../settings/working-calendar.ts';

export type CompletionLine = {
  mode: 'stock' | 'made_to_order' | 'third_party';
  /** Units of a stocked line that are not in stock (back-ordered); 0 for other modes. */
  backordered: number;
  productLeadTimeDays: number;
  /** The default lead time of the product's supplier or manufacturer; null when it names none. */
  partyLeadTimeDays: number | null;
};

/** Working days one line needs, and why. */
export function lineWorkingDays(cal: WorkingCalendar, l: CompletionLine): { days: number; basis: 'in_stock' | 'product_lead_time' | 'party_lead_time' | 'no_lead_time' } {
  if (l.mode === 'stock' && l.backordered <= 0) return { days: cal.dispatchDays, basis: 'in_stock' };
  if (l.productLeadTimeDays > 0) return { days: l.productLeadTimeDays + cal.dispatchDays, basis: 'product_lead_time' };
  if (l.partyLeadTimeDays !== null && l.partyLeadTimeDays > 0) return { days: l.partyLeadTimeDays + cal.dispatchDays, basis: 'party_lead_time' };
  return { days: cal.dispatchDays, basis: 'no_lead_time' };
}

export function expectedCompletionDate(cal: WorkingCalendar, today: string, lines: readonly CompletionLine[], requestedDate?: string): string {
  const days = Math.max(0, ...lines.map((l) => lineWorkingDays(cal, l).days));
  const computed = addWorkingDays(cal, today, days);
  return requestedDate && requestedDate > computed ? requestedDate : computed;
}
