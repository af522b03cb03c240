/**
 * Finding delays before the customer does. An open order is at risk when
 *   - overdue: its expected completion date has passed and it has not shipped;
 *   - back-ordered: it is due within `withinDays` days (settings.notifications.atRiskWithinDays,
 *     2 by default) and goods on it are still back-ordered;
 *   - work items: due within `withinDays` while a work item is overdue or blocked — what
 *     fulfilment says through the concerns contributed to the order reactions port
 *     (`reactions.concerns`, registered in app/order-reactions.ts).
 * Sorted by urgency: the most overdue first, then the nearest date.
 *
 * Detection runs on demand (GET /api/v1/orders/at-risk) and as a scheduled scan
 * (at-risk.worker.ts) that puts each newly at-risk order on its timeline once per
 * expected date (order_risk_flags).
 */
import { systemActor } from '../shared/actor.ts';
import type { OrderReactions } from './order-events.ts';
import type { Conn, Db } from '../shared/db.ts';
import { getSettings } from '../settings/settings.use-cases.ts';
import { DELAYABLE } from './record-delay.ts';
import { appendEvent } from './orders.repository.ts';
import { findOpenOrdersDueBefore, insertRiskFlag, type RiskCandidate } from './at-risk.repository.ts';

export const AT_RISK_REASONS = ['overdue', 'backordered', 'work_items'] as const;
export type AtRiskReason = (typeof AT_RISK_REASONS)[number];

export type AtRiskOrder = Omit<RiskCandidate, 'backordered'> & {
  reason: AtRiskReason;
  detail: string;
  /** Days past the expected date (negative: days left). */
  daysLate: number;
};

const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const addDays = (iso: string, n: number) => new Date((dayNumber(iso) + n) * DAY_MS).toISOString().slice(0, 10);

const MAX = 500;

export async function findAtRiskOrders(conn: Conn, reactions: Pick<OrderReactions, 'concerns'>, today: string, withinDays?: number): Promise<AtRiskOrder[]> {
  const days = withinDays ?? (await getSettings(conn)).notifications.atRiskWithinDays;
  const candidates = await findOpenOrdersDueBefore(conn, [...DELAYABLE], addDays(today, days + 1), MAX);
  const soon = candidates.filter((c) => c.expectedCompletionDate >= today);
  const work = await reactions.concerns(
    conn,
    soon.map((c) => c.id),
    today,
  );
  const out: AtRiskOrder[] = [];
  for (const { backordered, ...c } of candidates) {
    const daysLate = dayNumber(today) - dayNumber(c.expectedCompletionDate);
    if (daysLate > 0) out.push({ ...c, reason: 'overdue', detail: `${daysLate} day${daysLate === 1 ? '' : 's'} past the expected date and not shipped`, daysLate });
    else if (work.has(c.id)) out.push({ ...c, reason: 'work_items', detail: work.get(c.id) ?? 'A work item is overdue or blocked', daysLate });
    else if (backordered) out.push({ ...c, reason: 'backordered', detail: `Due ${daysLate === 0 ? 'today' : `in ${-daysLate} day${daysLate === -1 ? '' : 's'}`} with goods still back-ordered`, daysLate });
  }
  return out.sort((a, b) => b.daysLate - a.daysLate || (a.number ?? '').localeCompare(b.number ?? ''));
}

/**
 * The scheduled scan: every order at risk now that was not already recorded for its current
 * expected date goes on its timeline ("at_risk", with the reason). Safe to run in several
 * processes at once and again after a crash: the flag is inserted once (primary key).
 */
export async function recordNewlyAtRisk(db: Db, reactions: Pick<OrderReactions, 'concerns'>, today: string): Promise<{ recorded: string[] }> {
  return db.transaction(async (tx) => {
    const recorded: string[] = [];
    for (const o of await findAtRiskOrders(tx, reactions, today)) {
      if (!(await insertRiskFlag(tx, { orderId: o.id, expectedDate: o.expectedCompletionDate, reason: o.reason }))) continue;
      await appendEvent(tx, { orderId: o.id, type: 'at_risk', actor: systemActor('at-risk scan'), data: { reason: o.reason, detail: o.detail, expectedDate: o.expectedCompletionDate } });
      recorded.push(o.number ?? o.id);
    }
    return { recorded };
  });
}
