/** A product: its details, its order form (builder + live preview) and its stock. */
import { useState, type FormEvent } from 'react';
import { ApiError, client, unwrap, type Problem, type Product } from '../../api/client';
import { navigate } from '../../app/router';
import { setFlash, takeFlash } from '../../app/flash';
import { useSession } from '../../app/session';
import { useAsync } from '../../app/useAsync';
import { Checkbox, ErrorState, ErrorSummary, Loading, Page, SelectField, TextArea, TextField, errorText } from '../../components/ui';
import { byPointer } from '../../lib/problems';
import { formatMoney, parseMoney, toMajor } from '../../lib/money';
import { FormBuilder } from './FormBuilder';
import { fromDefinition, toDefinition, type DraftField } from './form-builder-model';

type Mode = 'stock' | 'made_to_order' | 'third_party';
const MODE_LABEL: Record<Mode, string> = { stock: 'From stock', made_to_order: 'Made to order', third_party: 'By a supplier' };

export default function ProductPage({ id }: { id: string | null }) {
  const settings = useAsync(() => unwrap(client.GET('/api/v1/settings')), []);
  const product = useAsync(() => (id ? unwrap(client.GET('/api/v1/products/{id}', { params: { path: { id } } })) : Promise.resolve(null)), [id]);
  if (product.error || settings.error) return <ErrorState error={product.error ?? settings.error} retry={() => { product.reload(); settings.reload(); }} />;
  if (product.data === undefined || !settings.data) return <Loading what="Loading the product" />;
  return <ProductEditor key={product.data?.version ?? 'new'} product={product.data} currency={settings.data.currency} onSaved={product.set} />;
}

function ProductEditor({ product, currency: defaultCurrency, onSaved }: { product: Product | null; currency: string; onSaved: (p: Product) => void }) {
  const session = useSession();
  const canWrite = session.can('catalog.write');
  const cur = product?.currency ?? defaultCurrency;
  const [d, setD] = useState({
    name: product?.name ?? '',
    sku: product?.sku ?? '',
    description: product?.description ?? '',
    price: product ? toMajor(product.priceMinor, cur) : '',
    currency: cur,
    taxRate: product ? String(product.taxRateBp / 100) : '20',
    fulfilmentMode: (product?.fulfilmentMode ?? 'stock') as Mode,
    leadTimeDays: String(product?.leadTimeDays ?? 0),
    allowBackorder: product?.allowBackorder ?? false,
    active: product?.active ?? true,
    initialStock: '0',
    partyId: product?.partyId ?? '',
  });
  // The suppliers and manufacturers a product can name (the warehouse and accounts make nothing).
  const makers = useAsync(() => unwrap(client.GET('/api/v1/parties', { params: { query: { active: 'true' } } })).then((r) => r.items.filter((p) => p.kind === 'supplier' || p.kind === 'manufacturer' || p.id === product?.partyId)), []);
  const [fields, setFields] = useState<DraftField[]>(() => fromDefinition(product?.formFields ?? [], cur));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [message, setMessage] = useState<string | null>(takeFlash);
  const [busy, setBusy] = useState(false);
  const errors = byPointer(problem?.errors ?? []);
  const set = (patch: Partial<typeof d>) => setD((x) => ({ ...x, ...patch }));

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    const priceMinor = parseMoney(d.price, d.currency);
    const taxRateBp = Math.round(Number(d.taxRate.replace(',', '.')) * 100);
    const body = {
      name: d.name,
      description: d.description,
      priceMinor: priceMinor ?? (Number.NaN as number),
      currency: d.currency,
      taxRateBp: Number.isFinite(taxRateBp) ? taxRateBp : -1,
      fulfilmentMode: d.fulfilmentMode,
      leadTimeDays: Number.parseInt(d.leadTimeDays || '0', 10),
      allowBackorder: d.allowBackorder,
      partyId: d.partyId || null,
      active: d.active,
      formFields: toDefinition(fields, d.currency),
    };
    try {
      if (product) {
        const saved = await unwrap(client.PATCH('/api/v1/products/{id}', { params: { path: { id: product.id }, header: { 'if-match': `"${product.version}"` } }, body }));
        setFlash(`Saved ${saved.name}.`);
        onSaved(saved);
      } else {
        const created = await unwrap(
          client.POST('/api/v1/products', { body: { ...body, sku: d.sku, ...(d.fulfilmentMode === 'stock' ? { initialStock: Number.parseInt(d.initialStock || '0', 10) } : {}) } }),
        );
        setFlash(`Created ${created.name}. Customers can order it now.`);
        navigate(`/catalog/${created.id}`, { replace: true });
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) setProblem({ ...err.problem, detail: 'Someone else changed this product since you opened it. Reload to see their change.', errors: [] });
      else setProblem(err instanceof ApiError ? err.problem : { title: 'Could not save', status: 0, code: 'error', detail: errorText(err), errors: [] });
      setBusy(false);
    }
  };

  return (
    <Page title={product ? product.name : 'New product'} subtitle={product ? `${product.sku} · ${formatMoney(product.priceMinor, product.currency)}` : 'What you sell, its price, and what an order for it must say.'}>
      <div aria-live="polite">{message ? <p className="notice">{message}</p> : null}</div>
      <form onSubmit={(e) => void save(e)} noValidate className="stack">
        <ErrorSummary problem={problem} />
        <fieldset className="panel" disabled={!canWrite} style={{ margin: 0 }}>
          <legend className="sr-only">Details</legend>
          <h2>Details</h2>
          <div className="grid">
            <TextField label="Name" required pointer="/name" error={errors['/name']} value={d.name} onChange={(e) => set({ name: e.target.value })} />
            <TextField label="SKU" required pointer="/sku" error={errors['/sku']} value={d.sku} readOnly={Boolean(product)} hint={product ? 'The SKU does not change.' : 'Letters, digits, dot, dash'} onChange={(e) => set({ sku: e.target.value })} />
            <TextField label={`Price (${d.currency}, before tax)`} required inputMode="decimal" pointer="/priceMinor" error={errors['/priceMinor']} value={d.price} onChange={(e) => set({ price: e.target.value })} />
            <TextField label="Currency" pointer="/currency" error={errors['/currency']} value={d.currency} maxLength={3} onChange={(e) => set({ currency: e.target.value.toUpperCase() })} />
            <TextField label="Tax rate (%)" inputMode="decimal" pointer="/taxRateBp" error={errors['/taxRateBp']} value={d.taxRate} onChange={(e) => set({ taxRate: e.target.value })} />
            <SelectField label="Fulfilment" pointer="/fulfilmentMode" value={d.fulfilmentMode} onChange={(e) => set({ fulfilmentMode: e.target.value as Mode })}>
              {(Object.keys(MODE_LABEL) as Mode[]).map((m) => (
                <option key={m} value={m}>
                  {MODE_LABEL[m]}
                </option>
              ))}
            </SelectField>
            <SelectField
              label="Made or supplied by"
              hint={d.fulfilmentMode === 'stock' ? 'Optional for stocked products' : 'Gets the production or purchase order when an order is released; its lead time counts when this product has none'}
              pointer="/partyId"
              error={errors['/partyId']}
              value={d.partyId}
              onChange={(e) => set({ partyId: e.target.value })}
            >
              <option value="">— nobody named —</option>
              {(makers.data ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.kind === 'manufacturer' ? 'manufacturer' : 'supplier'})
                </option>
              ))}
            </SelectField>
            <TextField label="Lead time (working days)" type="number" min={0} pointer="/leadTimeDays" error={errors['/leadTimeDays']} value={d.leadTimeDays} onChange={(e) => set({ leadTimeDays: e.target.value })} />
            {!product && d.fulfilmentMode === 'stock' ? <TextField label="Units in stock now" type="number" min={0} pointer="/initialStock" error={errors['/initialStock']} value={d.initialStock} onChange={(e) => set({ initialStock: e.target.value })} /> : null}
          </div>
          <TextArea label="Description" pointer="/description" error={errors['/description']} value={d.description} onChange={(e) => set({ description: e.target.value })} />
          <div className="row">
            <Checkbox label="On sale (shown in the shop and the order form)" checked={d.active} onChange={(e) => set({ active: e.target.checked })} />
            <Checkbox label="Take orders beyond stock (back-order)" checked={d.allowBackorder} onChange={(e) => set({ allowBackorder: e.target.checked })} />
          </div>
        </fieldset>

        <section className="panel" aria-labelledby="form-h">
          <h2 id="form-h">Order form</h2>
          <FormBuilder fields={fields} onChange={setFields} currency={d.currency} errors={errors} readOnly={!canWrite} />
        </section>

        {canWrite ? (
          <div className="row end">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Saving…' : product ? 'Save product' : 'Create product'}
            </button>
          </div>
        ) : null}
      </form>
      {product?.stock ? <StockPanel product={product} onChanged={onSaved} /> : null}
    </Page>
  );
}

function StockPanel({ product, onChanged }: { product: Product; onChanged: (p: Product) => void }) {
  const session = useSession();
  const [delta, setDelta] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const errors = byPointer(problem?.errors ?? []);
  const s = product.stock;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await unwrap(client.POST('/api/v1/products/{id}/stock-adjustments', { params: { path: { id: product.id } }, body: { delta: Number(delta), reason } }));
      onChanged(await unwrap(client.GET('/api/v1/products/{id}', { params: { path: { id: product.id } } })));
      setDelta('');
      setReason('');
      setProblem(null);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.problem : null);
    }
  };
  return (
    <section className="panel" aria-labelledby="stock-h" style={{ marginTop: '1rem' }}>
      <h2 id="stock-h">Stock</h2>
      <dl className="facts">
        <dt>On hand</dt>
        <dd>{s?.onHand}</dd>
        <dt>Reserved for orders</dt>
        <dd>{s?.reserved}</dd>
        <dt>Available</dt>
        <dd>{s?.available}</dd>
      </dl>
      {session.can('stock.adjust') ? (
        <form className="row" style={{ alignItems: 'flex-end', marginTop: '0.75rem' }} onSubmit={(e) => void submit(e)}>
          <TextField label="Count in (+) or out (−)" type="number" pointer="/delta" error={errors['/delta'] ?? (problem && !problem.errors.length ? problem.detail : undefined)} value={delta} onChange={(e) => setDelta(e.target.value)} />
          <TextField label="Reason" pointer="/reason" error={errors['/reason']} value={reason} onChange={(e) => setReason(e.target.value)} className="spacer" />
          <button type="submit">Adjust stock</button>
        </form>
      ) : null}
    </section>
  );
}
