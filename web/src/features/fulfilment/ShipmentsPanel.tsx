/**
 * An order's shipments on its page: the fulfilment state (derived from the
 * shipments by the server), each shipment with its tracking link, "Mark
 * delivered", and the Ship dialog choosing lines, quantities, method, carrier
 * and tracking.
 */
import { useState, type FormEvent } from 'react';
import { ApiError, client, unwrap, type Order, type Problem, type Schemas } from '../../api/client';
import { useAsync } from '../../app/useAsync';
import { Dialog, ErrorState, ErrorSummary, Loading, SelectField, TextArea, TextField, errorText } from '../../components/ui';
import { formatDate, humanize } from '../../lib/format';
import { byPointer } from '../../lib/problems';

export type Fulfilment = Schemas['OrderFulfilment'];
type Method = Schemas['Shipment']['method'];

const STATE_LABEL: Record<Fulfilment['state'], string> = { unfulfilled: 'Nothing shipped yet', partially_shipped: 'Partly shipped', shipped: 'Shipped', delivered: 'Delivered' };
const METHOD_LABEL: Record<Method, string> = { carrier: 'Carrier', local_delivery: 'Local delivery', pickup: 'Pickup' };
const today = () => new Date().toISOString().slice(0, 10);

/** Ships from these states (a confirmed order is released by its first shipment). */
const SHIPS_FROM: readonly Order['status'][] = ['confirmed', 'in_fulfilment'];

export function ShipmentsPanel({ order, canShip, onChanged }: { order: Order; canShip: boolean; onChanged: (what: string) => void }) {
  const f = useAsync(() => unwrap(client.GET('/api/v1/orders/{id}/shipments', { params: { path: { id: order.id } } })), [order.id, order.version]);
  const [shipping, setShipping] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (f.error) return <ErrorState error={f.error} retry={f.reload} />;
  if (!f.data) return <Loading what="Loading the shipments" />;
  const data = f.data;
  const shippable = data.lines.some((l) => l.shippable > 0);
  const offerShip = canShip && SHIPS_FROM.includes(order.status) && order.allowedCommands.includes('ship') && shippable;
  const deliver = async (id: string, n: number) => {
    setError(null);
    try {
      f.set(await unwrap(client.POST('/api/v1/orders/{id}/shipments/{shipmentId}/deliver', { params: { path: { id: order.id, shipmentId: id } }, body: {} })));
      onChanged(`Shipment ${n} marked delivered.`);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <section className="panel" aria-labelledby="shipments-h" data-testid="shipments">
      <div className="row" style={{ justifyContent: 'space-between', alignItems: 'baseline' }}>
        <h2 id="shipments-h">Shipments</h2>
        <span className="badge" data-testid="fulfilment-state">{STATE_LABEL[data.state]}</span>
      </div>
      {data.lines.some((l) => l.backordered > 0) ? (
        <p className="notice warn">Waiting for stock: {data.lines.filter((l) => l.backordered > 0).map((l) => `${l.backordered} × ${l.name}`).join(', ')} (ships when goods are received).</p>
      ) : null}
      {data.shipments.length === 0 ? <p className="muted">Nothing has been shipped.</p> : null}
      <ol className="stack" style={{ paddingLeft: '1.2rem' }}>
        {data.shipments.map((s) => (
          <li key={s.id} data-testid={`shipment-${s.number}`}>
            <strong>
              Shipment {s.number} · {METHOD_LABEL[s.method]}
              {s.carrier ? ` · ${s.carrier}` : ''}
            </strong>
            <div className="muted">
              Sent {formatDate(s.shippedOn)}
              {s.expectedDeliveryOn && !s.deliveredOn ? ` · expected ${formatDate(s.expectedDeliveryOn)}` : ''}
              {s.slot ? ` · ${s.method === 'pickup' ? 'pickup' : 'slot'} ${s.slot}` : ''}
              {s.deliveredOn ? ` · delivered ${formatDate(s.deliveredOn)}` : ''}
            </div>
            <div>{s.lines.map((l) => `${l.quantity} × ${l.name}`).join(', ')}</div>
            {s.trackingUrl ? (
              <a href={s.trackingUrl} target="_blank" rel="noopener noreferrer">
                Track {s.trackingNumber}
              </a>
            ) : s.trackingNumber ? (
              <div>Tracking number {s.trackingNumber}</div>
            ) : null}
            {canShip && !s.deliveredOn ? (
              <div>
                <button type="button" onClick={() => void deliver(s.id, s.number)}>
                  Mark delivered
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      {offerShip ? (
        <button type="button" className="primary" onClick={() => setShipping(true)}>
          Ship…
        </button>
      ) : null}
      <Dialog open={shipping} title="Ship" onClose={() => setShipping(false)}>
        {shipping ? (
          <ShipForm
            order={order}
            fulfilment={data}
            onCancel={() => setShipping(false)}
            onDone={(next, n) => {
              setShipping(false);
              f.set(next);
              onChanged(`Shipment ${n} recorded.${next.orderStatus === 'shipped' ? ' Everything has shipped.' : ''}`);
            }}
          />
        ) : null}
      </Dialog>
    </section>
  );
}

function defaultMethod(order: Order): Method {
  const m = (order.delivery as { method?: string } | null)?.method;
  return m === 'pickup' ? 'pickup' : m === 'local_delivery' ? 'local_delivery' : 'carrier';
}

function ShipForm({ order, fulfilment, onDone, onCancel }: { order: Order; fulfilment: Fulfilment; onDone: (f: Fulfilment, shipmentNumber: number) => void; onCancel: () => void }) {
  const settings = useAsync(() => unwrap(client.GET('/api/v1/settings')), []);
  const carriers = settings.data?.carriers ?? [];
  const [qty, setQty] = useState<Record<string, string>>(() => Object.fromEntries(fulfilment.lines.map((l) => [l.orderLineId, String(l.shippable)])));
  const [method, setMethod] = useState<Method>(() => defaultMethod(order));
  const [carrier, setCarrier] = useState('');
  const [tracking, setTracking] = useState('');
  const [slot, setSlot] = useState('');
  const [shippedOn, setShippedOn] = useState(today());
  const [expected, setExpected] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = byPointer(problem?.errors ?? []);
  const open = fulfilment.lines.filter((l) => l.remaining > 0);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    const lines = open.map((l) => ({ orderLineId: l.orderLineId, quantity: Number(qty[l.orderLineId] ?? 0) })).filter((l) => l.quantity > 0);
    try {
      const res = await unwrap(
        client.POST('/api/v1/orders/{id}/shipments', {
          params: { path: { id: order.id } },
          body: {
            lines: lines.length ? lines : open.map((l) => ({ orderLineId: l.orderLineId, quantity: 0 })),
            method,
            ...(method === 'carrier' && carrier ? { carrier } : {}),
            ...(method === 'carrier' && tracking.trim() ? { trackingNumber: tracking.trim() } : {}),
            ...(method !== 'carrier' && slot.trim() ? { slot: slot.trim() } : {}),
            shippedOn,
            ...(expected ? { expectedDeliveryOn: expected } : {}),
            ...(note.trim() ? { note: note.trim() } : {}),
          },
        }),
      );
      onDone(res.fulfilment, res.shipment.number);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.problem : { title: errorText(err), status: 0, code: 'error', detail: errorText(err), errors: [] });
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="stack" noValidate>
      <ErrorSummary problem={problem} />
      <table className="list">
        <thead>
          <tr>
            <th>Line</th>
            <th className="num">Left</th>
            <th className="num">Ship now</th>
          </tr>
        </thead>
        <tbody>
          {open.map((l, i) => (
            <tr key={l.orderLineId}>
              <td>
                {l.name} <span className="muted">{l.sku}</span>
                {l.backordered > 0 ? <div className="muted">{l.backordered} back-ordered</div> : null}
              </td>
              <td className="num">{l.remaining}</td>
              <td className="num">
                <TextField
                  label={<span className="sr-only">Quantity of {l.name}</span>}
                  type="number"
                  min={0}
                  max={l.shippable}
                  inputMode="numeric"
                  value={qty[l.orderLineId] ?? '0'}
                  onChange={(ev) => setQty({ ...qty, [l.orderLineId]: ev.target.value })}
                  pointer={`/lines/${i}/quantity`}
                  error={errors[`/lines/${i}/quantity`]}
                  hint={`up to ${l.shippable}`}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <SelectField label="Method" value={method} onChange={(e) => setMethod(e.target.value as Method)} pointer="/method" error={errors['/method']}>
        {(Object.keys(METHOD_LABEL) as Method[]).map((m) => (
          <option key={m} value={m}>
            {METHOD_LABEL[m]}
          </option>
        ))}
      </SelectField>
      {method === 'carrier' ? (
        <>
          <SelectField label="Carrier" value={carrier} onChange={(e) => setCarrier(e.target.value)} pointer="/carrier" error={errors['/carrier']} hint={carriers.length ? undefined : 'Add carriers in Settings'}>
            <option value="">— choose —</option>
            {carriers.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
                {c.trackingUrlTemplate ? '' : ' (no tracking link)'}
              </option>
            ))}
          </SelectField>
          <TextField label="Tracking number" value={tracking} onChange={(e) => setTracking(e.target.value)} pointer="/trackingNumber" error={errors['/trackingNumber']} autoComplete="off" />
        </>
      ) : (
        <TextField label={method === 'pickup' ? 'Pickup time' : 'Delivery slot'} value={slot} onChange={(e) => setSlot(e.target.value)} pointer="/slot" error={errors['/slot']} placeholder={method === 'pickup' ? 'Saturday 10:00' : 'Tuesday 14:00–16:00'} />
      )}
      <div className="row">
        <TextField label="Shipped on" type="date" value={shippedOn} onChange={(e) => setShippedOn(e.target.value)} pointer="/shippedOn" error={errors['/shippedOn']} />
        <TextField label="Expected delivery" type="date" value={expected} min={shippedOn} onChange={(e) => setExpected(e.target.value)} pointer="/expectedDeliveryOn" error={errors['/expectedDeliveryOn']} />
      </div>
      <TextArea label="Note (optional)" value={note} onChange={(e) => setNote(e.target.value)} rows={2} />
      <p className="muted">
        {humanize(order.status) === 'Confirmed' ? 'This releases the order to fulfilment. ' : ''}Stock leaves the building when you ship; the shipment that leaves nothing to ship marks the order shipped.
      </p>
      <div className="row end">
        <button type="button" onClick={onCancel}>
          Back
        </button>
        <button type="submit" className="primary" disabled={busy}>
          Ship
        </button>
      </div>
    </form>
  );
}
