/**
 * Taking an order by phone, at the counter or from an e-mail. Find or create the
 * customer as you type, add products by name or SKU, fill each line's own form
 * fields, and place it — every missing field comes back at once, beside its
 * field — or save what you have as a draft. Built for the keyboard.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError, client, newIdempotencyKey, unwrap, type Channel, type Customer, type Problem, type Product } from '../../api/client';
import { navigate } from '../../app/router';
import { setFlash } from '../../app/flash';
import { useAsync } from '../../app/useAsync';
import { Combobox } from '../../components/Combobox';
import { ErrorState, ErrorSummary, Loading, Page, SelectField, TextArea, TextField, errorText } from '../../components/ui';
import { OrderFormFields } from '../../forms/OrderFormFields';
import { DeliveryFields } from '../../forms/DeliveryFields';
import { contactBody, deliveryBody, lineTotals, linesBody, newLine, type ContactState, type DeliveryState, type LineState, firstInputOf, withMissing } from '../../forms/order-draft';
import { evaluateForm } from '../../forms/form-state';
import { CHANNEL_LABEL } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { byPointer, fieldId, under } from '../../lib/problems';
import styles from './NewOrder.module.css';

const STAFF_CHANNELS: Channel[] = ['phone', 'in_person', 'email'];

export function NewOrderPage() {
  const data = useAsync(async () => {
    const [products, settings] = await Promise.all([unwrap(client.GET('/api/v1/products', { params: { query: { active: 'true', limit: 200 } } })), unwrap(client.GET('/api/v1/settings'))]);
    return { products: products.items, settings };
  }, []);
  if (data.error) return <ErrorState error={data.error} retry={data.reload} />;
  if (!data.data) return <Loading what="Loading the catalog" />;
  return <OrderForm products={data.data.products} settings={data.data.settings} />;
}

function OrderForm({ products, settings }: { products: Product[]; settings: { currency: string; defaultCountry: string; deliveryFeesMinor: Record<'shipping' | 'pickup' | 'local_delivery', number>; deliveryTaxRateBp: number } }) {
  const [channel, setChannel] = useState<Channel>('phone');
  const [contact, setContact] = useState<ContactState>({ name: '', email: '', phone: '', company: '' });
  const [chosen, setChosen] = useState<Customer | null>(null);
  const [suggestions, setSuggestions] = useState<Customer[]>([]);
  const [search, setSearch] = useState('');
  const [productText, setProductText] = useState('');
  const [lines, setLines] = useState<LineState[]>([]);
  const [delivery, setDelivery] = useState<DeliveryState>({ method: 'shipping', line1: '', line2: '', city: '', postalCode: '', country: settings.defaultCountry, requestedDate: '', instructions: '' });
  const [notes, setNotes] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState<'place' | 'draft' | null>(null);
  const idempotencyKey = useRef(newIdempotencyKey());
  const focusLine = useRef<string | null>(null);
  const errors = byPointer(problem?.errors ?? []);

  // Find the customer as you type (name, phone or e-mail).
  useEffect(() => {
    const q = search.trim();
    if (chosen || q.length < 2) {
      setSuggestions([]);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      void unwrap(client.GET('/api/v1/customers', { params: { query: { q, limit: 8 } } }))
        .then((r) => live && setSuggestions(r.items))
        .catch(() => live && setSuggestions([]));
    }, 150);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [search, chosen]);

  // After adding a line, move to its first field.
  useEffect(() => {
    if (!focusLine.current) return;
    const el = firstInputOf(focusLine.current);
    focusLine.current = null;
    el?.focus();
  }, [lines]);

  const productMatches = useMemo(() => {
    const q = productText.trim().toLowerCase();
    if (!q) return [];
    return products.filter((p) => p.name.toLowerCase().includes(q) || p.sku.toLowerCase().includes(q)).slice(0, 8);
  }, [productText, products]);

  const addLine = (p: Product) => {
    const line = newLine(p);
    focusLine.current = line.uid;
    setLines((ls) => [...ls, line]);
    setProductText('');
  };
  const updateLine = (uid: string, patch: Partial<LineState>) => setLines((ls) => ls.map((l) => (l.uid === uid ? { ...l, ...patch } : l)));
  const setContactField = (k: keyof ContactState, v: string) => {
    setContact((c) => ({ ...c, [k]: v }));
    setSearch(v);
  };

  const fee = settings.deliveryFeesMinor[delivery.method] ?? 0;
  const { priced, totals } = lineTotals(lines, fee, settings.deliveryTaxRateBp);
  const customerBody = chosen ? { id: chosen.id } : contactBody(contact);
  const labels: Record<string, string> = {};
  lines.forEach((l, i) => {
    labels[`/lines/${i}/quantity`] = `Line ${i + 1} (${l.product.name})`;
    for (const f of l.product.formFields) labels[`/lines/${i}/fields/${f.key}`] = `Line ${i + 1} (${l.product.name})`;
  });

  const fail = (e: unknown, checkLines = false) => {
    setProblem(e instanceof ApiError ? (checkLines ? withMissing(e.problem, lines) : e.problem) : { title: 'Could not save', status: 0, code: 'error', detail: errorText(e), errors: [] });
  };

  const place = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy('place');
    try {
      const order = await unwrap(
        client.POST('/api/v1/orders', {
          params: { header: { 'idempotency-key': idempotencyKey.current } },
          body: { channel, customer: customerBody, lines: linesBody(lines), delivery: deliveryBody(delivery), notes: notes.trim() },
        }),
      );
      idempotencyKey.current = newIdempotencyKey();
      setFlash(`Order ${order.number} placed for ${(order.customer as { name?: string } | null)?.name ?? 'the customer'}.`);
      navigate(`/orders/${order.number ?? order.id}`);
    } catch (err) {
      fail(err, true);
      setBusy(null);
    }
  };

  const saveDraft = async () => {
    if (busy) return;
    setBusy('draft');
    try {
      const d = deliveryBody(delivery);
      const order = await unwrap(
        client.POST('/api/v1/orders/drafts', {
          body: {
            channel,
            customer: customerBody,
            lines: lines.map((l) => ({ productId: l.product.id, ...(Number.isInteger(Number(l.quantity)) && Number(l.quantity) > 0 ? { quantity: Number(l.quantity) } : {}), fields: evaluateForm(l.product.formFields, l.values).answers })),
            delivery: d,
            ...(notes.trim() ? { notes: notes.trim() } : {}),
          },
        }),
      );
      setFlash('Draft saved. It lists what is still missing; place it from here when you have it.');
      navigate(`/orders/${order.id}`);
    } catch (err) {
      fail(err);
      setBusy(null);
    }
  };

  return (
    <Page title="Take an order" subtitle="Everything the customer tells you; what is missing is shown beside each field.">
      <form onSubmit={(e) => void place(e)} noValidate className={styles.form} aria-describedby="order-help">
        <p id="order-help" className="sr-only">
          Type to find the customer or a product; use the arrow keys and Enter to choose a suggestion.
        </p>
        <ErrorSummary problem={problem} labels={labels} />
        <section className="panel" aria-labelledby="cust-h">
          <div className="row">
            <h2 id="cust-h" className="spacer">
              Customer
            </h2>
            <SelectField label="Channel" className={styles.channel} value={channel} onChange={(e) => setChannel(e.target.value as Channel)}>
              {STAFF_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {CHANNEL_LABEL[c]}
                </option>
              ))}
            </SelectField>
          </div>
          {chosen ? (
            <div className={styles.chosen} aria-live="polite">
              <div>
                <strong>{chosen.name}</strong>
                {chosen.company ? ` · ${chosen.company}` : ''}
                <div className="muted">{[chosen.phone, chosen.email].filter(Boolean).join(' · ') || 'No contact details'}</div>
              </div>
              <button type="button" onClick={() => { setChosen(null); setSearch(''); }}>
                Change customer
              </button>
            </div>
          ) : (
            <div className="grid">
              <Combobox
                id={fieldId('/customer/name')}
                label={<>Name <span className="req" aria-hidden="true">*</span></>}
                value={contact.name}
                onInput={(v) => setContactField('name', v)}
                items={suggestions}
                itemKey={(c) => c.id}
                renderItem={(c) => <CustomerOption c={c} />}
                onChoose={(c) => { setChosen(c); setSuggestions([]); }}
                error={errors['/customer/name'] ?? errors['/customer']}
                hint="Type a name, phone or e-mail: known customers appear; a new one is created otherwise."
                inputProps={{ autoFocus: true }}
              />
              <Combobox id={fieldId('/customer/phone')} label="Phone" value={contact.phone} onInput={(v) => setContactField('phone', v)} items={suggestions} itemKey={(c) => c.id} renderItem={(c) => <CustomerOption c={c} />} onChoose={(c) => { setChosen(c); setSuggestions([]); }} error={errors['/customer/phone']} inputProps={{ type: 'tel', autoComplete: 'off' }} />
              <Combobox id={fieldId('/customer/email')} label="E-mail" value={contact.email} onInput={(v) => setContactField('email', v)} items={suggestions} itemKey={(c) => c.id} renderItem={(c) => <CustomerOption c={c} />} onChoose={(c) => { setChosen(c); setSuggestions([]); }} error={errors['/customer/email']} inputProps={{ type: 'email' }} />
            </div>
          )}
        </section>

        <section className="panel" aria-labelledby="lines-h">
          <h2 id="lines-h">Products</h2>
          {errors['/lines'] ? <p className="field-error" role="alert">{errors['/lines']}</p> : null}
          <ol className={styles.lines}>
            {lines.map((l, i) => {
              const fieldErrors = under(errors, `/lines/${i}/fields/`);
              const lineError = errors[`/lines/${i}/fields`] ?? errors[`/lines/${i}/sku`] ?? errors[`/lines/${i}/productId`] ?? errors[`/lines/${i}`];
              const p = priced[i];
              return (
                <li key={l.uid} className={styles.line} data-line={l.uid} aria-label={`Line ${i + 1}: ${l.product.name}`}>
                  <div className={styles.lineHead}>
                    <div className="spacer">
                      <strong>{l.product.name}</strong> <span className="muted">{l.product.sku}</span>
                      <div className="muted">
                        {formatMoney(l.product.priceMinor, l.product.currency)} each
                        {'stock' in l.product && (l.product as Product).stock ? ` · ${(l.product as Product).stock?.available ?? 0} available` : ''}
                      </div>
                    </div>
                    <TextField label="Quantity" className={styles.qty} type="number" min={1} inputMode="numeric" pointer={`/lines/${i}/quantity`} error={errors[`/lines/${i}/quantity`]} value={l.quantity} onChange={(e) => updateLine(l.uid, { quantity: e.target.value })} />
                    <div className={styles.lineTotal} aria-live="polite">
                      <span className="muted">Line total</span>
                      <strong>{formatMoney(p ? (p.unitPriceMinor + p.optionsPriceMinor) * p.quantity : 0, l.product.currency)}</strong>
                    </div>
                    <button type="button" className="link" onClick={() => setLines((ls) => ls.filter((x) => x.uid !== l.uid))} aria-label={`Remove line ${i + 1} (${l.product.name})`}>
                      Remove
                    </button>
                  </div>
                  {lineError ? <p className="field-error" role="alert">{lineError}</p> : null}
                  <OrderFormFields fields={l.product.formFields} values={l.values} onChange={(k, v) => updateLine(l.uid, { values: { ...l.values, [k]: v } })} errors={fieldErrors} currency={l.product.currency} idPrefix={fieldId(`/lines/${i}/fields`)} />
                </li>
              );
            })}
          </ol>
          <Combobox
            label="Add a product"
            value={productText}
            onInput={setProductText}
            items={productMatches}
            itemKey={(p) => p.id}
            renderItem={(p) => (
              <span>
                <strong>{p.name}</strong> <span className="muted">{p.sku} · {formatMoney(p.priceMinor, p.currency)}{p.stock ? ` · ${p.stock.available} available` : ''}</span>
              </span>
            )}
            onChoose={addLine}
            emptyText="No product matches"
            hint={lines.length === 0 ? 'Type a name or SKU, then Enter.' : undefined}
            error={lines.length === 0 ? errors['/lines'] : undefined}
            inputProps={{ 'data-pointers': '/lines' }}
          />
        </section>

        <section className="panel" aria-labelledby="delivery-h">
          <h2 id="delivery-h">Delivery</h2>
          <DeliveryFields value={delivery} onChange={setDelivery} errors={errors} fees={settings.deliveryFeesMinor} currency={settings.currency} />
          <TextArea label="Notes for the team" rows={2} pointer="/notes" error={errors['/notes']} value={notes} onChange={(e) => setNotes(e.target.value)} />
        </section>

        <section className={`panel ${styles.footer}`} aria-label="Total and save">
          <dl className={styles.totals} aria-live="polite">
            <div><dt>Lines</dt><dd>{formatMoney(totals.linesTotalMinor, settings.currency)}</dd></div>
            <div><dt>Delivery</dt><dd>{formatMoney(totals.deliveryFeeMinor, settings.currency)}</dd></div>
            <div><dt>Tax</dt><dd>{formatMoney(totals.taxTotalMinor, settings.currency)}</dd></div>
            <div className={styles.grand}><dt>Total</dt><dd data-testid="order-total">{formatMoney(totals.grandTotalMinor, settings.currency)}</dd></div>
          </dl>
          <div className="row end">
            <button type="button" onClick={() => void saveDraft()} disabled={busy !== null}>
              {busy === 'draft' ? 'Saving…' : 'Save as draft'}
            </button>
            <button type="submit" className="primary" disabled={busy !== null}>
              {busy === 'place' ? 'Placing…' : 'Place order'}
            </button>
          </div>
        </section>
      </form>
    </Page>
  );
}

function CustomerOption({ c }: { c: Customer }) {
  return (
    <span>
      <strong>{c.name}</strong>
      {c.company ? ` · ${c.company}` : ''} <span className="muted">{[c.phone, c.email].filter(Boolean).join(' · ')}</span>
    </span>
  );
}
