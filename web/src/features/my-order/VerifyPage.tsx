/**
 * The page behind the e-mailed verify link: the customer checks the order and confirms
 * it is right — or sees whom to contact when it is not. No account, phone-first.
 */
import { useEffect, useState } from 'react';
import { client, unwrap } from '../../api/client';
import { useAsync } from '../../app/useAsync';
import { ErrorState, Loading, errorText } from '../../components/ui';
import { CustomerOrderView, type CustomerOrder } from './CustomerOrderView';
import { NewLinkForm } from './NewLinkForm';
import styles from './CustomerOrder.module.css';

const T = {
  en: {
    ask: 'Please check your order. If everything is right, confirm it and we will go ahead.',
    confirm: 'Yes, everything is right',
    wrong: 'Something is wrong? Do not confirm — contact us (below) and we will fix it.',
    done: 'Thank you — your order is confirmed as correct. We will keep you posted.',
    already: 'This order has already been checked; nothing more to do.',
  },
  tr: {
    ask: 'Lütfen siparişinizi kontrol edin. Her şey doğruysa onaylayın, işleme alalım.',
    confirm: 'Evet, her şey doğru',
    wrong: 'Bir yanlışlık mı var? Onaylamayın — bize ulaşın (aşağıda), düzeltelim.',
    done: 'Teşekkürler — siparişinizin doğru olduğunu onayladınız. Sizi bilgilendireceğiz.',
    already: 'Bu sipariş zaten kontrol edildi; yapmanız gereken bir şey yok.',
  },
} as const;

export default function VerifyPage({ token }: { token: string }) {
  const loaded = useAsync(() => unwrap(client.GET('/api/v1/public/verify/{token}', { params: { path: { token } } })), [token]);
  const [order, setOrder] = useState<CustomerOrder | null>(null);
  const [justVerified, setJustVerified] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const o = order ?? loaded.data;
  useEffect(() => {
    if (o) document.title = `${o.business.name} · ${o.number ?? ''}`;
  }, [o]);
  if (loaded.error)
    return (
      <main className={styles.page}>
        <ErrorState error={loaded.error} />
        <NewLinkForm />
      </main>
    );
  if (!o) return <Loading what="Loading your order" />;
  const t = T[o.language];
  const verify = async () => {
    setBusy(true);
    setError(null);
    try {
      setOrder(await unwrap(client.POST('/api/v1/public/verify/{token}', { params: { path: { token } } })));
      setJustVerified(true);
    } catch (e) {
      setError(errorText(e));
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
