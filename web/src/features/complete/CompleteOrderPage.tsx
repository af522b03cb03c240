/**
 * The page behind a "complete your order" link (a draft staff sent back to the customer):
 * only the answers still missing, rendered by THE order-form renderer and checked live by the
 * server's own validator (forms/form-state.ts); sending them places the order. Phone-first.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, client, unwrap, type Problem } from '../../api/client';
import { useAsync } from '../../app/useAsync';
import { ErrorSummary, Loading, errorText } from '../../components/ui';
import { CustomerPageError } from '../my-order/CustomerPageError';
import { OrderFormFields } from '../../forms/OrderFormFields';
import { evaluateForm, type AnswerValue, type Answers } from '../../forms/form-state';
import { LanguageProvider } from '../../i18n/i18n';
import { browserLanguage } from '../../i18n/language';
import { CATALOGUES } from '../../i18n/catalogues';
import styles from '../my-order/CustomerOrder.module.css';

const lang = browserLanguage() ?? 'en';
const POINTER = /^\/lines\/(\d+)\/fields\/(.+)$/;

export default function CompleteOrderPage({ token }: { token: string }) {
  const t = CATALOGUES[lang];
  const loaded = useAsync(() => unwrap(client.GET('/api/v1/public/complete/{token}', { params: { path: { token } } })), [token]);
  const [values, setValues] = useState<Record<number, Answers>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [placed, setPlaced] = useState<{ orderNumber: string; orderPagePath: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const page = loaded.data;
  useEffect(() => {
    if (page) {
      document.title = `${page.business.name} · ${t.complete.heading}`;
      setValues(Object.fromEntries(page.lines.map((l) => [l.line, { ...l.answers }])));
    }
  }, [page, t]);

  if (loaded.error) return <CustomerPageError lang={lang} error={loaded.error} />;
  if (!page) return <Loading what={t.loading} />;

  const errorsOf = (line: number): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const e of problem?.errors ?? []) {
      const m = POINTER.exec(e.pointer);
      if (m && Number(m[1]) === line && m[2]) out[m[2]] = t.problem[e.code] ?? e.message;
    }
    return out;
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setError(null);
    // The server's own validator first: every problem at once, beside its field.
    const lines: Record<string, { fields: Record<string, AnswerValue> }> = {};
    const local: Problem['errors'] = [];
    for (const l of page.lines) {
      const asked = new Set(l.missing.map((m) => m.key));
      const state = evaluateForm(l.fields, values[l.line] ?? {});
      lines[String(l.line)] = { fields: Object.fromEntries(Object.entries(state.answers).filter(([k]) => asked.has(k))) };
      for (const p of state.problems) if (asked.has(p.field)) local.push({ pointer: `/lines/${l.line}/fields/${p.field}`, code: p.code, message: p.message });
    }
    if (local.length) {
      setProblem({ title: t.needsAttention(local.length), status: 422, code: 'validation_failed', detail: '', errors: local });
      return;
    }
    setBusy(true);
    try {
      setPlaced(await unwrap(client.POST('/api/v1/public/complete/{token}', { params: { path: { token } }, body: { lines } })));
      setProblem(null);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setProblem(e.problem);
      else setError(errorText(e, t));
    }
    setBusy(false);
  };

  const labels = Object.fromEntries(page.lines.flatMap((l) => l.missing.map((m) => [`/lines/${l.line}/fields/${m.key}`, `${l.productName} · ${m.label}`])));
  const b = page.business;
  return (
    <LanguageProvider lang={lang}>
      <main className={styles.page} data-testid="complete-order">
        <p className={styles.business}>{b.name}</p>
        {placed ? (
          <div className={styles.done} role="status" data-testid="completed">
            <p>{t.complete.placed(placed.orderNumber)}</p>
            <a href={placed.orderPagePath}>{t.complete.follow}</a>
          </div>
        ) : (
          <form onSubmit={(e) => void submit(e)} noValidate className={styles.actions}>
            <h1 className={styles.number}>{t.complete.heading}</h1>
            <p>{t.complete.intro(b.name)}</p>
            <ErrorSummary problem={problem} labels={labels} />
            {page.lines.map((l) => (
              <section key={l.line} className={styles.card} aria-label={l.productName}>
                <h2>{l.productName}</h2>
                {l.quantity ? <p className="muted">{t.complete.quantity(l.quantity)}</p> : null}
                <OrderFormFields
                  fields={l.fields}
                  values={values[l.line] ?? {}}
                  onChange={(key, v) => setValues((all) => ({ ...all, [l.line]: { ...(all[l.line] ?? {}), [key]: v } }))}
                  errors={errorsOf(l.line)}
                  currency={page.currency}
                  idPrefix={`line-${l.line}`}
                  disabled={busy}
                  only={new Set(l.missing.map((m) => m.key))}
                />
              </section>
            ))}
            {error ? <p className="field-error" role="alert">{error}</p> : null}
            <button type="submit" className="primary" disabled={busy}>
              {t.complete.submit}
            </button>
          </form>
        )}
        <footer className={styles.footer}>
          <p>{b.name}</p>
          {b.email ? <p>{b.email}</p> : null}
          {b.phone ? <p>{b.phone}</p> : null}
        </footer>
      </main>
    </LanguageProvider>
  );
}
