/** When an order must be verified before it is confirmed (src/orders/verification.ts): never, always, by channel, above an amount. */
import { useState, type FormEvent } from 'react';
import type { Channel, Settings } from '../../api/client';
import { Checkbox, ErrorSummary, TextField } from '../../components/ui';
import { CHANNELS, CHANNEL_LABEL } from '../../lib/format';
import { parseMoney, toMajor } from '../../lib/money';
import { fieldId } from '../../lib/problems';
import { useSettingsSave, type VersionedSettings } from './save';
import { SaveRow } from './SaveRow';

type Policy = Settings['verification'];
type Mode = Policy['mode'];

const MODES: { mode: Mode; label: string; hint: string }[] = [
  { mode: 'never', label: 'Never', hint: 'Orders go straight to confirmation; the confirmation tells the customer whom to contact if anything is wrong.' },
  { mode: 'always', label: 'Every order', hint: 'Each placed order waits in "To verify" until someone (or the customer, by the e-mailed link) checks it.' },
  { mode: 'by_channel', label: 'Orders from some channels', hint: 'For example web orders only.' },
  { mode: 'above_amount', label: 'Orders above an amount', hint: 'Large orders only.' },
];

export function VerificationSection({ settings, onSaved, readOnly }: { settings: VersionedSettings; onSaved: (s: VersionedSettings) => void; readOnly: boolean }) {
  const v = settings.verification;
  const [mode, setMode] = useState<Mode>(v.mode);
  const [channels, setChannels] = useState<Channel[]>(v.mode === 'by_channel' ? v.channels : ['web']);
  const [amount, setAmount] = useState(v.mode === 'above_amount' ? toMajor(v.amountMinor, settings.currency) : '');
  const { problem, errors, saved, busy, save, touched } = useSettingsSave(settings, onSaved);
  const [local, setLocal] = useState<Record<string, string>>({});
  const shown = { ...errors, ...local };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setLocal({});
    let policy: Policy;
    if (mode === 'by_channel') {
      if (channels.length === 0) {
        setLocal({ '/verification/channels': 'Choose at least one channel' });
        return;
      }
      policy = { mode, channels };
    }
    else if (mode === 'above_amount') {
      const minor = parseMoney(amount, settings.currency);
      if (minor === undefined || minor < 0) {
        setLocal({ '/verification/amountMinor': `Enter an amount in ${settings.currency}, like 1000 or 1000.00` });
        return;
      }
      policy = { mode, amountMinor: minor };
    } else policy = { mode };
    await save({ verification: policy });
  };
  const channelError = shown['/verification/channels'];
  return (
    <form className="panel stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="verification-h">
      <h2 id="verification-h">When orders are verified</h2>
      <ErrorSummary problem={problem} />
      <fieldset disabled={readOnly} style={{ border: 0, padding: 0, marginInline: 0, marginBottom: 0 }} className="stack">
        <legend className="sr-only">Verify orders before confirming them</legend>
        {MODES.map((m) => (
          <div key={m.mode}>
            <label className="check">
              <input type="radio" name="verification-mode" value={m.mode} checked={mode === m.mode} onChange={() => { setMode(m.mode); touched(); }} /> {m.label}
            </label>
            <div className="muted" style={{ marginLeft: '1.6rem', fontSize: '0.9rem' }}>{m.hint}</div>
            {m.mode === 'by_channel' && mode === 'by_channel' ? (
              <div id={fieldId('/verification/channels')} tabIndex={-1} className={`field ${channelError ? 'invalid' : ''}`} style={{ marginLeft: '1.6rem' }} role="group" aria-label="Channels whose orders are verified" aria-invalid={channelError ? true : undefined}>
                <div className="row">
                  {CHANNELS.map((c) => (
                    <Checkbox key={c} label={CHANNEL_LABEL[c]} checked={channels.includes(c)} onChange={(e) => { setChannels(e.target.checked ? [...channels, c] : channels.filter((x) => x !== c)); touched(); }} />
                  ))}
                </div>
                {channelError ? <span className="field-error" role="alert">{channelError}</span> : null}
              </div>
            ) : null}
            {m.mode === 'above_amount' && mode === 'above_amount' ? (
              <div style={{ marginLeft: '1.6rem', maxWidth: '16rem' }}>
                <TextField label={`Verify orders above (${settings.currency})`} inputMode="decimal" pointer="/verification/amountMinor" error={shown['/verification/amountMinor']} value={amount} onChange={(e) => { setAmount(e.target.value); touched(); }} />
              </div>
            ) : null}
          </div>
        ))}
      </fieldset>
      <SaveRow readOnly={readOnly} busy={busy} saved={saved} label="Save the verification policy" />
    </form>
  );
}
