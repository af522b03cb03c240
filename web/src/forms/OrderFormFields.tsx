/**
 * THE renderer of a product's order-form fields. The staff order form, the
 * storefront, the form builder's preview and the customer's completion link all
 * use it. Conditions show and hide fields live; priced options show their price
 * change; errors from the server sit beside their field and are announced.
 */
import { useT } from '../i18n/i18n';
import type { FormField } from '../api/client';
import { formatDelta } from '../lib/money';
import { dateLimits, evaluateForm, type Answers } from './form-state';
import styles from './OrderFormFields.module.css';

export type OrderFormFieldsProps = {
  fields: readonly FormField[];
  values: Answers;
  onChange: (key: string, value: unknown) => void;
  /** Messages by field key (from the server's 422: /lines/0/fields/<key>). */
  errors?: Record<string, string>;
  currency: string;
  /** Makes ids unique when several forms are on one page (e.g. "line-0"). */
  idPrefix: string;
  disabled?: boolean;
  /** Show only these fields (a returned draft's missing answers); conditions still see the whole form. */
  only?: ReadonlySet<string> | undefined;
};

export function OrderFormFields({ fields, values, onChange, errors = {}, currency, idPrefix, disabled = false, only }: OrderFormFieldsProps) {
  const state = evaluateForm(fields, values);
  const t = useT();
  if (fields.length === 0) return <p className={styles.none}>{t.lines.noOptions}</p>;
  return (
    <div className={styles.fields}>
      {fields
        .filter((f) => state.visible.has(f.key) && (!only || only.has(f.key)))
        .map((f) => (
          <FieldInput
            key={f.key}
            field={f}
            id={`${idPrefix}-${f.key}`}
            value={values[f.key]}
            required={state.required.has(f.key)}
            error={errors[f.key]}
            currency={currency}
            disabled={disabled}
            onChange={(v) => onChange(f.key, v)}
          />
        ))}
    </div>
  );
}

type FieldInputProps = {
  field: FormField;
  id: string;
  value: unknown;
  required: boolean;
  error: string | undefined;
  currency: string;
  disabled: boolean;
  onChange: (v: unknown) => void;
};

function FieldInput({ field: f, id, value, required, error, currency, disabled, onChange }: FieldInputProps) {
  const t = useT();
  const helpId = f.help ? `${id}-help` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, helpId].filter(Boolean).join(' ') || undefined;
  const common = { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy, 'aria-required': required || undefined, disabled } as const;
  const label = (
    <>
      {f.label}
      {required ? <span className={styles.req} aria-hidden="true"> *</span> : null}
    </>
  );
  const price = (delta: number) => (delta ? ` (${formatDelta(delta, currency)})` : '');
  const messages = (
    <>
      {f.help ? <span id={helpId} className={styles.help}>{f.help}</span> : null}
      <span className={styles.error} id={errorId} role={error ? 'alert' : undefined}>{error ?? ''}</span>
    </>
  );

  if (f.type === 'multi_select') {
    const chosen = Array.isArray(value) ? (value as string[]) : [];
    return (
      <fieldset className={`${styles.field} ${error ? styles.invalid : ''}`} aria-describedby={describedBy} id={id}>
        <legend className={styles.label}>{label}</legend>
        {(f.options ?? []).map((o, i) => (
          <label key={o.value} className={styles.check}>
            <input
              type="checkbox"
              id={i === 0 ? `${id}-first` : undefined}
              aria-invalid={error ? true : undefined}
              checked={chosen.includes(o.value)}
              disabled={disabled}
              onChange={(e) => onChange(e.target.checked ? [...chosen, o.value] : chosen.filter((c) => c !== o.value))}
            />
            {o.label}
            {price(o.priceDeltaMinor)}
          </label>
        ))}
        {messages}
      </fieldset>
    );
  }

  if (f.type === 'boolean') {
    return (
      <div className={`${styles.field} ${error ? styles.invalid : ''}`}>
        <label className={styles.check}>
          <input type="checkbox" {...common} checked={value === true || value === 'true'} onChange={(e) => onChange(e.target.checked)} />
          {label}
          {price(f.priceDeltaMinor ?? 0)}
        </label>
        {messages}
      </div>
    );
  }

  let control;
  if (f.type === 'select') {
    control = (
      <select {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">{t.lines.choose}</option>
        {(f.options ?? []).map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
            {price(o.priceDeltaMinor)}
          </option>
        ))}
      </select>
    );
  } else {
    const type = f.type === 'number' ? 'number' : f.type === 'date' ? 'date' : 'text';
    // A date field's min/max are days from today (the server's rule, from the same module).
    const limits = f.type === 'date' ? dateLimits(f) : { min: f.type === 'number' ? f.min : undefined, max: f.type === 'number' ? f.max : undefined };
    control = (
      <input
        {...common}
        type={type}
        inputMode={f.type === 'number' ? 'decimal' : undefined}
        min={limits.min}
        max={limits.max}
        maxLength={f.type === 'text' ? f.maxLength : undefined}
        value={value === undefined || value === null ? '' : String(value)}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      />
    );
  }
  return (
    <div className={`${styles.field} ${error ? styles.invalid : ''}`}>
      <label htmlFor={id} className={styles.label}>
        {label}
      </label>
      {control}
      {messages}
    </div>
  );
}
