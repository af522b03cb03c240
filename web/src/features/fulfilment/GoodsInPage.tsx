/**
 * Goods in, for the warehouse: receive goods (stock goes up and waiting
 * back-orders are filled, oldest order first), optionally against an open
 * purchase or production order (required for a third-party or made-to-order
 * product, which is received for its order and does not enter stock), the
 * reorder list with each product's low-stock threshold, and the latest receipts.
 */
import { useState, type FormEvent } from 'react';
import { ApiError, client, unwrap, type Problem, type Schemas } from '../../api/client';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { useAsync } from '../../app/useAsync';
import { ErrorState, ErrorSummary, Loading, Page, SelectField, TextField, errorText } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { byPointer } from '../../lib/problems';

type Received = Schemas['GoodsReceived'];

export function GoodsInPage() {
  const session = useSession();
  const canReceive = session.can('stock.adjust');
  const reorder = useAsync(() => unwrap(client.GET('/api/v1/inventory/reorder-list')), []);
  const receipts = useAsync(() => unwrap(client.GET('/api/v1/goods-receipts', { params: { query: { limit: 20 } } })), []);
  const [last, setLast] = useState<Received | null>(null);
  const refresh = (r: Received) => {
    setLast(r);
    reorder.reload();
    receipts.reload();
  };
  return (
    <Page title="Goods in" subtitle="Receive stock, see what to reorder">
      {last ? (
        <div className="notice" role="status" data-testid="received">
          Received {last.receipt.quantity} × {last.receipt.name}
          {last.receipt.purchaseOrderId ? ' against the purchase order' : ''}
          {last.closedWorkItemIds.length ? ', which is now fully received (done)' : ''}.
          {last.stock ? ` On hand ${last.stock.onHand}, available ${last.stock.available}.` : ' It is for that order, not stock.'}
          {!last.stock ? null : last.filled.length ? (
            <>
              {' '}Now ready for:{' '}
              {last.filled.map((f, i) => (
                <span key={f.lineId}>
                  {i ? ', ' : ''}
                  <Link to={`/orders/${f.orderNumber ?? f.orderId}`}>{f.orderNumber ?? f.orderId}</Link> ({f.quantity})
                </span>
              ))}
            </>
          ) : (
            ' No order was waiting for it.'
          )}
        </div>
      ) : null}
      {canReceive ? <ReceiveForm onDone={refresh} /> : null}
      {canReceive ? <WatchForm onDone={reorder.reload} /> : null}
      <section className="panel" aria-labelledby="reorder-h">
        <h2 id="reorder-h">To reorder</h2>
        {reorder.error ? <ErrorState error={reorder.error} retry={reorder.reload} /> : !reorder.data ? <Loading what="Loading the reorder list" /> : <ReorderTable items={reorder.data.items} canEdit={canReceive} onChanged={reorder.reload} />}
      </section>
      <section className="panel" aria-labelledby="receipts-h">
        <h2 id="receipts-h">Latest receipts</h2>
        {receipts.error ? (
          <ErrorState error={receipts.error} retry={receipts.reload} />
        ) : !receipts.data ? (
          <Loading what="Loading the receipts" />
        ) : receipts.data.items.length === 0 ? (
          <p className="muted">Nothing received yet.</p>
        ) : (
          <table className="list">
            <thead>
              <tr>
                <th>When</th>
                <th>Product</th>
                <th className="num">Qty</th>
                <th>Supplier reference</th>
                <th>Against</th>
              </tr>
            </thead>
            <tbody>
              {receipts.data.items.map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(r.receivedAt)}</td>
                  <td>
                    {r.name} <span className="muted">{r.sku}</span>
                  </td>
                  <td className="num">{r.quantity}</td>
                  <td>{r.supplierReference ?? '—'}</td>
                  <td>{r.purchaseOrderId ? 'a purchase order' : 'stock'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Page>
  );
}

function ReceiveForm({ onDone }: { onDone: (r: Received) => void }) {
  const products = useAsync(() => unwrap(client.GET('/api/v1/products', { params: { query: { active: 'true', limit: 200 } } })), []);
  const all = products.data?.items ?? [];
  const [product, setProduct] = useState('');
  const [purchaseOrderId, setPurchaseOrderId] = useState('');
  const chosen = all.find((p) => p.sku === product);
  const openPos = useAsync(async () => (product ? unwrap(client.GET('/api/v1/open-purchase-orders', { params: { query: { product } } })) : { items: [] }), [product]);
  const [quantity, setQuantity] = useState('');
  const [reference, setReference] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = byPointer(problem?.errors ?? []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const r = await unwrap(
        client.POST('/api/v1/goods-receipts', { body: { product, quantity: Number(quantity), ...(reference.trim() ? { supplierReference: reference.trim() } : {}), ...(purchaseOrderId ? { purchaseOrderId } : {}) } }),
      );
      setQuantity('');
      setPurchaseOrderId('');
      openPos.reload();
      setReference('');
      onDone(r);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.problem : { title: errorText(err), status: 0, code: 'error', detail: errorText(err), errors: [] });
    }
    setBusy(false);
  };
  return (
    <section className="panel" aria-labelledby="receive-h">
      <h2 id="receive-h">Receive goods</h2>
      <form onSubmit={(e) => void submit(e)} className="stack" noValidate>
        <ErrorSummary problem={problem} />
        <div className="row">
          <SelectField
            label="Product"
            value={product}
            onChange={(e) => {
              setProduct(e.target.value);
              setPurchaseOrderId('');
            }}
            pointer="/product"
            error={errors['/product'] ?? errors['/productId']}
          >
            <option value="">— choose —</option>
            {all.map((p) => (
              <option key={p.id} value={p.sku}>
                {p.name} ({p.sku}) · {p.fulfilmentMode === 'stock' ? (p.stock ? `${p.stock.available} available` : '') : 'for a purchase order'}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Against purchase order"
            value={purchaseOrderId}
            onChange={(e) => setPurchaseOrderId(e.target.value)}
            pointer="/purchaseOrderId"
            error={errors['/purchaseOrderId']}
            hint={chosen && chosen.fulfilmentMode !== 'stock' ? 'Required: this product is received for its order' : 'Optional: the open purchase or production order these goods came in against'}
          >
            <option value="">{chosen && chosen.fulfilmentMode !== 'stock' ? '— choose —' : '— none: into stock —'}</option>
            {(openPos.data?.items ?? []).map((po) => (
              <option key={po.id} value={po.id}>
                {po.order.number ?? po.order.id} · {po.party?.name ?? 'no supplier'}
                {po.dueDate ? ` · due ${po.dueDate}` : ''} · outstanding{' '}
                {po.lines
                  .filter((l) => l.sku === product)
                  .map((l) => l.quantity - (l.received ?? 0))
                  .reduce((a, b) => a + b, 0)}
              </option>
            ))}
          </SelectField>
          <TextField label="Quantity" type="number" min={1} inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} pointer="/quantity" error={errors['/quantity']} />
          <TextField label="Supplier reference (optional)" value={reference} onChange={(e) => setReference(e.target.value)} pointer="/supplierReference" error={errors['/supplierReference']} hint="Their delivery note or invoice number" />
        </div>
        <div className="row end">
          <button type="submit" className="primary" disabled={busy}>
            Receive
          </button>
        </div>
      </form>
    </section>
  );
}

function ReorderTable({ items, canEdit, onChanged }: { items: Schemas['ReorderList']['items']; canEdit: boolean; onChanged: () => void }) {
  if (items.length === 0) return <p className="muted">Nothing is below its threshold, and no order is waiting for stock.</p>;
  return (
    <table className="list cards" data-testid="reorder-list">
      <thead>
        <tr>
          <th>Product</th>
          <th className="num">Available</th>
          <th className="num">Waiting for orders</th>
          <th className="num">Threshold</th>
          <th className="num">Suggested order</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr key={i.productId}>
            <td data-label="Product">
              {i.name} <span className="muted">{i.sku}</span>
            </td>
            <td className="num" data-label="Available">{i.available}</td>
            <td className="num" data-label="Waiting">{i.backordered}</td>
            <td className="num" data-label="Threshold">{canEdit ? <Threshold sku={i.sku} value={i.reorderLevel} onChanged={onChanged} /> : (i.reorderLevel ?? '—')}</td>
            <td className="num" data-label="Suggested">{i.suggestedQuantity}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A product's low-stock threshold, edited in place (empty: not watched). */
export function Threshold({ sku, value, onChanged }: { sku: string; value: number | null; onChanged: () => void }) {
  const [v, setV] = useState(value === null ? '' : String(value));
  const [error, setError] = useState<string | undefined>();
  const save = async () => {
    if (v === (value === null ? '' : String(value))) return;
    try {
      await unwrap(client.PUT('/api/v1/products/{id}/reorder-level', { params: { path: { id: sku } }, body: { reorderLevel: v.trim() === '' ? null : Number(v) } }));
      setError(undefined);
      onChanged();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <TextField
      label={<span className="sr-only">Low-stock threshold for {sku}</span>}
      type="number"
      min={0}
      inputMode="numeric"
      value={v}
      onChange={(e) => setV(e.target.value)}
      onBlur={() => void save()}
      error={error}
      style={{ width: '6rem' }}
    />
  );
}

/** Sets the low-stock threshold of any stocked product (those on the list are edited in the list). */
function WatchForm({ onDone }: { onDone: () => void }) {
  const products = useAsync(() => unwrap(client.GET('/api/v1/products', { params: { query: { active: 'true', limit: 200 } } })), []);
  const stocked = (products.data?.items ?? []).filter((p) => p.fulfilmentMode === 'stock');
  const [product, setProduct] = useState('');
  const [level, setLevel] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const errors = byPointer(problem?.errors ?? []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setDone(null);
    if (!product) {
      setProblem({ title: 'Choose a product', status: 422, code: 'validation_failed', detail: 'Choose a product', errors: [{ pointer: '/product', code: 'required', message: 'Choose a product' }] });
      return;
    }
    try {
      const r = await unwrap(client.PUT('/api/v1/products/{id}/reorder-level', { params: { path: { id: product } }, body: { reorderLevel: level.trim() === '' ? null : Number(level) } }));
      setDone(r.reorderLevel === null ? `${product} is no longer watched.` : `${product} goes on the reorder list at ${r.reorderLevel} available or fewer (now ${r.available}).`);
      onDone();
    } catch (err) {
      setProblem(err instanceof ApiError ? err.problem : { title: errorText(err), status: 0, code: 'error', detail: errorText(err), errors: [] });
    }
  };
  return (
    <section className="panel" aria-labelledby="watch-h" data-testid="watch-stock">
      <h2 id="watch-h">Low-stock threshold</h2>
      <form onSubmit={(e) => void submit(e)} className="stack" noValidate>
        <ErrorSummary problem={problem} />
        <div className="row">
          <SelectField id="watch-product" label="Product" value={product} onChange={(e) => setProduct(e.target.value)} pointer="/product" error={errors['/product']}>
            <option value="">— choose —</option>
            {stocked.map((p) => (
              <option key={p.id} value={p.sku}>
                {p.name} ({p.sku})
              </option>
            ))}
          </SelectField>
          <TextField id="watch-level" label="Reorder at (available units)" type="number" min={0} inputMode="numeric" value={level} onChange={(e) => setLevel(e.target.value)} pointer="/reorderLevel" error={errors['/reorderLevel']} hint="Empty: stop watching" />
        </div>
        {done ? <p className="notice" role="status">{done}</p> : null}
        <div className="row end">
          <button type="submit">Set threshold</button>
        </div>
      </form>
    </section>
  );
}
