/**
 * Orders at risk of being late, most urgent first, each with its reason — and a
 * one-step delay notice, prefilled (a week later, a reason worded for the customer).
 */
import { useState } from 'react';
import { client, unwrap, type Schemas } from '../../api/client';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { useAsync } from '../../app/useAsync';
import { Dialog, Empty, ErrorState, Loading, Page } from '../../components/ui';
import { STATUS_LABEL, formatDate } from '../../lib/format';
import { DelayForm } from './CustomerMessages';

type AtRisk = Schemas['AtRiskOrder'];

const REASON_LABEL: Record<AtRisk['reason'], string> = { overdue: 'Overdue', backordered: 'Back-ordered goods', work_items: 'Work held up' };

/** What the customer is told unless staff write something better. */
const SUGGESTED_REASON: Record<AtRisk['reason'], string> = {
  overdue: 'Your order is taking longer than we planned. We are sorry for the wait.',
  backordered: 'Some of the goods for your order reach us later than planned.',
  work_items: 'Making your order is taking longer than we planned.',
};

export function AtRiskPage() {
  const session = useSession();
  const list = useAsync(() => unwrap(client.GET('/api/v1/orders/at-risk')), []);
  const [chosen, setChosen] = useState<AtRisk | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const canDelay = session.can('orders.edit');
  return (
    <Page title="At risk of being late" subtitle={list.data ? `Open orders past their expected date, or due within ${list.data.withinDays} days with a reason to slip. Most urgent first.` : undefined}>
      <div aria-live="polite">{flash ? <p className="notice">{flash}</p> : null}</div>
      {list.error ? (
        <ErrorState error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading what="Looking for late orders" />
      ) : list.data.items.length === 0 ? (
        <Empty>No order is at risk of being late. 🎉</Empty>
      ) : (
        <table className="list cards" data-testid="at-risk-list">
          <thead>
            <tr>
              <th>Order</th>
              <th>Customer</th>
              <th>Expected</th>
              <th>Why</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((o) => (
              <tr key={o.id} data-order={o.number ?? o.id}>
                <td data-label="Order">
                  <Link to={`/orders/${o.number ?? o.id}`}>{o.number}</Link> <span className="muted">{STATUS_LABEL[o.status]}</span>
                </td>
                <td data-label="Customer">{o.customerName ?? '—'}</td>
                <td data-label="Expected">{formatDate(o.expectedCompletionDate)}</td>
                <td data-label="Why">
                  <strong>{REASON_LABEL[o.reason]}</strong>: {o.detail}
                </td>
                <td>
                  {canDelay ? (
                    <button type="button" onClick={() => setChosen(o)}>
                      Send a delay notice
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Dialog open={chosen !== null} title={chosen ? `Delay notice for ${chosen.number ?? ''}` : 'Delay notice'} onClose={() => setChosen(null)}>
        {chosen ? (
          <DelayForm
            order={{ id: chosen.id, number: chosen.number, expectedCompletionDate: chosen.expectedCompletionDate }}
            initialReason={SUGGESTED_REASON[chosen.reason]}
            onCancel={() => setChosen(null)}
            onDone={(n) => {
              setChosen(null);
              setFlash(`Delay notice sent for ${n.number ?? ''}: now expected ${formatDate(n.expectedCompletionDate)}.`);
              list.reload();
            }}
          />
        ) : null}
      </Dialog>
    </Page>
  );
}
