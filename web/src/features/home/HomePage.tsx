/**
 * The first page after log-in: what needs my attention today, for my role. Each
 * count opens its list: orders to verify, held until paid, money still due,
 * invoices overdue, drafts waiting; for the warehouse, what is ready to prepare
 * and to ship. Amounts only for those who may read payments. Before the order
 * (GET /api/v1/today, one read): inquiries to follow up, quotes awaiting the customer,
 * mail in waiting for staff, drafts waiting on their customer — each part only for
 * the roles that may act on it (the server leaves the others out).
 */
import type { ReactNode } from 'react';
import { client, unwrap } from '../../api/client';
import type { paths } from '../../api/openapi';
import { Link, useLocation } from '../../app/router';
import { useSession } from '../../app/session';
import { useAsync, type Async } from '../../app/useAsync';
import { Empty, ErrorState, Loading, Page } from '../../components/ui';
import { CHANNEL_LABEL, formatDate } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { METHOD_LABEL } from '../payments/PaymentsPanel';
import styles from './Home.module.css';

const none = () => Promise.resolve(undefined);

export function HomePage() {
  const session = useSession();
  const { query } = useLocation();
  const list = query.get('list');
  const user = session.state.status === 'signed-in' ? session.state.user : null;
  const canMoney = session.can('payments.read');
  const counts = useAsync(() => unwrap(client.GET('/api/v1/orders/counts')), []);
  const toVerify = useAsync(() => (session.can('orders.verify') ? unwrap(client.GET('/api/v1/orders/to-verify')) : none()), []);
  const held = useAsync(() => unwrap(client.GET('/api/v1/payments/held')), []);
  const unpaid = useAsync(() => (canMoney ? unwrap(client.GET('/api/v1/payments/unpaid', { params: { query: { limit: 500 } } })) : none()), []);
  // Each party's open work: the warehouse's and accounts' queues, for those who work them.
  const pickPack = useAsync(() => (session.can('work.warehouse') ? unwrap(client.GET('/api/v1/work-items', { params: { query: { partyKind: 'warehouse' } } })) : none()), []);
  const toInvoice = useAsync(() => (session.can('work.accounts') ? unwrap(client.GET('/api/v1/work-items', { params: { query: { partyKind: 'accounts' } } })) : none()), []);
  const today = useAsync(() => unwrap(client.GET('/api/v1/today')), []);
  const overdue = useAsync(() => (canMoney ? unwrap(client.GET('/api/v1/payments/overdue', { params: { query: {} } })) : none()), []);

  // The counts name only the statuses that have orders: a missing one is zero.
  const c = (s: string) => (counts.data ? (counts.data[s] ?? 0) : undefined);
  const heldCount = held.data?.items.length;
  const cards: Card[] = [
    { id: 'pick-pack', label: 'To pick and pack', hint: 'Released orders for the warehouse, earliest due first', count: pickPack.data?.items.length, to: '/work?queue=warehouse', show: session.can('work.warehouse') },
    { id: 'to-invoice', label: 'To invoice / collect', hint: "Released orders for accounts receivable", count: toInvoice.data?.items.length, to: '/work?queue=accounts', show: session.can('work.accounts') },
    { id: 'to-verify', label: 'To verify', hint: 'Placed orders your policy asks you to check', count: toVerify.data?.items.length, to: '/?list=to-verify', show: session.can('orders.verify') },
    { id: 'held', label: 'Held for payment', hint: 'Confirmed, waiting for their money before fulfilment', count: heldCount, to: '/?list=held', show: true },
    { id: 'unpaid', label: 'Unpaid', hint: 'Orders with money still due', count: unpaid.data?.items.length, to: '/money?tab=unpaid', show: canMoney },
    { id: 'overdue', label: 'Overdue', hint: 'Invoices past their due date', count: overdue.data?.items.length, to: '/money?tab=overdue', show: canMoney },
    { id: 'drafts', label: 'Drafts waiting', hint: 'Orders saved before they were complete', count: c('draft'), to: '/orders?status=draft', show: session.can('orders.place') },
    {
      id: 'ready',
      label: 'Ready to prepare',
      hint: 'Confirmed and paid or not held: start fulfilment',
      count: c('confirmed') === undefined || heldCount === undefined ? undefined : Math.max(0, (c('confirmed') ?? 0) - heldCount),
      to: '/orders?status=confirmed',
      show: session.can('orders.fulfil'),
    },
    { id: 'in-fulfilment', label: 'Being prepared', hint: 'In fulfilment: ship when ready', count: c('in_fulfilment'), to: '/orders?status=in_fulfilment', show: session.can('orders.fulfil') },
    { id: 'shipped', label: 'On the way', hint: 'Shipped: mark delivered', count: c('shipped'), to: '/orders?status=shipped', show: session.can('orders.fulfil') },
    { id: 'on-hold', label: 'On hold', hint: 'Paused by someone, with a reason', count: c('on_hold'), to: '/orders?status=on_hold', show: true },
    ...beforeTheOrder(today.data, session.can),
  ];
  const failed = [counts, toVerify, held, unpaid, overdue, pickPack, toInvoice, today].find((a) => a.error);

  return (
    <Page
      title="Today"
      subtitle={user ? `Hello ${user.name}. What needs your attention:` : undefined}
      actions={session.can('orders.place') ? <Link to="/orders/new" className="button primary">Take an order</Link> : null}
    >
      {failed ? <ErrorState error={failed.error} retry={failed.reload} /> : null}
      <nav aria-label="Needs attention" className={styles.cards}>
        {cards
          .filter((x) => x.show)
          .map((x) => (
            <Link key={x.id} to={x.to} className={`${styles.card} ${x.count === 0 ? styles.zero : ''}`} aria-current={list === x.id ? 'true' : undefined} data-testid={`count-${x.id}`}>
              <span className={styles.count}>{x.count ?? '…'}</span>
              <span className={styles.label}>{x.label}</span>
              <span className={styles.hint}>{x.hint}</span>
            </Link>
          ))}
      </nav>
      {list === 'to-verify' && session.can('orders.verify') ? <ToVerifyList data={toVerify} money={canMoney} /> : null}
      {list === 'held' ? <HeldList data={held} /> : null}
    </Page>
  );
}

type TodaySummary = paths['/api/v1/today']['get']['responses'][200]['content']['application/json'];
type Card = { id: string; label: string; hint: string; count: number | undefined; to: string; show: boolean };

/** Inquiries, quotes, mail in and drafts returned to the customer: shown while loading for the roles that may act, then as the server says (a null part is not theirs). */
function beforeTheOrder(t: TodaySummary | undefined, can: (p: string) => boolean): Card[] {
  const shows = <K extends 'inquiries' | 'quotes' | 'inbox' | 'waitingOnCustomer'>(k: K, fallback: boolean) => (t ? t[k] !== null : fallback);
  const overdueNote = t?.inquiries?.overdue ? ` · ${t.inquiries.overdue} overdue` : '';
  const remindedNote = t?.waitingOnCustomer?.reminded ? ` · ${t.waitingOnCustomer.reminded} already reminded` : '';
  return [
    { id: 'inquiries-due', label: 'Inquiries to follow up', hint: `Follow-up due today or earlier${overdueNote}`, count: t?.inquiries?.followUpDue, to: t?.inquiries?.overdue ? '/inquiries?overdue=true' : '/inquiries', show: shows('inquiries', can('inquiries.write')) },
    { id: 'inquiries-unassigned', label: 'Inquiries nobody has', hint: 'Open inquiries not assigned to anyone', count: t?.inquiries?.unassigned, to: '/inquiries?state=open&assignee=none', show: shows('inquiries', can('inquiries.write')) },
    { id: 'quotes-awaiting', label: 'Quotes awaiting the customer', hint: 'Sent and still valid: not accepted yet', count: t?.quotes?.awaiting, to: '/quotes', show: shows('quotes', can('quotes.write')) },
    { id: 'quotes-expiring', label: 'Quotes expiring soon', hint: 'Sent quotes whose last day is within 3 days', count: t?.quotes?.expiringSoon, to: '/quotes', show: shows('quotes', can('quotes.write')) },
    { id: 'inbox', label: 'Inbox', hint: 'E-mails taken in that nothing matched: waiting for staff', count: t?.inbox?.unmatched, to: '/inbox', show: shows('inbox', can('mail.read') && can('orders.place')) },
    { id: 'waiting-on-customer', label: 'Waiting on the customer', hint: `Drafts sent back to complete${remindedNote}`, count: t?.waitingOnCustomer?.waiting, to: '/orders?waiting=customer', show: shows('waitingOnCustomer', can('orders.place')) },
  ];
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="panel" aria-labelledby="attention-list-h">
      <h2 id="attention-list-h">{title}</h2>
      {children}
    </section>
  );
}

type ToVerify = paths['/api/v1/orders/to-verify']['get']['responses'][200]['content']['application/json'];

function ToVerifyList({ data, money }: { data: Async<ToVerify | undefined>; money: boolean }) {
  if (!data.data) return data.error ? null : <Loading what="Loading orders to verify" />;
  const policy = data.data.policy as { mode?: string };
  return (
    <Section title="Orders to verify, oldest first">
      {policy.mode === 'never' ? <p className="muted">Your policy verifies no order (Settings → Verification).</p> : null}
      {data.data.items.length === 0 ? (
        <Empty>Nothing to verify.</Empty>
      ) : (
        <table className="list cards" data-testid="to-verify-list">
          <thead>
            <tr><th>Order</th><th>Customer</th><th>Channel</th>{money ? <th className="num">Total</th> : null}<th>Placed</th></tr>
          </thead>
          <tbody>
            {data.data.items.map((o) => (
              <tr key={o.id}>
                <td data-label="Order"><Link to={`/orders/${o.number ?? o.id}`}>{o.number ?? 'Draft'}</Link></td>
                <td data-label="Customer">{o.customerName ?? '—'}</td>
                <td data-label="Channel">{CHANNEL_LABEL[o.channel]}</td>
                {money ? <td className="num" data-label="Total">{formatMoney(o.grandTotalMinor, o.currency)}</td> : null}
                <td data-label="Placed">{formatDate(o.placedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

type Held = paths['/api/v1/payments/held']['get']['responses'][200]['content']['application/json'];

function HeldList({ data }: { data: Async<Held> }) {
  if (!data.data) return data.error ? null : <Loading what="Loading orders held for payment" />;
  return (
    <Section title="Held until paid, oldest first">
      {data.data.items.length === 0 ? (
        <Empty>No confirmed order is waiting for its money.</Empty>
      ) : (
        <table className="list cards" data-testid="held-list">
          <thead>
            <tr><th>Order</th><th>Customer</th><th>Paying by</th><th>Placed</th></tr>
          </thead>
          <tbody>
            {data.data.items.map((o) => (
              <tr key={o.orderId}>
                <td data-label="Order"><Link to={`/orders/${o.number ?? o.orderId}`}>{o.number ?? 'Draft'}</Link></td>
                <td data-label="Customer">{o.customerName ?? '—'}</td>
                <td data-label="Paying by">{METHOD_LABEL[o.method]}</td>
                <td data-label="Placed">{formatDate(o.placedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
