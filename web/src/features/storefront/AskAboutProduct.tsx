/**
 * "Ask about this product": a short form in a dialog on the shop. It sends the
 * visitor's question (an inquiry on the web channel) and thanks them; the server
 * checks it all at once and names each field, shown here in the shop's language.
 * `website` is a honeypot: hidden from people, a robot that fills it is thanked and forgotten.
 */
import { useState, type FormEvent } from 'react';
import { ApiError, client, unwrap, type Problem } from '../../api/client';
import { useLanguage, useT } from '../../i18n/i18n';
import { Dialog, ErrorSummary, TextArea, TextField } from '../../components/ui';
import { byPointer } from '../../lib/problems';
import styles from './Storefront.module.css';

export function AskAboutProduct({ product }: { product: { id: string; name: string } }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} aria-label={t.ask.openLabel(product.name)}>
        {t.ask.open}
      </button>
      <Dialog open={open} title={t.ask.title(product.name)} onClose={() => setOpen(false)}>
        <AskForm product={product} onClose={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function AskForm({ product, onClose }: { product: { id: string; name: string }; onClose: () => void }) {
  const t = useT();
  const lang = useLanguage();
  const [f, setF] = useState({ name: '', email: '', phone: '', question: '', website: '' });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  // The server's words are English: the shop's own fields in this language, by pointer.
  const shown: Problem | null = problem ? { ...problem, errors: problem.errors.map((e) => ({ ...e, message: t.ask.fieldProblem[e.pointer] ?? e.message })) } : null;
  const errors = byPointer(shown?.errors ?? []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await unwrap(
        client.POST('/api/v1/public/inquiries', {
          body: {
            contact: { name: f.name, ...(f.email.trim() ? { email: f.email.trim() } : {}), ...(f.phone.trim() ? { phone: f.phone.trim() } : {}) },
            question: f.question,
            products: [{ product: product.id }],
            language: lang,
            ...(f.website ? { website: f.website } : {}),
          },
        }),
      );
      setSent(true);
      setProblem(null);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.problem : { title: t.somethingWrong, status: 0, code: 'error', detail: t.offline, errors: [] });
    } finally {
      setBusy(false);
    }
  };
  if (sent) {
    return (
      <div className={styles.ask}>
        <p role="status" data-testid="ask-thanks">{t.ask.thanks}</p>
        <div className="row end">
          <button type="button" className="primary" onClick={onClose}>{t.ask.close}</button>
        </div>
      </div>
    );
  }
  return (
    <form className={styles.ask} onSubmit={(e) => void submit(e)} noValidate>
      <p className="muted">{t.ask.intro}</p>
      <ErrorSummary problem={shown} />
      <TextArea label={t.ask.question} required rows={4} pointer="/question" error={errors['/question']} value={f.question} onChange={(e) => setF({ ...f, question: e.target.value })} />
      <TextField label={t.ask.name} required autoComplete="name" pointer="/contact/name" error={errors['/contact/name'] ?? errors['/contact']} value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />
      <TextField label={t.ask.email} type="email" autoComplete="email" hint={t.ask.contactHint} pointer="/contact/email" error={errors['/contact/email']} value={f.email} onChange={(e) => setF({ ...f, email: e.target.value })} />
      <TextField label={t.ask.phone} type="tel" autoComplete="tel" pointer="/contact/phone" error={errors['/contact/phone']} value={f.phone} onChange={(e) => setF({ ...f, phone: e.target.value })} />
      <div className={styles.trap} aria-hidden="true">
        <label>
          {t.ask.robots}
          <input type="text" name="website" tabIndex={-1} autoComplete="off" value={f.website} onChange={(e) => setF({ ...f, website: e.target.value })} />
        </label>
      </div>
      <div className="row end">
        <button type="button" onClick={onClose}>{t.ask.cancel}</button>
        <button type="submit" className="primary" disabled={busy}>{busy ? t.ask.sending : t.ask.send}</button>
      </div>
    </form>
  );
}
