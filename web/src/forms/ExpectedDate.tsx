/**
 * The expected completion date, shown while the order is filled in (before it is
 * submitted): the server computes it from stock on hand, lead times and the
 * business's working days — the same rule that stores it on the order.
 */
import { useEffect, useState } from 'react';
import { client, unwrap } from '../api/client';
import { formatDate } from '../lib/format';
import type { LineState } from './order-draft';

type Preview = { expectedCompletionDate: string };

export function useExpectedDate(lines: readonly LineState[], requestedDate: string, audience: 'staff' | 'shop'): string | null {
  const key = JSON.stringify([lines.map((l) => [l.product.id, l.quantity]), requestedDate]);
  const [date, setDate] = useState<string | null>(null);
  useEffect(() => {
    const body = {
      lines: lines.flatMap((l) => {
        const q = Number(l.quantity);
        return Number.isInteger(q) && q > 0 ? [{ productId: l.product.id, quantity: q }] : [];
      }),
      ...(/^\d{4}-\d{2}-\d{2}$/.test(requestedDate) ? { requestedDate } : {}),
    };
    if (body.lines.length === 0) {
      setDate(null);
      return;
    }
    let live = true;
    // Asked a moment after the last change, not on every key press.
    const t = setTimeout(() => {
      const call = audience === 'shop' ? client.POST('/api/v1/public/expected-completion', { body }) : client.POST('/api/v1/orders/expected-completion', { body });
      unwrap<Preview>(call)
        .then((p) => live && setDate(p.expectedCompletionDate))
        .catch(() => live && setDate(null));
    }, 300);
    return () => {
      live = false;
      clearTimeout(t);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, audience]);
  return date;
}

export function ExpectedDate({ date, label = 'Expected ready by' }: { date: string | null; label?: string }) {
  if (!date) return null;
  return (
    <div data-testid="expected-date">
      <dt>{label}</dt>
      <dd>{formatDate(date)}</dd>
    </div>
  );
}
