/**
 * The "ceiling": the same writes as placing an order, as one bare SQL
 * transaction through `pg` — no HTTP, no validation, no app code. Named
 * (server-side prepared) statements, one round trip per statement (on PGlite
 * the same statements through PGlite's own API, `ceilingOrderPglite`):
 *
 *   BEGIN
 *   UPDATE stock_levels … WHERE on_hand - reserved >= qty   (each stocked line, in product-id order)
 *   INSERT stock_movements                                  (one statement, a row per stocked line)
 *   INSERT customers … ON CONFLICT DO NOTHING [+ SELECT]     (new or known-by-e-mail customer; none by id)
 *   INSERT orders (number from nextval)
 *   INSERT order_lines (both lines, one statement)
 *   INSERT order_events
 *   COMMIT
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { frozenAnswers, type OrderPlan } from './workload.ts';

const ACTOR = JSON.stringify({ kind: 'system', name: 'bench' });

const q = {
  reserve: `update stock_levels set reserved = reserved + $2, updated_at = now()
             where product_id = $1 and on_hand - reserved >= $2 returning on_hand - reserved as available`,
  movements: `insert into stock_movements (product_id, kind, quantity, order_id, actor)
               select p, 'reserve', qty, $3, $4::jsonb from unnest($1::uuid[], $2::int[]) as t(p, qty)`,
  customer: `insert into customers (name, email, email_normalized, phone, search_text) values ($1, $2, $3, $4, $5)
              on conflict (email_normalized) do nothing returning id`,
  customerByEmail: `select id from customers where email_normalized = $1`,
  order: `insert into orders (id, number, status, channel, customer_id, customer_name, customer_email, customer, delivery, notes, currency,
                              lines_total_minor, options_total_minor, tax_total_minor, delivery_fee_minor, grand_total_minor,
                              expected_completion_date, created_by, search_text, placed_at)
           select $1, n, 'placed', $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, 'EUR', $9, $10, $11, 0, $12, $13, $14::jsonb, lower(n || ' ' || $15), now()
             from (select 'SO-' || extract(year from now())::int || '-' || lpad(nextval('order_number_seq')::text, 6, '0') as n) s
           returning number`,
  lines: `insert into order_lines (order_id, position, product_id, sku, name, fulfilment_mode, quantity, unit_price_minor, options_price_minor,
                                   tax_rate_bp, subtotal_minor, tax_minor, total_minor, answers, reserved_qty, backordered_qty)
           select $1, t.* from jsonb_to_recordset($2::jsonb) as t(position int, product_id uuid, sku text, name text, fulfilment_mode text, quantity int,
                  unit_price_minor bigint, options_price_minor bigint, tax_rate_bp int, subtotal_minor bigint, tax_minor bigint, total_minor bigint,
                  answers jsonb, reserved_qty int, backordered_qty int)`,
  event: `insert into order_events (order_id, type, to_status, actor, channel, data) values ($1, 'placed', 'placed', $2::jsonb, $3, $4::jsonb)`,
};

export class OutOfStock extends Error {}

const taxOf = (net: number, bp: number) => Math.round((net * bp) / 10_000);

/** Runs one statement: its name (pg prepares it once per connection), text and values. */
type Run = <T>(name: string, text: string, values: unknown[]) => Promise<{ rows: T[]; rowCount: number }>;

/** Places one order with bare SQL on a client from the pool. */
export async function ceilingOrder(pool: pg.Pool, plan: OrderPlan): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    try {
      await ceilingWrites(async (name, text, values) => {
        const r = await client.query({ name, text, values });
        return { rows: r.rows, rowCount: r.rowCount ?? 0 };
      }, plan);
      await client.query('commit');
    } catch (e) {
      await client.query('rollback');
      throw e;
    }
  } finally {
    client.release();
  }
}

/**
 * The same transaction through PGlite's own API (no HTTP, no Drizzle, no app code), in the
 * process that holds the database: the raw-PGlite ceiling. PGlite runs one statement at a
 * time, so concurrent calls queue inside it as they do behind the app.
 */
export async function ceilingOrderPglite(db: PGlite, plan: OrderPlan): Promise<void> {
  await db.transaction(async (tx) => {
    await ceilingWrites(async (_name, text, values) => {
      const r = await tx.query(text, values);
      return { rows: r.rows as never[], rowCount: r.affectedRows ?? r.rows.length };
    }, plan);
  });
}

async function ceilingWrites(run: Run, plan: OrderPlan): Promise<void> {
      const orderId = randomUUID();
      const stocked = plan.lines.filter((l) => l.product.stocked).sort((a, b) => (a.product.id < b.product.id ? -1 : 1));
      for (const l of stocked) {
        const r = await run('b_reserve', q.reserve, [l.product.id, l.quantity]);
        if (r.rowCount !== 1) throw new OutOfStock(l.product.sku);
      }
      if (stocked.length) {
        await run('b_movements', q.movements, [stocked.map((l) => l.product.id), stocked.map((l) => l.quantity), orderId, ACTOR]);
      }
      const c = plan.customer;
      let customerId: string;
      if (c.kind === 'id') {
        customerId = c.id;
      } else {
        const phone = c.kind === 'new' ? (c.phone ?? null) : null;
        const search = [c.name, c.email, phone].filter(Boolean).join(' ').toLowerCase();
        const ins = await run<{ id: string }>('b_customer', q.customer, [c.name, c.email, c.email.toLowerCase(), phone, search]);
        const found = ins.rows[0] ?? (await run<{ id: string }>('b_customer_email', q.customerByEmail, [c.email.toLowerCase()])).rows[0];
        if (!found) throw new Error('customer vanished');
        customerId = found.id;
      }
      const lines = plan.lines.map((l, position) => {
        const { answers, deltaMinor } = frozenAnswers(l);
        const subtotal = (l.product.priceMinor + deltaMinor) * l.quantity;
        const tax = taxOf(subtotal, l.product.taxRateBp);
        return {
          position,
          product_id: l.product.id,
          sku: l.product.sku,
          name: l.product.name,
          fulfilment_mode: l.product.stocked ? 'stock' : 'made_to_order',
          quantity: l.quantity,
          unit_price_minor: l.product.priceMinor,
          options_price_minor: deltaMinor,
          tax_rate_bp: l.product.taxRateBp,
          subtotal_minor: subtotal,
          tax_minor: tax,
          total_minor: subtotal + tax,
          answers,
          reserved_qty: l.product.stocked ? l.quantity : 0,
          backordered_qty: 0,
          options_total: deltaMinor * l.quantity,
        };
      });
      const linesTotal = lines.reduce((s, l) => s + l.subtotal_minor, 0);
      const optionsTotal = lines.reduce((s, l) => s + l.options_total, 0);
      const taxTotal = lines.reduce((s, l) => s + l.tax_minor, 0);
      const lead = Math.max(0, ...plan.lines.map((l) => l.product.leadTimeDays));
      const expected = new Date(Date.now() + lead * 86_400_000).toISOString().slice(0, 10);
      const snapshot = { id: customerId, name: c.name, email: c.email, phone: c.kind === 'new' ? (c.phone ?? null) : null, company: null };
      const o = await run<{ number: string }>('b_order', q.order, [orderId, plan.channel, customerId, c.name, c.email, JSON.stringify(snapshot), JSON.stringify(plan.delivery), plan.notes, linesTotal, optionsTotal, taxTotal, linesTotal + taxTotal, expected, ACTOR, `${c.name} ${c.email}`]);
      await run('b_lines', q.lines, [orderId, JSON.stringify(lines.map(({ options_total: _o, ...l }) => l))]);
      await run('b_event', q.event, [orderId, ACTOR, plan.channel, JSON.stringify({ number: o.rows[0]?.number, grandTotalMinor: linesTotal + taxTotal })]);
}
