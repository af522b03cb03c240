/** The carriers shipments name, each with its tracking link template ({tracking} is replaced by the tracking number). */
import { useState, type FormEvent } from 'react';
import type { Settings } from '../../api/client';
import { ErrorSummary, TextField } from '../../components/ui';
import { useSettingsSave, type VersionedSettings } from './save';
import { SaveRow } from './SaveRow';

type Carrier = Settings['carriers'][number];

export function CarriersSection({ settings, onSaved, readOnly }: { settings: VersionedSettings; onSaved: (s: VersionedSettings) => void; readOnly: boolean }) {
  const [rows, setRows] = useState<{ name: string; template: string }[]>(() => settings.carriers.map((c) => ({ name: c.name, template: c.trackingUrlTemplate ?? '' })));
  const { problem, errors, saved, busy, save, touched } = useSettingsSave(settings, onSaved);
  const change = (i: number, patch: Partial<{ name: string; template: string }>) => {
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    touched();
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const carriers: Carrier[] = rows.filter((r) => r.name.trim() || r.template.trim()).map((r) => ({ name: r.name.trim(), trackingUrlTemplate: r.template.trim() || null }));
    await save({ carriers });
  };
  return (
    <form className="panel stack" onSubmit={(e) => void submit(e)} noValidate>
      <h2>Carriers</h2>
      <p className="muted">
        The warehouse chooses one of these when it ships. Put <code>{'{tracking}'}</code> where the tracking number goes in the carrier&apos;s tracking page address (https only); the
        customer&apos;s order page links to it. Leave the address empty for a carrier without tracking.
      </p>
      <ErrorSummary problem={problem} />
      <fieldset disabled={readOnly} className="stack" style={{ border: 0, padding: 0, margin: 0 }}>
        {rows.map((r, i) => (
          <div className="row" key={i}>
            <TextField label="Carrier" value={r.name} onChange={(e) => change(i, { name: e.target.value })} pointer={`/carriers/${i}/name`} error={errors[`/carriers/${i}/name`]} />
            <TextField
              label="Tracking link template"
              className="spacer"
              value={r.template}
              placeholder="https://carrier.example/track?id={tracking}"
              onChange={(e) => change(i, { template: e.target.value })}
              pointer={`/carriers/${i}/trackingUrlTemplate`}
              error={errors[`/carriers/${i}/trackingUrlTemplate`]}
            />
            <button type="button" onClick={() => { setRows((rs) => rs.filter((_, j) => j !== i)); touched(); }} aria-label={`Remove ${r.name || 'this carrier'}`}>
              Remove
            </button>
          </div>
        ))}
        {errors['/carriers'] ? <p className="field-error">{errors['/carriers']}</p> : null}
        <div>
          <button type="button" onClick={() => setRows((rs) => [...rs, { name: '', template: '' }])}>
            Add a carrier
          </button>
        </div>
      </fieldset>
      <SaveRow readOnly={readOnly} busy={busy} saved={saved} label="Save carriers" />
    </form>
  );
}
