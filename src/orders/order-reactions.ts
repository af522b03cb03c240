/**
 * The registry behind `OrderReactions`: reactions are called in the order they
 * were registered, inside the caller's transaction; guards are asked only about
 * the states and commands they name. Orders' own guard (the verification policy)
 * is always there; the composition root adds the rest.
 */
import type { Conn } from '../shared/db.ts';
import type { GuardRefusal, OrderConcerns, OrderEvent, OrderEventOf, OrderEventType, OrderGuard, OrderReaction, OrderReactions } from './order-events.ts';
import type { OrderRow } from './orders.repository.ts';
import type { Command } from './lifecycle.ts';
import { verificationGuard } from './verification-guard.ts';

export type OrderReactionRegistry = OrderReactions & {
  on<T extends OrderEventType>(type: T, name: string, reaction: OrderReaction<T>): OrderReactionRegistry;
  guard(guard: OrderGuard<Command>): OrderReactionRegistry;
  concern(name: string, source: OrderConcerns): OrderReactionRegistry;
  /** What is registered, for docs and tests: event type → reaction names, and guard names. */
  describe(): { reactions: Record<string, string[]>; guards: string[]; concerns: string[] };
};

/** Is this guard about this move? Pure. */
export const guardApplies = (g: Pick<OrderGuard, 'from' | 'commands'>, status: OrderRow['status'], command: string): boolean =>
  g.from.includes(status) && g.commands.includes(command);

export function createOrderReactions(): OrderReactionRegistry {
  const reactions = new Map<OrderEventType, { name: string; run: (e: OrderEvent, tx: Conn) => Promise<void> }[]>();
  const guards: OrderGuard<Command>[] = [verificationGuard];
  const concerns: { name: string; source: OrderConcerns }[] = [];
  const registry: OrderReactionRegistry = {
    on(type, name, reaction) {
      const list = reactions.get(type) ?? [];
      list.push({ name, run: (e, tx) => reaction(e as OrderEventOf<typeof type>, tx) });
      reactions.set(type, list);
      return registry;
    },
    guard(g) {
      guards.push(g);
      return registry;
    },
    concern(name, source) {
      concerns.push({ name, source });
      return registry;
    },
    async concerns(conn, orderIds, today) {
      const out = new Map<string, string>();
      if (!orderIds.length) return out;
      for (const c of concerns) for (const [id, text] of await c.source(conn, orderIds, today)) if (!out.has(id)) out.set(id, text);
      return out;
    },
    async emit(event, tx) {
      for (const r of reactions.get(event.type) ?? []) await r.run(event, tx);
    },
    async refusals(conn, order, commands, fresh = false) {
      const out = new Map<string, GuardRefusal>();
      for (const g of guards) {
        const about = commands.filter((c) => !out.has(c) && guardApplies(g, order.status, c));
        if (!about.length) continue;
        const refusal = await g.refuse(conn, order, fresh);
        if (refusal) for (const c of about) out.set(c, refusal);
      }
      return out;
    },
    describe() {
      return { reactions: Object.fromEntries([...reactions].map(([t, list]) => [t, list.map((r) => r.name)])), guards: guards.map((g) => g.name), concerns: concerns.map((c) => c.name) };
    },
  };
  return registry;
}
