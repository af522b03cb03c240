/** Builds a product's order form: fields, types, priced options and conditions, beside a live preview of what the customer sees. */
import { useState } from 'react';
import { OrderFormFields } from '../../forms/OrderFormFields';
import { Checkbox, SelectField, TextField } from '../../components/ui';
import { under, type FieldErrors } from '../../lib/problems';
import { FIELD_TYPES, FIELD_TYPE_LABEL, conditionValue, newField, newOption, slug, toDefinition, type DraftCondition, type DraftField, type DraftOption } from './form-builder-model';
import styles from './FormBuilder.module.css';

type Props = { fields: DraftField[]; onChange: (f: DraftField[]) => void; currency: string; errors: FieldErrors; readOnly?: boolean };

export function FormBuilder({ fields, onChange, currency, errors, readOnly = false }: Props) {
  const [preview, setPreview] = useState<Record<string, unknown>>({});
  const set = (uid: string, patch: Partial<DraftField>) => onChange(fields.map((f) => (f.uid === uid ? { ...f, ...patch } : f)));
  const move = (i: number, by: number) => {
    const next = [...fields];
    const [f] = next.splice(i, 1);
    if (f) next.splice(i + by, 0, f);
    onChange(next);
  };
  const add = () => {
    const f = newField();
    onChange([...fields, f]);
    requestAnimationFrame(() => document.getElementById(`fb-${f.uid}-label`)?.focus());
  };
  const definition = toDefinition(fields, currency);

  return (
    <div className={styles.builder}>
      <div>
        {fields.length === 0 ? <p className="muted">This product asks nothing when ordered. Add a field for each detail the order needs (a fabric, a finish, a size).</p> : null}
        <ol className={styles.fields}>
          {fields.map((f, i) => (
            <FieldEditor key={f.uid} field={f} index={i} above={fields.slice(0, i)} count={fields.length} errors={under(errors, `/formFields/${i}`)} currency={currency} readOnly={readOnly} onChange={(p) => set(f.uid, p)} onMove={(by) => move(i, by)} onRemove={() => onChange(fields.filter((x) => x.uid !== f.uid))} />
          ))}
        </ol>
        {errors['/formFields'] ? <p className="field-error" role="alert">{errors['/formFields']}</p> : null}
        {readOnly ? null : (
          <button type="button" onClick={add}>
            + Add field
          </button>
        )}
      </div>
      <aside className={styles.preview} aria-labelledby="preview-h">
        <h3 id="preview-h">Preview: what the customer sees</h3>
        <p className="muted">Try it: conditions show and hide fields, options change the price.</p>
        <OrderFormFields fields={definition.filter((f) => f.key && f.label)} values={preview} onChange={(k, v) => setPreview((p) => ({ ...p, [k]: v }))} currency={currency} idPrefix="preview" />
      </aside>
    </div>
  );
}

type EditorProps = { field: DraftField; index: number; above: DraftField[]; count: number; errors: FieldErrors; currency: string; readOnly: boolean; onChange: (p: Partial<DraftField>) => void; onMove: (by: number) => void; onRemove: () => void };

function FieldEditor({ field: f, index, above, count, errors, currency, readOnly, onChange, onMove, onRemove }: EditorProps) {
  const choice = f.type === 'select' || f.type === 'multi_select';
  const id = `fb-${f.uid}`;
  const setOption = (uid: string, patch: Partial<DraftOption>) => onChange({ options: f.options.map((o) => (o.uid === uid ? { ...o, ...patch } : o)) });
  const general = Object.entries(errors).filter(([k]) => !['/key', '/label', '/options', '/help', '/min', '/max', '/minLength', '/maxLength', '/pattern'].includes(k) && !/^\/options\/\d+/.test(k));
  return (
    <li className={styles.field}>
      <fieldset disabled={readOnly}>
        <legend>
          Field {index + 1}
          {f.label ? `: ${f.label}` : ''}
        </legend>
        <div className={styles.grid}>
          <TextField id={`${id}-label`} label="Label" required value={f.label} error={errors['/label']} onChange={(e) => onChange({ label: e.target.value, ...(f.keyTouched ? {} : { key: slug(e.target.value) }) })} />
          <TextField label="Key" hint="Used in the API and CSV" value={f.key} error={errors['/key']} onChange={(e) => onChange({ key: e.target.value, keyTouched: true })} />
          <SelectField label="Type" value={f.type} onChange={(e) => onChange({ type: e.target.value as DraftField['type'] })}>
            {FIELD_TYPES.map((t) => (
              <option key={t} value={t}>
                {FIELD_TYPE_LABEL[t]}
              </option>
            ))}
          </SelectField>
          <Checkbox label="Required" checked={f.required} onChange={(e) => onChange({ required: e.target.checked })} />
        </div>
        <TextField label="Help text" value={f.help ?? ''} error={errors['/help']} onChange={(e) => onChange({ help: e.target.value === '' ? null : e.target.value })} />

        {choice ? (
          <div className={styles.options}>
            <h4>Options</h4>
            {errors['/options'] ? <p className="field-error" role="alert">{errors['/options']}</p> : null}
            {f.options.map((o, j) => (
              <div key={o.uid} className={styles.option} role="group" aria-label={`Option ${j + 1}`}>
                <TextField label={`Option ${j + 1} label`} value={o.label} error={errors[`/options/${j}/label`]} onChange={(e) => setOption(o.uid, { label: e.target.value, ...(o.valueTouched ? {} : { value: slug(e.target.value, 'option') }) })} />
                <TextField label="Value" value={o.value} error={errors[`/options/${j}/value`]} onChange={(e) => setOption(o.uid, { value: e.target.value, valueTouched: true })} />
                <TextField label={`Price change (${currency})`} inputMode="decimal" placeholder="0.00" value={o.price} error={errors[`/options/${j}/priceDeltaMinor`]} onChange={(e) => setOption(o.uid, { price: e.target.value })} />
                <button type="button" className="link" onClick={() => onChange({ options: f.options.filter((x) => x.uid !== o.uid) })} aria-label={`Remove option ${j + 1}`}>
                  Remove
                </button>
              </div>
            ))}
            <button type="button" onClick={() => onChange({ options: [...f.options, newOption()] })}>
              + Add option
            </button>
          </div>
        ) : null}
        {f.type === 'boolean' ? <TextField label={`Price change when yes (${currency})`} inputMode="decimal" placeholder="0.00" value={f.booleanPrice} error={errors['/priceDeltaMinor']} onChange={(e) => onChange({ booleanPrice: e.target.value })} /> : null}
        {f.type === 'number' || f.type === 'multi_select' || f.type === 'date' ? (
          <div className={styles.grid}>
            <TextField
              label={f.type === 'number' ? 'Lowest' : f.type === 'date' ? 'Earliest (days from the order day)' : 'At least (choices)'}
              hint={f.type === 'date' ? '0 = the day of the order; -30 = up to 30 days before' : undefined}
              inputMode="decimal"
              value={f.min}
              error={errors['/min']}
              onChange={(e) => onChange({ min: e.target.value })}
            />
            <TextField
              label={f.type === 'number' ? 'Highest' : f.type === 'date' ? 'Latest (days from the order day)' : 'At most (choices)'}
              hint={f.type === 'date' ? '90 = up to 90 days after the order' : undefined}
              inputMode="decimal"
              value={f.max}
              error={errors['/max']}
              onChange={(e) => onChange({ max: e.target.value })}
            />
          </div>
        ) : null}
        {f.type === 'text' ? (
          <div className={styles.grid}>
            <TextField label="Shortest (characters)" inputMode="numeric" value={f.minLength} error={errors['/minLength']} onChange={(e) => onChange({ minLength: e.target.value })} />
            <TextField label="Longest (characters)" inputMode="numeric" value={f.maxLength} error={errors['/maxLength']} onChange={(e) => onChange({ maxLength: e.target.value })} />
            <TextField label="Pattern" hint="RE2 syntax; the whole answer must match, e.g. RAL ?\d{4}" value={f.pattern ?? ''} error={errors['/pattern']} onChange={(e) => onChange({ pattern: e.target.value === '' ? null : e.target.value })} />
          </div>
        ) : null}

        <ConditionEditor label="Show only when" value={f.shownWhen} above={above} error={errors['/shownWhen'] ?? errors['/shownWhen/field']} onChange={(c) => onChange({ shownWhen: c })} />
        <ConditionEditor label="Required only when" value={f.requiredWhen} above={above} error={errors['/requiredWhen'] ?? errors['/requiredWhen/field']} onChange={(c) => onChange({ requiredWhen: c })} />

        {general.map(([k, m]) => (
          <p key={k} className="field-error" role="alert">
            {m}
          </p>
        ))}
        <div className="row end">
          <button type="button" onClick={() => onMove(-1)} disabled={index === 0} aria-label={`Move field ${index + 1} up`}>
            ↑ Up
          </button>
          <button type="button" onClick={() => onMove(1)} disabled={index === count - 1} aria-label={`Move field ${index + 1} down`}>
            ↓ Down
          </button>
          <button type="button" className="danger" onClick={onRemove} aria-label={`Remove field ${index + 1}${f.label ? ` (${f.label})` : ''}`}>
            Remove field
          </button>
        </div>
      </fieldset>
    </li>
  );
}

/** A condition names a field above this one and the answer (or any of several answers) that makes it hold. */
function ConditionEditor({ label, value, above, error, onChange }: { label: string; value: DraftCondition | null; above: DraftField[]; error: string | undefined; onChange: (c: DraftCondition | null) => void }) {
  const candidates = above.filter((f) => f.key);
  const target = candidates.find((f) => f.key === value?.field);
  const choices: { value: string; label: string }[] | null =
    target?.type === 'select' || target?.type === 'multi_select'
      ? target.options.filter((o) => o.value).map((o) => ({ value: o.value, label: o.label || o.value }))
      : target?.type === 'boolean'
        ? [{ value: 'true', label: 'Yes' }, { value: 'false', label: 'No' }]
        : null;
  const texts = (value?.values ?? []).map(String);
  const set = (values: string[]) => value && onChange({ ...value, values: values.map((v) => conditionValue(v, target)) });
  return (
    <div className={styles.condition}>
      <SelectField label={`${label}…`} value={value?.field ?? ''} error={error} onChange={(e) => onChange(e.target.value ? { field: e.target.value, mode: 'equals', values: [] } : null)} hint={candidates.length === 0 ? 'Only a field above this one can be named.' : undefined}>
        <option value="">Always</option>
        {candidates.map((f) => (
          <option key={f.uid} value={f.key}>
            {f.label || f.key}
          </option>
        ))}
      </SelectField>
      {value && target ? (
        <>
          <SelectField label="…when it" value={value.mode} onChange={(e) => onChange({ ...value, mode: e.target.value as DraftCondition['mode'], values: value.values.slice(0, e.target.value === 'equals' ? 1 : undefined) })}>
            <option value="equals">is</option>
            <option value="in">is any of</option>
          </SelectField>
          {value.mode === 'in' && choices ? (
            <fieldset className={styles.anyOf}>
              <legend>…any of</legend>
              {choices.map((c) => (
                <label key={c.value}>
                  <input type="checkbox" checked={texts.includes(c.value)} onChange={(e) => set(e.target.checked ? [...texts, c.value] : texts.filter((t) => t !== c.value))} /> {c.label}
                </label>
              ))}
            </fieldset>
          ) : value.mode === 'in' ? (
            <TextField label="…any of" hint="Separate the answers with commas" value={texts.join(', ')} onChange={(e) => set(e.target.value.split(',').map((t) => t.trim()).filter((t) => t !== ''))} />
          ) : choices ? (
            <SelectField label="…is" value={texts[0] ?? ''} onChange={(e) => set(e.target.value === '' ? [] : [e.target.value])}>
              <option value="">Choose…</option>
              {choices.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </SelectField>
          ) : (
            <TextField label="…is" value={texts[0] ?? ''} onChange={(e) => set([e.target.value])} />
          )}
        </>
      ) : null}
    </div>
  );
}
