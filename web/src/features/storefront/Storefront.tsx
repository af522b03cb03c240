/**
 * The shop: the business's products and the standard order form, for customers
 * without an account. The same field renderer and the same all-at-once
 * validation as the staff form; one Idempotency-Key per form makes a double
 * click or a retry one order.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useClearOfBar } from '../../forms/useClearOfBar';
import { client, unwrap, type Schemas } from '../../api/client';
import type { PublicCatalog } from '../../api/contract';
import { LanguageProvider, useLanguage, useT } from '../../i18n/i18n';
import { pickLanguage } from '../../i18n/language';
import { CATALOGUES as CATALOGUE } from '../../i18n/catalogues';
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
import { AskAboutProduct } from './AskAboutProduct';

/** Where the thank-you page keeps the order it shows, so that it survives a reload (this tab only). */
const THANKS_KEY = 'orderly:shop-thanks';
type Placed = Schemas['PublicOrder'];

function keptThanks(): Placed | null {
  try {
    const raw = sessionStorage.getItem(THANKS_KEY);
    const kept = raw ? (JSON.parse(raw) as Placed) : null;
    return kept && typeof kept.number === 'string' ? kept : null;
  } catch {
    return null;
  }
}

/** The shop in the visitor's language: their browser's when we speak it, else the business's default. */
export default function Storefront() {
  const catalog = useAsync(() => unwrap(client.GET('/api/v1/public/catalog')), []);
  const lang = pickLanguage(typeof navigator === 'undefined' ? [] : navigator.languages, catalog.data?.business.defaultLanguage);
  useEffect(() => {
    document.documentElement.lang = lang;
    if (catalog.data) document.title = CATALOGUE[lang].shop.pageTitle(catalog.data.business.name);
  }, [catalog.data, lang]);
  return (
    <LanguageProvider lang={lang}>
      {catalog.error ? (
        <main className={styles.page}><ErrorState error={catalog.error} retry={catalog.reload} /></main>
      ) : !catalog.data ? (
        <main className={styles.page}><Loading what={CATALOGUE[lang].loadingShop} /></main>
      ) : (
        <Shop catalog={catalog.data} />
      )}
    </LanguageProvider>
  );
}

function Shop({ catalog }: { catalog: PublicCatalog }) {
  const { business } = catalog;
  const lang = useLanguage();
  const fees = catalog.deliveryFeesMinor as Partial<Record<DeliveryState['method'], number>>;
  const form = useOrderForm<Record<string, never>>({
    initial: { lines: [], contact: emptyContact(), delivery: emptyDelivery(guessCountry()), notes: '', extras: {} },
    storageKey: 'orderly:shop-order',
    products: catalog.products,
    deliveryFeesMinor: fees,
    deliveryTaxRateBp: catalog.deliveryTaxRateBp,
  });
  const { lines, contact, delivery, notes, errors, problem, totals } = form;
  const t = useT();
  const bar = useRef<HTMLDivElement>(null);
  useClearOfBar(bar);
  const expectedDate = useExpectedDate(lines, delivery.requestedDate, 'shop');
  const busy = form.busy !== null;
  const [placed, setPlacedState] = useState<Placed | null>(keptThanks);
  const setPlaced = (order: Placed | null) => {
    try {
      if (order) sessionStorage.setItem(THANKS_KEY, JSON.stringify(order));
      else sessionStorage.removeItem(THANKS_KEY);
    } catch {
      // Storage refused: the page still thanks them, it just does not survive a reload.
    }
    setPlacedState(order);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit(
      'place',
      (key) =>
        unwrap(
          client.POST('/api/v1/public/orders', {
            params: { header: { 'idempotency-key': key } },
            // Sent as typed, even incomplete: the server answers with every missing field at once.
            body: { customer: contactBody(contact) as { name: string; email: string; phone?: string; company?: string }, lines: linesBody(lines), delivery: deliveryBody(delivery), notes: notes.trim(), language: lang },
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
            <h1 id="thanks-h" tabIndex={-1} ref={(el) => el?.focus()}>{t.thanks.heading}</h1>
            <p className={styles.number}>
              {t.thanks.orderNumber} <strong data-testid="order-number">{placed.number}</strong>
            </p>
            <p>
              {t.thanks.total} {formatMoney(placed.totals.grandTotalMinor, placed.currency)}
              {placed.expectedCompletionDate ? <> · {t.thanks.expected} <strong>{formatDate(placed.expectedCompletionDate)}</strong></> : null}.
            </p>
            <h2>{t.thanks.next}</h2>
            <ol>
              <li>{catalog.acknowledgesOrders && placed.customer.email ? t.thanks.acknowledging(placed.customer.email) : t.thanks.recorded}</li>
              <li>{t.thanks.weCheck}{placed.customer.email ? <> {t.thanks.byEmail} <strong>{placed.customer.email}</strong>, {t.thanks.withLink}</> : null}.</li>
              <li>
                {t.thanks.wrong(business.name)}
                {business.contactEmail ? <> {t.thanks.at} <a href={`mailto:${business.contactEmail}`}>{business.contactEmail}</a></> : null}
                {business.contactPhone ? <> {t.thanks.or} <a href={`tel:${business.contactPhone}`}>{business.contactPhone}</a></> : null} {t.thanks.quote(placed.number ?? '')}
              </li>
            </ol>
            <button type="button" onClick={() => { setPlaced(null); form.reset({ ...form.values, lines: [], notes: '' }); }}>
              {t.thanks.another}
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
        <h1>{t.shop.title}</h1>
        <section aria-labelledby="products-h">
          <h2 id="products-h">{t.shop.products}</h2>
          {catalog.products.length === 0 ? <p className="state">{t.shop.nothingOnSale}</p> : null}
          <ul className={styles.products}>
            {catalog.products.map((p) => {
              const n = lines.filter((l) => l.product.id === p.id).length;
              return (
                <li key={p.id} className={`panel ${styles.product}`}>
                  <h3>{p.name}</h3>
                  {p.description ? <p className="muted">{p.description}</p> : null}
                  <p className={styles.price}>{formatMoney(p.priceMinor, p.currency)} <span className="muted">{t.shop.plusTax}</span></p>
                  <p className={`${styles.avail} ${styles[p.availability] ?? ''}`}>
                    {t.shop.availability[p.availability] ?? p.availability}
                    {p.availability === 'made_to_order' && p.leadTimeDays ? t.shop.aboutDays(p.leadTimeDays) : ''}
                  </p>
                  <div className={styles.actions}>
                    <button type="button" className="primary" disabled={p.availability === 'out_of_stock'} onClick={() => form.addLine(p)} aria-label={t.shop.addLabel(p.name)}>
                      {n > 0 ? t.shop.addAnother : t.shop.addToOrder}
                    </button>
                    <AskAboutProduct product={p} />
                  </div>
                </li>
              );
            })}
          </ul>
        </section>

        <form onSubmit={submit} noValidate className={styles.form} aria-labelledby="order-h">
          <h2 id="order-h">{t.shop.yourOrder}</h2>
          <ErrorSummary problem={problem} />
          {lines.length === 0 ? (
            <p className={`state ${errors['/lines'] ? 'error' : ''}`} id={fieldId('/lines')} tabIndex={-1}>
              {errors['/lines'] ?? t.shop.chooseProduct}
            </p>
          ) : (
            <OrderLinesEditor form={form} layout="shop" />
          )}

          <section className="panel" aria-labelledby="contact-h">
            <h3 id="contact-h">{t.shop.yourDetails}</h3>
            <div className="grid">
              <TextField label={t.shop.name} required autoComplete="name" pointer="/customer/name" error={errors['/customer/name'] ?? errors['/customer']} value={contact.name} onChange={(e) => form.setContact({ ...contact, name: e.target.value })} />
              <TextField label={t.shop.email} type="email" autoComplete="email" hint={t.shop.emailHint} pointer="/customer/email" error={errors['/customer/email']} value={contact.email} onChange={(e) => form.setContact({ ...contact, email: e.target.value })} />
              <TextField label={t.shop.phone} type="tel" autoComplete="tel" pointer="/customer/phone" error={errors['/customer/phone']} value={contact.phone} onChange={(e) => form.setContact({ ...contact, phone: e.target.value })} />
            </div>
          </section>
          <section className="panel" aria-labelledby="delivery-h">
            <h3 id="delivery-h">{t.shop.delivery}</h3>
            <DeliveryFields value={delivery} onChange={form.setDelivery} errors={errors} fees={fees} currency={business.currency} language={lang} />
            <TextArea label={t.shop.notes} rows={2} pointer="/notes" error={errors['/notes']} value={notes} onChange={(e) => form.setNotes(e.target.value)} />
          </section>

          <div className={`panel ${styles.submit}`} ref={bar} data-testid="totals-bar">
            <div aria-live="polite">
              <span className="muted">{t.shop.estimatedTotal}</span>
              <div className={styles.total} data-testid="shop-total">{formatMoney(totals.grandTotalMinor, business.currency)}</div>
              {form.uncounted > 0 ? <div className="field-error" data-testid="uncounted">{t.shop.notCounted(form.uncounted)}</div> : null}
              {expectedDate ? (
                <div data-testid="expected-date">
                  {t.shop.expectedReady} <strong>{formatDate(expectedDate)}</strong>
                </div>
              ) : null}
            </div>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? t.shop.sending : t.shop.placeOrder}
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
