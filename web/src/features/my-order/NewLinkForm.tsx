/** Where a customer's link no longer works: ask for a fresh one, sent to the order's own e-mail address. */
import { useState, type FormEvent } from 'react';
import { client, unwrap } from '../../api/client';
import { errorText } from '../../components/ui';
import { useT } from '../../i18n/i18n';

export function NewLinkForm() {
  const [orderNumber, setOrderNumber] = useState('');
  const [email, setEmail] = useState('');
  const all = useT();
  const t = all.newLink;
  const [state, setState] = useState<{ sent?: string; error?: string; busy?: boolean }>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setState({ busy: true });
    try {
      const r = await unwrap(client.POST('/api/v1/public/order-links', { body: { orderNumber, email } }));
      setState({ sent: r.detail });
    } catch (err) {
      setState({ error: errorText(err, all) });
    }
  };
  if (state.sent) return <p role="status">{state.sent}</p>;
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="new-link-h">
      <h2 id="new-link-h">{t.heading}</h2>
      <p>{t.intro}</p>
      <label>
        {t.orderNumber}
        <input name="orderNumber" required maxLength={40} value={orderNumber} onChange={(e) => setOrderNumber(e.target.value)} />
      </label>
      <label>
        {t.email}
        <input name="email" type="email" required maxLength={254} autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      {state.error ? <p role="alert">{state.error}</p> : null}
      <button type="submit" disabled={state.busy}>
        {t.send}
      </button>
    </form>
  );
}
