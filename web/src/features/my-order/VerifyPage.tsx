/**
 * The page behind the e-mailed verify link: the customer checks the order and confirms
 * it is right — or sees whom to contact when it is not. No account, phone-first.
 */
import { useEffect, useState } from 'react';
import { client, unwrap } from '../../api/client';
import { useAsync } from '../../app/useAsync';
import { Loading, errorText } from '../../components/ui';
import { CustomerPageError } from './CustomerPageError';
import { CustomerOrderView, type CustomerOrder } from './CustomerOrderView';
import { NewLinkForm } from './NewLinkForm';
import { browserLanguage } from '../../i18n/language';
import { CATALOGUES } from '../../i18n/catalogues';
import styles from './CustomerOrder.module.css';

const lang = browserLanguage();
const query = lang ? { lang } : {};

export default function VerifyPage({ token }: { token: string }) {
  const loaded = useAsync(() => unwrap(client.GET('/api/v1/public/verify/{token}', { params: { path: { token }, query } })), [token]);
  const [order, setOrder] = useState<CustomerOrder | null>(null);
  const [justVerified, setJustVerified] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const o = order ?? loaded.data;
  useEffect(() => {
    if (o) document.title = `${o.business.name} · ${o.number ?? ''}`;
  }, [o]);
  const shown = o?.language ?? lang ?? 'en';
  if (loaded.error)
    return (
      <CustomerPageError lang={shown} error={loaded.error}>
        <NewLinkForm />
      </CustomerPageError>
    );
  if (!o) return <Loading what={CATALOGUES[shown].loadingOrder} />;
  const t = CATALOGUES[o.language].verify;
  const verify = async () => {
    setBusy(true);
    setError(null);
    try {
      setOrder(await unwrap(client.POST('/api/v1/public/verify/{token}', { params: { path: { token }, query } })));
      setJustVerified(true);
    } catch (e) {
      setError(errorText(e, CATALOGUES[o.language]));
    }
    setBusy(false);
  };
  const open = !o.verification.verified && o.status === 'placed';
  return (
    <CustomerOrderView order={o}>
      {justVerified ? (
        <p className={styles.done} role="status" data-testid="verified">{t.done}</p>
      ) : open ? (
        <div className={styles.actions}>
          <p>{t.ask}</p>
          <button type="button" className="primary" disabled={busy} onClick={() => void verify()}>
            {t.confirm}
          </button>
          {error ? <p className="field-error" role="alert">{error}</p> : null}
          <p className="muted">{t.wrong}</p>
        </div>
      ) : (
        <p className={styles.done} role="status">{t.already}</p>
      )}
    </CustomerOrderView>
  );
}
