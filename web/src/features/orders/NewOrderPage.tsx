/**
 * The staff order form: taking an order by phone, at the counter or from an
 * e-mail; completing a saved draft; and changing a placed order where the API
 * allows it (lines until it is confirmed; delivery and notes after). Find or
 * create the customer as you type, add products by name or SKU, fill each
 * line's own form fields — every missing field comes back at once, beside its
 * field. The lines, totals, submit and the kept-as-you-type state are the
 * shared useOrderForm() and OrderLinesEditor; this page keeps the customer,
 * the channel and its layout. Built for the keyboard.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useClearOfBar } from '../../forms/useClearOfBar';
import { useT } from '../../i18n/i18n';
import { ApiError, client, unwrap, type Channel, type Customer, type Order, type Problem, type Product } from '../../api/client';
import { navigate, Link, useLocation } from '../../app/router';
import { setFlash } from '../../app/flash';
import { useAsync } from '../../app/useAsync';
import { Combobox } from '../../components/Combobox';
import { ErrorState, ErrorSummary, Loading, Page, SelectField, TextArea, TextField } from '../../components/ui';
import { DeliveryFields, type PreviousAddress } from '../../forms/DeliveryFields';
import { OrderLinesEditor } from '../../forms/OrderLinesEditor';
import { emptyContact, emptyDelivery, useOrderForm, type OrderFormValues } from '../../forms/useOrderForm';
import { contactBody, deliveryBody, linesBody, newLine, type DeliveryMethod, type DeliveryState, type LineState } from '../../forms/order-draft';
import { evaluateForm } from '../../forms/form-state';
import { CHANNEL_LABEL } from '../../lib/format';
import { formatMoney, parseMoney } from '../../lib/money';
import { computeTotals } from '@server/orders/totals.ts';
import { fieldId } from '../../lib/problems';
import styles from './NewOrder.module.css';
import { ExpectedDate, useExpectedDate } from '../../forms/ExpectedDate';
import { useSession } from '../../app/session';
import { ReturnToCustomer } from './ReturnToCustomer';

const STAFF_CHANNELS: Channel[] = ['phone', 'in_person', 'email'];

type Settings = { currency: string; defaultCountry: string; deliveryFeesMinor: Record<DeliveryMethod, number>; deliveryTaxRateBp: number };
/**
 * What this page keeps beside the shared form: the channel, the chosen customer, and the version of the order being changed;
 * for a quote, its last valid day and each line's agreed price and reason (by line uid).
 */
type Extras = { channel: Channel; chosen: Customer | null; version: number | null; validUntil?: string; agreed?: Record<string, { price: string; reason: string }> };
type Mode = { kind: 'new' } | { kind: 'draft'; order: Order } | { kind: 'edit'; order: Order } | { kind: 'quote'; inquiryId?: string | undefined };

async function loadCatalog() {
  const [products, settings] = await Promise.all([unwrap(client.GET('/api/v1/products', { params: { query: { active: 'true', limit: 200 } } })), unwrap(client.GET('/api/v1/settings'))]);
  return { products: products.items, settings: settings as Settings };
}

/** The products an order's lines name, from the catalog or (no longer on sale) one by one. */
async function withProducts(products: Product[], ids: string[]): Promise<Product[]> {
  const known = new Set(products.map((p) => p.id));
  const missing = [...new Set(ids.filter((id) => !known.has(id)))];
  const extra = await Promise.all(missing.map((id) => unwrap(client.GET('/api/v1/products/{id}', { params: { path: { id } } })).catch(() => null)));
  return [...products, ...extra.filter((p): p is Product => p !== null)];
}

export function NewOrderPage() {
  const data = useAsync(loadCatalog, []);
  if (data.error) return <ErrorState error={data.error} retry={data.reload} />;
  if (!data.data) return <Loading what="Loading the catalog" />;
  const { products, settings } = data.data;
  const initial: OrderFormValues<Extras> = { lines: [], contact: emptyContact(), delivery: emptyDelivery(settings.defaultCountry), notes: '', extras: { channel: 'phone', chosen: null, version: null } };
  return <OrderForm mode={{ kind: 'new' }} products={products} settings={settings} initial={initial} storageKey="orderly:order-form:new" />;
}

/**
 * A new quote: the same order form (customer, lines with their product forms, delivery), with a validity date and agreed prices.
 * From an inquiry (?inquiry=id): filled with its customer (or contact) and the products asked about with the options given; the quote names the inquiry.
 */
export function NewQuotePage() {
  const inquiryId = useLocation().query.get('inquiry') ?? undefined;
  const data = useAsync(async () => {
    const catalog = await loadCatalog();
    if (!inquiryId) return { ...catalog, inquiry: null, chosen: null };
    const inquiry = await unwrap(client.GET('/api/v1/inquiries/{id}', { params: { path: { id: inquiryId } } }));
    const products = await withProducts(catalog.products, inquiry.products.map((p) => p.productId));
    const chosen = inquiry.customer ? await unwrap(client.GET('/api/v1/customers/{id}', { params: { path: { id: inquiry.customer.id } } })).catch(() => null) : null;
    return { products, settings: catalog.settings, inquiry, chosen };
  }, [inquiryId]);
  if (data.error) return <ErrorState error={data.error} retry={data.reload} />;
  if (!data.data) return <Loading what="Loading the catalog" />;
  const { products, settings, inquiry, chosen } = data.data;
  const in30 = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const lines: LineState[] = (inquiry?.products ?? []).flatMap((asked) => {
    const p = products.find((x) => x.id === asked.productId);
    return p ? [{ ...newLine(p), quantity: '1', values: Object.fromEntries(asked.answers.map((a) => [a.key, a.value])) }] : [];
  });
  const contact = inquiry ? { name: chosen?.name ?? inquiry.contact.name, email: chosen?.email ?? inquiry.contact.email ?? '', phone: chosen?.phone ?? inquiry.contact.phone ?? '', company: chosen?.company ?? '' } : emptyContact();
  const initial: OrderFormValues<Extras> = { lines, contact, delivery: emptyDelivery(settings.defaultCountry), notes: '', extras: { channel: 'email', chosen, version: null, validUntil: in30, agreed: {} } };
  return (
    <OrderForm
      key={inquiryId ?? 'new'}
      mode={{ kind: 'quote', inquiryId }}
      products={products}
      settings={settings}
      initial={initial}
      storageKey={inquiryId ? `orderly:quote-form:inquiry:${inquiryId}` : 'orderly:quote-form:new'}
      notice={inquiry ? <p className="notice" data-testid="quote-from-inquiry">For the <Link to={`/inquiries/${inquiry.id}`}>inquiry from {inquiry.customer?.name ?? inquiry.contact.name}</Link>: sending this quote marks it quoted, its acceptance won.</p> : null}
    />
  );
}

type DraftInput = {
  channel?: Channel;
  customer?: { id?: string; name?: string; email?: string; phone?: string; company?: string };
  lines?: { productId?: string; sku?: string; quantity?: number; fields?: Record<string, unknown> }[];
  delivery?: { method?: DeliveryMethod; address?: { line1?: string; line2?: string; city?: string; postalCode?: string; country?: string }; requestedDate?: string; instructions?: string };
  notes?: string;
};
type OrderDelivery = DraftInput['delivery'];

function deliveryState(d: OrderDelivery | null | undefined, country: string): DeliveryState {
  return {
    ...emptyDelivery(country),
    ...(d?.method ? { method: d.method } : {}),
    line1: d?.address?.line1 ?? '',
    line2: d?.address?.line2 ?? '',
    city: d?.address?.city ?? '',
    postalCode: d?.address?.postalCode ?? '',
    country: d?.address?.country ?? country,
    requestedDate: d?.requestedDate ?? '',
    instructions: d?.instructions ?? '',
  };
}

/** A saved draft, opened in the order form with what was saved and what is still missing beside its field. */
export function DraftOrderForm({ order }: { order: Order }) {
  const canReturn = useSession().can('orders.place');
  const draft = (order.draft ?? {}) as DraftInput;
  const data = useAsync(async () => {
    const { products, settings } = await loadCatalog();
    const all = await withProducts(products, (draft.lines ?? []).flatMap((l) => (l.productId ? [l.productId] : [])));
    const chosen = draft.customer?.id ? await unwrap(client.GET('/api/v1/customers/{id}', { params: { path: { id: draft.customer.id } } })).catch(() => null) : null;
    return { products: all, settings, chosen };
  }, [order.id, order.version]);
  if (data.error) return <ErrorState error={data.error} retry={data.reload} />;
  if (!data.data) return <Loading what="Opening the draft" />;
  const { products, settings, chosen } = data.data;
  const lines: LineState[] = [];
  let unknown = 0;
  for (const l of draft.lines ?? []) {
    const p = products.find((x) => (l.productId ? x.id === l.productId : x.sku === l.sku));
    if (!p) {
      unknown++;
      continue;
    }
    lines.push({ ...newLine(p), quantity: l.quantity !== undefined ? String(l.quantity) : '', values: l.fields ?? {} });
  }
  const c = draft.customer ?? {};
  const initial: OrderFormValues<Extras> = {
    lines,
    contact: { name: c.name ?? '', email: c.email ?? '', phone: c.phone ?? '', company: c.company ?? '' },
    delivery: deliveryState(draft.delivery, settings.defaultCountry),
    notes: draft.notes ?? '',
    extras: { channel: draft.channel ?? order.channel, chosen, version: order.version },
  };
  const missing: Problem | null = order.missing && order.missing.length ? { title: 'Still needed', status: 422, code: 'validation_failed', detail: 'Still needed before this draft can be placed', errors: order.missing } : null;
  return (
    <OrderForm
      key={`${order.id}:${order.version}`}
      mode={{ kind: 'draft', order }}
      products={products}
      settings={settings}
      initial={initial}
      initialProblem={missing}
      storageKey={`orderly:order-form:${order.id}`}
      notice={unknown > 0 ? <p className="notice warn">{unknown === 1 ? 'One line names a product' : `${unknown} lines name products`} that could not be found; add them again.</p> : null}
      after={<ReturnToCustomer order={order} canSend={canReturn} />}
    />
  );
}

/** A placed order's lines (until it is confirmed), delivery and notes, changed in the order form. */
export function EditOrderPage({ id }: { id: string }) {
  const data = useAsync(async () => {
    const order = await unwrap(client.GET('/api/v1/orders/{id}', { params: { path: { id } } }));
    const { products, settings } = await loadCatalog();
    return { order, products: await withProducts(products, order.lines.map((l) => l.productId)), settings };
  }, [id]);
  if (data.error) return <ErrorState error={data.error} retry={data.reload} />;
  if (!data.data) return <Loading what="Loading the order" />;
  const { order, products, settings } = data.data;
  // A draft is changed in its own form (the order page opens it).
  if (order.status === 'draft') return <DraftOrderForm order={order} />;
  if (!order.editable.delivery) {
    return (
      <Page title={`Order ${order.number ?? ''}`}>
        <p className="notice warn">A {order.status.replace('_', ' ')} order can no longer be changed. <Link to={`/orders/${order.number ?? order.id}`}>Back to the order</Link></p>
      </Page>
    );
  }
  const lines: LineState[] = order.lines.flatMap((l) => {
    const p = products.find((x) => x.id === l.productId);
    return p ? [{ ...newLine(p), quantity: String(l.quantity), values: Object.fromEntries(Object.values(l.answers).map((a) => [a.key, a.value])) }] : [];
  });
  const { customer } = order;
  const initial: OrderFormValues<Extras> = {
    lines,
    contact: { name: customer?.name ?? '', email: customer?.email ?? '', phone: customer?.phone ?? '', company: customer?.company ?? '' },
    delivery: deliveryState(order.delivery, settings.defaultCountry),
    notes: order.notes,
    extras: { channel: order.channel, chosen: null, version: order.version },
  };
  return <OrderForm key={`${order.id}:${order.version}`} mode={{ kind: 'edit', order }} products={products} settings={settings} initial={initial} storageKey={`orderly:order-form:${order.id}`} />;
}

type FormProps = { mode: Mode; products: Product[]; settings: Settings; initial: OrderFormValues<Extras>; storageKey: string; initialProblem?: Problem | null; notice?: ReactNode; /** Below the form (outside it): the draft's own actions. */ after?: ReactNode };

const ADD_PRODUCT_ID = 'add-product';

function OrderForm({ mode, products, settings, initial, storageKey, initialProblem = null, notice = null, after = null }: FormProps) {
  const form = useOrderForm<Extras>({ initial, storageKey, products, deliveryFeesMinor: settings.deliveryFeesMinor, deliveryTaxRateBp: settings.deliveryTaxRateBp, initialProblem });
  const bar = useRef<HTMLElement>(null);
  useClearOfBar(bar);
  const t = useT();
  const { lines, contact, delivery, notes, extras, errors, totals } = form;
  const { channel, chosen } = extras;
  const [suggestions, setSuggestions] = useState<Customer[]>([]);
  const [search, setSearch] = useState('');
  const [productText, setProductText] = useState('');
  const [stale, setStale] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const order = mode.kind === 'new' || mode.kind === 'quote' ? null : mode.order;
  const isQuote = mode.kind === 'quote';
  const agreed = extras.agreed ?? {};
  const setAgreed = (uid: string, patch: Partial<{ price: string; reason: string }>) => form.setExtras({ agreed: { ...agreed, [uid]: { price: '', reason: '', ...agreed[uid], ...patch } } });
  const agreedMinor = (uid: string) => {
    const a = agreed[uid];
    return a && a.price.trim() ? parseMoney(a.price, settings.currency) : undefined;
  };
  // A quote's totals with its agreed prices, by the orders' own arithmetic.
  const shownTotals = isQuote ? computeTotals(lines.map((l) => { const q = Number(l.quantity); return { quantity: Number.isInteger(q) && q > 0 ? q : 0, unitPriceMinor: agreedMinor(l.uid) ?? l.product.priceMinor, optionsPriceMinor: evaluateForm(l.product.formFields, l.values).priceDeltaMinor, taxRateBp: l.product.taxRateBp }; }), settings.deliveryFeesMinor[delivery.method] ?? 0, settings.deliveryTaxRateBp) : totals;
  const linesLocked = mode.kind === 'edit' && !mode.order.editable.lines;
  const expectedDate = useExpectedDate(lines, delivery.requestedDate, 'staff');
  const orderPath = order ? `/orders/${order.number ?? order.id}` : '/orders';
  // Find the customer as you type (name, phone or e-mail).
  useEffect(() => {
    const q = search.trim();
    if (chosen || q.length < 2 || mode.kind === 'edit') {
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
  }, [search, chosen, mode.kind]);

  const productMatches = useMemo(() => {
    const q = productText.trim().toLowerCase();
    if (!q) return [];
    return products.filter((p) => p.active !== false && (p.name.toLowerCase().includes(q) || p.sku.toLowerCase().includes(q))).slice(0, 8);
  }, [productText, products]);

  const addLine = (p: Product) => {
    form.addLine(p);
    setProductText('');
  };
  const setContactField = (k: keyof typeof contact, v: string) => {
    form.setContact({ ...contact, [k]: v });
    setSearch(v);
  };
  const choose = (c: Customer | null) => {
    form.setExtras({ chosen: c });
    setSuggestions([]);
    if (!c) setSearch('');
    // The next thing a clerk does after picking the customer is to add a product: go there.
    if (c) setTimeout(() => document.getElementById(ADD_PRODUCT_ID)?.focus(), 0);
  };
  // A returning customer's earlier delivery addresses, offered in the delivery fields.
  const [previous, setPrevious] = useState<PreviousAddress[]>([]);
  useEffect(() => {
    if (!chosen) {
      setPrevious([]);
      return;
    }
    let live = true;
    void unwrap(client.GET('/api/v1/customers/{id}/delivery-addresses', { params: { path: { id: chosen.id } } }))
      .then((r) => live && setPrevious(r.items.map((i) => i.address)))
      .catch(() => live && setPrevious([]));
    return () => {
      live = false;
    };
  }, [chosen]);

  const customerBody = chosen ? { id: chosen.id } : contactBody(contact);
  const labels: Record<string, string> = {};
  lines.forEach((l, i) => {
    labels[`/lines/${i}/quantity`] = `Line ${i + 1} (${l.product.name})`;
    for (const f of l.product.formFields) labels[`/lines/${i}/fields/${f.key}`] = `Line ${i + 1} (${l.product.name})`;
  });

  /** What a draft holds: whatever is there, incomplete or not. */
  const draftBody = () => ({
    channel,
    customer: customerBody,
    lines: lines.map((l) => ({ productId: l.product.id, ...(Number.isInteger(Number(l.quantity)) && Number(l.quantity) > 0 ? { quantity: Number(l.quantity) } : {}), fields: evaluateForm(l.product.formFields, l.values).answers })),
    delivery: deliveryBody(delivery),
    ...(notes.trim() ? { notes: notes.trim() } : {}),
  });
  const ifMatch = () => `"${extras.version ?? 0}"`;
  /** A 412 or 409 on a change: someone else changed the order; offer to reload instead of pretending it worked. */
  const isStale = (e: unknown) => e instanceof ApiError && (e.status === 412 || e.status === 409) && ['version_mismatch', 'conflict'].includes(e.problem.code);
  const guard = async <T,>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (e) {
      if (isStale(e)) setStale(true);
      throw e;
    }
  };
  const done = (message: string, to: string) => {
    setFlash(message);
    navigate(to);
  };

  const place = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    if (mode.kind === 'quote') {
      const quoteLines = linesBody(lines).map((l, i) => {
        const uid = lines[i]?.uid ?? '';
        const price = agreedMinor(uid);
        const reason = agreed[uid]?.reason.trim() ?? '';
        return { ...l, ...(price !== undefined ? { agreedUnitPriceMinor: price } : {}), ...(reason ? { agreedPriceReason: reason } : {}) };
      });
      void form.submit(
        'place',
        () => unwrap(client.POST('/api/v1/quotes', { body: { customer: customerBody, lines: quoteLines, delivery: deliveryBody(delivery), notes: notes.trim(), ...(extras.validUntil ? { validUntil: extras.validUntil } : {}), ...(mode.inquiryId ? { inquiryId: mode.inquiryId } : {}) } })),
        (q) => done(`Quote ${q.number} prepared for ${q.customer.name}. Check it, then send it.`, `/quotes/${q.number}`),
        { checkLines: true },
      );
    } else if (mode.kind === 'new') {
      void form.submit(
        'place',
        (key) => unwrap(client.POST('/api/v1/orders', { params: { header: { 'idempotency-key': key } }, body: { channel, customer: customerBody, lines: linesBody(lines), delivery: deliveryBody(delivery), notes: notes.trim() } })),
        (o) => done(`Order ${o.number} placed for ${o.customer?.name ?? 'the customer'}.`, `/orders/${o.number ?? o.id}`),
        { checkLines: true },
      );
    } else if (mode.kind === 'draft') {
      // Saved first (so nothing typed is lost), then submitted against the version just saved.
      void form.submit(
        'place',
        () =>
          guard(async () => {
            const saved = await unwrap(client.PATCH('/api/v1/orders/{id}', { params: { path: { id: mode.order.id }, header: { 'if-match': ifMatch() } }, body: draftBody() }));
            form.setExtras({ version: saved.version });
            return unwrap(client.POST('/api/v1/orders/{id}/submit', { params: { path: { id: mode.order.id }, header: { 'if-match': `"${saved.version}"` } } }));
          }),
        (o) => done(`Order ${o.number} placed.`, `/orders/${o.number ?? o.id}`),
        { checkLines: true },
      );
    } else {
      const body = { delivery: deliveryBody(delivery), notes: notes.trim(), ...(linesLocked ? {} : { lines: linesBody(lines) }) };
      void form.submit(
        'save',
        () => guard(() => unwrap(client.PATCH('/api/v1/orders/{id}', { params: { path: { id: mode.order.id }, header: { 'if-match': ifMatch() } }, body }))),
        (o) => done('Changes saved.', `/orders/${o.number ?? o.id}`),
        { checkLines: true },
      );
    }
  };

  const saveDraft = () => {
    setSaved(null);
    if (mode.kind === 'new') {
      void form.submit(
        'draft',
        () => unwrap(client.POST('/api/v1/orders/drafts', { body: draftBody() })),
        (o) => done('Draft saved. What is still missing is shown beside each field; place it from here when you have it.', `/orders/${o.id}`),
      );
    } else if (mode.kind === 'draft') {
      void form.submit(
        'draft',
        () => guard(() => unwrap(client.PATCH('/api/v1/orders/{id}', { params: { path: { id: mode.order.id }, header: { 'if-match': ifMatch() } }, body: draftBody() }))),
        (o) => {
          form.setExtras({ version: o.version });
          form.forget();
          if (o.missing?.length) form.setProblem({ title: 'Still needed', status: 422, code: 'validation_failed', detail: 'Still needed before this draft can be placed', errors: o.missing });
          setSaved('Draft saved.');
        },
      );
    }
  };

  const reload = () => {
    form.forget();
    window.location.reload();
  };

  const title = mode.kind === 'quote' ? 'New quote' : mode.kind === 'new' ? 'Take an order' : mode.kind === 'draft' ? 'Draft order' : `Change order ${mode.order.number ?? ''}`;
  const subtitle =
    mode.kind === 'quote' ? 'The same form as an order; a line may carry an agreed price with its reason. The customer accepts it from the e-mailed link.'
    : mode.kind === 'new' ? 'Everything the customer tells you; what is missing is shown beside each field.'
    : mode.kind === 'draft' ? 'Complete what is missing (shown beside each field), then place it.'
    : linesLocked ? 'The order is confirmed: its lines are fixed; delivery and notes can still change.'
    : 'Lines, delivery and notes can change until the order is confirmed.';

  return (
    <Page title={title} subtitle={subtitle} actions={order ? <Link to={orderPath}>{mode.kind === 'edit' ? 'Back to the order' : 'Order details'}</Link> : undefined}>
      <form onSubmit={place} noValidate className={styles.form} aria-describedby="order-help">
        <p id="order-help" className="sr-only">
          Type to find the customer or a product; use the arrow keys and Enter to choose a suggestion.
        </p>
        {notice}
        {form.restored ? (
          <div className="notice" role="status">
            Restored what you were typing{form.restored.dropped ? ` (${form.restored.dropped} line${form.restored.dropped === 1 ? '' : 's'} for products no longer on sale left out)` : ''}.{' '}
            <button type="button" className="link" onClick={() => { form.reset(); setSaved(null); }}>
              Start over
            </button>
          </div>
        ) : null}
        {stale ? (
          <div className="notice warn" role="alert" data-testid="stale-warning">
            <strong>Someone else changed this order since you opened it.</strong> Your changes were not saved. Reload to see the order as it is now (what you typed here is dropped), then make your change again.{' '}
            <button type="button" className="primary" onClick={reload}>
              Reload the order
            </button>
          </div>
        ) : null}
        <div aria-live="polite">{saved ? <p className="notice">{saved}</p> : null}</div>
        <ErrorSummary problem={stale ? null : form.problem} labels={labels} />
        <section className="panel" aria-labelledby="cust-h">
          <div className="row">
            <h2 id="cust-h" className="spacer">
              Customer
            </h2>
            {isQuote ? null : mode.kind === 'edit' ? (
              <span className="muted">{CHANNEL_LABEL[channel]} order</span>
            ) : (
              <SelectField label="Channel" className={styles.channel} value={channel} onChange={(e) => form.setExtras({ channel: e.target.value as Channel })}>
                {(STAFF_CHANNELS.includes(channel) ? STAFF_CHANNELS : [channel, ...STAFF_CHANNELS]).map((c) => (
                  <option key={c} value={c}>
                    {CHANNEL_LABEL[c]}
                  </option>
                ))}
              </SelectField>
            )}
          </div>
          {mode.kind === 'edit' ? (
            <p>
              <strong>{contact.name || 'No name'}</strong>
              {contact.company ? ` · ${contact.company}` : ''} <span className="muted">{[contact.phone, contact.email].filter(Boolean).join(' · ')}</span>
            </p>
          ) : chosen ? (
            <div className={styles.chosen} aria-live="polite">
              <div>
                <strong>{chosen.name}</strong>
                {chosen.company ? ` · ${chosen.company}` : ''}
                <div className="muted">{[chosen.phone, chosen.email].filter(Boolean).join(' · ') || 'No contact details'}</div>
              </div>
              <button type="button" onClick={() => choose(null)}>
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
                onChoose={choose}
                error={errors['/customer/name'] ?? errors['/customer']}
                hint="Type a name, phone or e-mail: known customers appear; a new one is created otherwise."
                inputProps={{ autoFocus: mode.kind === 'new' || mode.kind === 'quote' }}
              />
              <Combobox id={fieldId('/customer/phone')} label="Phone" value={contact.phone} onInput={(v) => setContactField('phone', v)} items={suggestions} itemKey={(c) => c.id} renderItem={(c) => <CustomerOption c={c} />} onChoose={choose} error={errors['/customer/phone']} inputProps={{ type: 'tel', autoComplete: 'off' }} />
              <Combobox id={fieldId('/customer/email')} label="E-mail" value={contact.email} onInput={(v) => setContactField('email', v)} items={suggestions} itemKey={(c) => c.id} renderItem={(c) => <CustomerOption c={c} />} onChoose={choose} error={errors['/customer/email']} inputProps={{ type: 'email' }} />
            </div>
          )}
        </section>

        <section className="panel" aria-labelledby="lines-h">
          <h2 id="lines-h">Products</h2>
          {errors['/lines'] && lines.length > 0 ? <p className="field-error" role="alert">{errors['/lines']}</p> : null}
          <OrderLinesEditor form={form} layout="staff" disabled={linesLocked} />
          {isQuote && lines.length ? (
            <fieldset className="grid" data-testid="agreed-prices">
              <legend>Agreed prices (leave empty for the catalogue price)</legend>
              {lines.map((l, i) => (
                <div key={l.uid} className="row">
                  <TextField
                    label={`${l.product.name}: agreed unit price (before options and tax; catalogue ${formatMoney(l.product.priceMinor, settings.currency)})`}
                    pointer={`/lines/${i}/agreedUnitPriceMinor`}
                    error={errors[`/lines/${i}/agreedUnitPriceMinor`]}
                    inputMode="decimal"
                    value={agreed[l.uid]?.price ?? ''}
                    onChange={(e) => setAgreed(l.uid, { price: e.target.value })}
                  />
                  <TextField label={`${l.product.name}: why (the customer sees it)`} pointer={`/lines/${i}/agreedPriceReason`} error={errors[`/lines/${i}/agreedPriceReason`]} value={agreed[l.uid]?.reason ?? ''} onChange={(e) => setAgreed(l.uid, { reason: e.target.value })} />
                </div>
              ))}
            </fieldset>
          ) : null}
          {linesLocked ? null : (
            <Combobox
              id={ADD_PRODUCT_ID}
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
          )}
        </section>

        <section className="panel" aria-labelledby="delivery-h">
          <h2 id="delivery-h">Delivery</h2>
          {errors['/delivery'] ? <p className="field-error" role="alert">{errors['/delivery']}</p> : null}
          <DeliveryFields value={delivery} onChange={form.setDelivery} errors={errors} fees={settings.deliveryFeesMinor} currency={settings.currency} previous={previous} />
          <TextArea label={isQuote ? 'Notes (printed on the quote)' : 'Notes for the team'} rows={2} pointer="/notes" error={errors['/notes']} value={notes} onChange={(e) => form.setNotes(e.target.value)} />
          {isQuote ? <TextField label="Valid until" type="date" pointer="/validUntil" error={errors['/validUntil']} value={extras.validUntil ?? ''} onChange={(e) => form.setExtras({ validUntil: e.target.value })} /> : null}
        </section>

        <section className={`panel ${styles.footer}`} aria-label="Total and save" ref={bar} data-testid="totals-bar">
          <dl className={styles.totals} aria-live="polite">
            <div><dt>Lines</dt><dd>{formatMoney(shownTotals.linesTotalMinor, settings.currency)}</dd></div>
            <div><dt>Delivery</dt><dd>{formatMoney(shownTotals.deliveryFeeMinor, settings.currency)}</dd></div>
            <div><dt>Tax</dt><dd>{formatMoney(shownTotals.taxTotalMinor, settings.currency)}</dd></div>
            <div className={styles.grand}><dt>Total</dt><dd data-testid="order-total">{formatMoney(shownTotals.grandTotalMinor, settings.currency)}</dd></div>
            {linesLocked || isQuote ? null : <ExpectedDate date={expectedDate} />}
          </dl>
          {form.uncounted > 0 ? <p className="field-error" data-testid="uncounted">{t.shop.notCounted(form.uncounted)}</p> : null}
          <div className="row end">
            {isQuote ? (
              <button type="submit" className="primary" disabled={form.busy !== null}>
                {form.busy ? 'Saving…' : 'Prepare the quote'}
              </button>
            ) : mode.kind === 'edit' ? (
              <button type="submit" className="primary" disabled={form.busy !== null || stale}>
                {form.busy ? 'Saving…' : 'Save changes'}
              </button>
            ) : (
              <>
                <button type="button" onClick={saveDraft} disabled={form.busy !== null || stale}>
                  {form.busy === 'draft' ? 'Saving…' : 'Save as draft'}
                </button>
                <button type="submit" className="primary" disabled={form.busy !== null || stale}>
                  {form.busy === 'place' ? 'Placing…' : 'Place order'}
                </button>
              </>
            )}
          </div>
        </section>
      </form>
      {after}
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
