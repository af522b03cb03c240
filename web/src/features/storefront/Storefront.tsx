/**
 * The shop: the business's products and the standard order form, for customers
 * without an account. The same field renderer and the same all-at-once
 * validation as the staff form; one Idempotency-Key per form makes a double
 * click or a retry one order.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { client, unwrap, type Schemas } from '../../api/client';
import type { PublicCatalog, PublicProduct } from '../../api/contract';
import { useAsync } from '../../app/useAsync';
import { ErrorState, ErrorSummary, Loading, TextArea, TextField } from '../../components/ui';
import { DeliveryFields } from '../../forms/DeliveryFields';
import { useExpectedDate } from '../../forms/ExpectedDate';
import { OrderLinesEditor } from '../../forms/OrderLinesEditor';
import { emptyContact, emptyDelivery, useOrderForm } from '../../forms/useOrderForm';
import { contactBody, deliveryBody, linesBody, type DeliveryState } from '../../forms/order-draft';
import { formatDate } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { fieldId } from '../../lib/problems';
import styles from './Storefront.module.css';

const AVAILABILITY: Record<PublicProduct['availability'], string> = {
  in_stock: 'In stock',
  low_stock: 'Only a few left',
  backorder: 'Available to order (back-ordered)',
  out_of_stock: 'Out of stock',
  made_to_order: 'Made to order',
};

export default function Storefront() {
  const catalog = useAsync(() => unwrap(client.GET('/api/v1/public/catalog')), []);
  useEffect(() => {
    if (catalog.data) document.title = `${catalog.data.business.name} · Order online`;
  }, [catalog.data]);
  if (catalog.error) return <main className={styles.page}><ErrorState error={catalog.error} retry={catalog.reload} /></main>;
  if (!catalog.data) return <main className={styles.page}><Loading what="Loading the shop" /></main>;
  return <Shop catalog={catalog.data} />;
}

function Shop({ catalog }: { catalog: PublicCatalog }) {
  const { business } = catalog;
  const fees = catalog.deliveryFeesMinor as Partial<Record<DeliveryState['method'], number>>;
  const form = useOrderForm<Record<string, never>>({
    initial: { lines: [], contact: emptyContact(), delivery: emptyDelivery(guessCountry()), notes: '', extras: {} },
    storageKey: 'orderly:shop-order',
    products: catalog.products,
    deliveryFeesMinor: fees,
    deliveryTaxRateBp: catalog.deliveryTaxRateBp,
  });
  const { lines, contact, delivery, notes, errors, problem, totals } = form;
  const expectedDate = useExpectedDate(lines, delivery.requestedDate, 'shop');
  const busy = form.busy !== null;
  const [placed, setPlaced] = useState<Schemas['PublicOrder'] | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit(
      'place',
      (key) =>
        unwrap(
          client.POST('/api/v1/public/orders', {
            params: { header: { 'idempotency-key': key } },
            // Sent as typed, even incomplete: the server answers with every missing field at once.
            body: { customer: contactBody(contact) as { name: string; email: string; phone?: string; company?: string }, lines: linesBody(lines), delivery: deliveryBody(delivery), notes: notes.trim() },
          }),
        ),
      (order) => {
        setPlaced(order);
        window.scrollTo(0, 0);
      },
      { checkLines: true },
    );
  };

  const header = (
    <header className={styles.head}>
      <div className={styles.brand}>{business.name}</div>
      <div className={styles.contact}>
        {business.contactPhone ? <a href={`tel:${business.contactPhone}`}>{business.contactPhone}</a> : null}
        {business.contactEmail ? <a href={`mailto:${business.contactEmail}`}>{business.contactEmail}</a> : null}
      </div>
    </header>
  );

  if (placed) {
    return (
      <>
        {header}
        <main className={styles.page}>
          <section className={`panel ${styles.thanks}`} aria-labelledby="thanks-h">
            <h1 id="thanks-h" tabIndex={-1} ref={(el) => el?.focus()}>Thank you — your order is in</h1>
            <p className={styles.number}>
              Order number <strong data-testid="order-number">{placed.number}</strong>
            </p>
            <p>
              Total {formatMoney(placed.totals.grandTotalMinor, placed.currency)}
              {placed.expectedCompletionDate ? <> · expected ready by <strong>{formatDate(placed.expectedCompletionDate)}</strong></> : null}.
            </p>
            <h2>What happens next</h2>
            <ol>
              <li>We have recorded your order.</li>
              <li>We check it and confirm it{contact.email ? <> by e-mail to <strong>{contact.email}</strong>, with a link to a page where you can follow its status and see how to pay</> : null}.</li>
              <li>
                Something wrong? Contact {business.name}
                {business.contactEmail ? <> at <a href={`mailto:${business.contactEmail}`}>{business.contactEmail}</a></> : null}
                {business.contactPhone ? <> or <a href={`tel:${business.contactPhone}`}>{business.contactPhone}</a></> : null} and quote {placed.number}.
              </li>
            </ol>
            <button type="button" onClick={() => { setPlaced(null); form.reset({ ...form.values, lines: [], notes: '' }); }}>
              Place another order
            </button>
          </section>
        </main>
      </>
    );
  }

  return (
    <>
      {header}
      <main className={styles.page}>
        <h1>Order online</h1>
        <section aria-labelledby="products-h">
          <h2 id="products-h">Our products</h2>
          {catalog.products.length === 0 ? <p className="state">Nothing is on sale right now. Please contact us.</p> : null}
          <ul className={styles.products}>
            {catalog.products.map((p) => {
              const n = lines.filter((l) => l.product.id === p.id).length;
              return (
                <li key={p.id} className={`panel ${styles.product}`}>
                  <h3>{p.name}</h3>
                  {p.description ? <p className="muted">{p.description}</p> : null}
                  <p className={styles.price}>{formatMoney(p.priceMinor, p.currency)} <span className="muted">+ tax</span></p>
                  <p className={`${styles.avail} ${styles[p.availability] ?? ''}`}>
                    {AVAILABILITY[p.availability]}
                    {p.availability === 'made_to_order' && p.leadTimeDays ? ` · about ${p.leadTimeDays} days` : ''}
                  </p>
                  <button type="button" className="primary" disabled={p.availability === 'out_of_stock'} onClick={() => form.addLine(p)} aria-label={`Add ${p.name} to your order`}>
                    {n > 0 ? 'Add another' : 'Add to order'}
                  </button>
                </li>
              );
            })}
          </ul>
        </section>

        <form onSubmit={submit} noValidate className={styles.form} aria-labelledby="order-h">
          <h2 id="order-h">Your order</h2>
          <ErrorSummary problem={problem} />
          {lines.length === 0 ? (
            <p className={`state ${errors['/lines'] ? 'error' : ''}`} id={fieldId('/lines')} tabIndex={-1}>
              {errors['/lines'] ?? 'Choose a product above to start your order.'}
            </p>
          ) : (
            <OrderLinesEditor form={form} layout="shop" />
          )}

          <section className="panel" aria-labelledby="contact-h">
            <h3 id="contact-h">Your details</h3>
            <div className="grid">
              <TextField label="Name" required autoComplete="name" pointer="/customer/name" error={errors['/customer/name'] ?? errors['/customer']} value={contact.name} onChange={(e) => form.setContact({ ...contact, name: e.target.value })} />
              <TextField label="E-mail" type="email" autoComplete="email" hint="For your confirmation" pointer="/customer/email" error={errors['/customer/email']} value={contact.email} onChange={(e) => form.setContact({ ...contact, email: e.target.value })} />
              <TextField label="Phone" type="tel" autoComplete="tel" pointer="/customer/phone" error={errors['/customer/phone']} value={contact.phone} onChange={(e) => form.setContact({ ...contact, phone: e.target.value })} />
            </div>
          </section>
          <section className="panel" aria-labelledby="delivery-h">
            <h3 id="delivery-h">Delivery</h3>
            <DeliveryFields value={delivery} onChange={form.setDelivery} errors={errors} fees={fees} currency={business.currency} />
            <TextArea label="Anything else we should know?" rows={2} pointer="/notes" error={errors['/notes']} value={notes} onChange={(e) => form.setNotes(e.target.value)} />
          </section>

          <div className={`panel ${styles.submit}`}>
            <div aria-live="polite">
              <span className="muted">Estimated total (incl. tax)</span>
              <div className={styles.total}>{formatMoney(totals.grandTotalMinor, business.currency)}</div>
              {expectedDate ? (
                <div data-testid="expected-date">
                  Expected ready by <strong>{formatDate(expectedDate)}</strong>
                </div>
              ) : null}
            </div>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Sending…' : 'Place order'}
            </button>
          </div>
        </form>
      </main>
    </>
  );
}

/** The visitor's country from their browser's language (en-GB → GB), as a starting value. */
function guessCountry(): string {
  try {
    return new Intl.Locale(navigator.language).maximize().region ?? '';
  } catch {
    return '';
  }
}
