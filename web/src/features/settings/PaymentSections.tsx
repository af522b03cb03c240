/**
 * How customers pay: the methods each channel offers, in order (the first is the
 * default), which methods hold an order until it is paid, invoice terms — and the
 * business's bank details, shown wherever a transfer is asked for.
 */
import { useState, type FormEvent } from 'react';
import type { Channel, Settings } from '../../api/client';
import { Checkbox, ErrorSummary, TextField } from '../../components/ui';
import { CHANNELS, CHANNEL_LABEL } from '../../lib/format';
import { fieldId, type FieldErrors } from '../../lib/problems';
import { METHOD_LABEL } from '../payments/PaymentsPanel';
import { useSettingsSave, type VersionedSettings } from './save';
import { SaveRow } from './SaveRow';

type Payments = Settings['payments'];
type Method = Payments['holdUntilPaid'][number];
const METHODS = Object.keys(METHOD_LABEL) as Method[];

type Props = { settings: VersionedSettings; onSaved: (s: VersionedSettings) => void; readOnly: boolean };

/** Every error about one channel's list (the list itself or any place in it), as one message. */
const channelErrors = (errors: FieldErrors, ch: Channel) =>
  Object.entries(errors)
    .filter(([p]) => p === `/payments/methodsByChannel/${ch}` || p.startsWith(`/payments/methodsByChannel/${ch}/`))
    .map(([, m]) => m)
    .join(' ');

export function PaymentMethodsSection({ settings, onSaved, readOnly, cardPayments }: Props & { cardPayments: boolean }) {
  const p = settings.payments;
  const [byChannel, setByChannel] = useState<Record<Channel, Method[]>>({ ...p.methodsByChannel });
  const [hold, setHold] = useState<Method[]>(p.holdUntilPaid);
  const [netDays, setNetDays] = useState(String(p.invoiceNetDays));
  const { problem, errors, saved, busy, save, touched } = useSettingsSave(settings, onSaved);

  const change = (ch: Channel, list: Method[]) => {
    setByChannel({ ...byChannel, [ch]: list });
    touched();
  };
  const move = (ch: Channel, i: number, by: -1 | 1) => {
    const list = [...byChannel[ch]];
    const [m] = list.splice(i, 1);
    if (m === undefined) return;
    list.splice(i + by, 0, m);
    change(ch, list);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const days = /^\d+$/.test(netDays.trim()) ? Number(netDays) : -1;
    await save({ payments: { ...settings.payments, methodsByChannel: byChannel, holdUntilPaid: hold, invoiceNetDays: days } });
  };
  return (
    <form className="panel stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="methods-h">
      <h2 id="methods-h">How customers pay</h2>
      <ErrorSummary problem={problem} />
      {!cardPayments ? (
        <p className="notice warn">
          Card payments are not set up on this server (no card provider is configured), so card cannot be a channel's default and is not offered to customers until it is.
        </p>
      ) : null}
      <fieldset disabled={readOnly} className="stack" style={{ border: 0, padding: 0, marginInline: 0, marginBottom: 0 }}>
        <legend className="sr-only">Payment methods per channel</legend>
        <p className="muted" style={{ margin: 0 }}>Each channel offers these methods in this order; the first is the default when an order does not choose.</p>
        <div className="grid">
          {CHANNELS.map((ch) => {
            const list = byChannel[ch];
            const error = channelErrors(errors, ch);
            const addable = METHODS.filter((m) => !list.includes(m));
            return (
              <div key={ch} className={`field ${error ? 'invalid' : ''}`} data-testid={`methods-${ch}`} data-pointers={`/payments/methodsByChannel/${ch}/0 /payments/methodsByChannel/${ch}`}>
                <h3 id={`methods-${ch}-h`} style={{ margin: 0 }}>{CHANNEL_LABEL[ch]} orders</h3>
                <ol aria-labelledby={`methods-${ch}-h`} style={{ margin: 0, paddingLeft: '1.3rem' }} id={fieldId(`/payments/methodsByChannel/${ch}/0`)} tabIndex={-1} aria-invalid={error ? true : undefined} aria-describedby={error ? `methods-${ch}-error` : undefined}>
                  {list.map((m, i) => (
                    <li key={m} style={{ padding: '0.15rem 0' }}>
                      <span className="row" style={{ gap: '0.25rem' }}>
                        <span style={{ flex: 1 }}>
                          {METHOD_LABEL[m]}
                          {i === 0 ? <span className="badge" style={{ marginLeft: '0.4rem' }}>default</span> : null}
                        </span>
                        <button type="button" className="link" aria-label={`Move ${METHOD_LABEL[m]} up for ${CHANNEL_LABEL[ch]}`} disabled={i === 0} onClick={() => move(ch, i, -1)}>↑</button>
                        <button type="button" className="link" aria-label={`Move ${METHOD_LABEL[m]} down for ${CHANNEL_LABEL[ch]}`} disabled={i === list.length - 1} onClick={() => move(ch, i, 1)}>↓</button>
                        <button type="button" className="link" aria-label={`Stop offering ${METHOD_LABEL[m]} for ${CHANNEL_LABEL[ch]}`} disabled={list.length === 1} onClick={() => change(ch, list.filter((x) => x !== m))}>✕</button>
                      </span>
                    </li>
                  ))}
                </ol>
                {addable.length ? (
                  <select aria-label={`Offer another method for ${CHANNEL_LABEL[ch]} orders`} value="" onChange={(e) => e.target.value && change(ch, [...list, e.target.value as Method])}>
                    <option value="">Add a method…</option>
                    {addable.map((m) => (
                      <option key={m} value={m}>{METHOD_LABEL[m]}</option>
                    ))}
                  </select>
                ) : null}
                {error ? <span className="field-error" id={`methods-${ch}-error`} role="alert">{error}</span> : null}
              </div>
            );
          })}
        </div>
        <h3>Hold until paid</h3>
        <p className="muted" style={{ margin: 0 }}>A confirmed order paid by these methods does not go to fulfilment until its money is in (for card, an authorisation is enough).</p>
        <div className="row" role="group" aria-label="Hold until paid">
          {METHODS.map((m) => (
            <Checkbox key={m} label={METHOD_LABEL[m]} checked={hold.includes(m)} onChange={(e) => { setHold(e.target.checked ? [...hold, m] : hold.filter((x) => x !== m)); touched(); }} />
          ))}
        </div>
        <div style={{ maxWidth: '16rem' }}>
          <TextField label="Invoices are due after (days)" inputMode="numeric" hint="From confirmation; 0 to 365" pointer="/payments/invoiceNetDays" error={errors['/payments/invoiceNetDays']} value={netDays} onChange={(e) => { setNetDays(e.target.value); touched(); }} />
        </div>
      </fieldset>
      <SaveRow readOnly={readOnly} busy={busy} saved={saved} label="Save payment methods" />
    </form>
  );
}

export function BankDetailsSection({ settings, onSaved, readOnly }: Props) {
  const [bank, setBank] = useState(settings.payments.bank);
  const { problem, errors, saved, busy, save, touched } = useSettingsSave(settings, onSaved);
  const set = (patch: Partial<Payments['bank']>) => {
    setBank({ ...bank, ...patch });
    touched();
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next = await save({ payments: { ...settings.payments, bank } });
    // Show what was stored (the IBAN without spaces, in capitals).
    if (next) setBank(next.payments.bank);
  };
  const err = (k: keyof Payments['bank']) => errors[`/payments/bank/${k}`];
  return (
    <form className="panel stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="bank-h">
      <h2 id="bank-h">Bank details</h2>
      <p className="muted" style={{ margin: 0 }}>
        Shown to customers who pay by bank transfer: in the confirmation e-mail and on their order page, with the order's payment reference.
        {settings.payments.bank.iban ? null : ' Until an IBAN is set, customers are told you will send your bank details.'}
      </p>
      <ErrorSummary problem={problem} />
      <fieldset disabled={readOnly} style={{ border: 0, padding: 0, marginInline: 0, marginBottom: 0 }}>
        <legend className="sr-only">Bank account for transfers</legend>
        <div className="grid">
          <TextField label="Account holder" autoComplete="off" pointer="/payments/bank/accountName" error={err('accountName')} value={bank.accountName} onChange={(e) => set({ accountName: e.target.value })} />
          <TextField label="IBAN" autoComplete="off" spellCheck={false} hint="Spaces are fine, e.g. GB82 WEST 1234 5698 7654 32" pointer="/payments/bank/iban" error={err('iban')} value={bank.iban} onChange={(e) => set({ iban: e.target.value })} />
          <TextField label="BIC (SWIFT code)" autoComplete="off" spellCheck={false} hint="8 or 11 characters" pointer="/payments/bank/bic" error={err('bic')} value={bank.bic} onChange={(e) => set({ bic: e.target.value })} />
          <TextField label="Bank name" autoComplete="off" pointer="/payments/bank/bankName" error={err('bankName')} value={bank.bankName} onChange={(e) => set({ bankName: e.target.value })} />
        </div>
      </fieldset>
      <SaveRow readOnly={readOnly} busy={busy} saved={saved} label="Save bank details" />
    </form>
  );
}
