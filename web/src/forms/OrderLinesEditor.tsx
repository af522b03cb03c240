/**
 * The order's lines, as the staff form and the shop both edit them: each line's
 * product, its own order-form fields, quantity, line total and a remove button,
 * with the server's errors beside each. The staff layout shows SKU, unit price
 * and stock; the shop's is simpler. Adding lines stays with each page.
 */
import { OrderFormFields } from './OrderFormFields';
import { TextField } from '../components/ui';
import { formatMoney } from '../lib/money';
import { fieldId, under } from '../lib/problems';
import type { OrderForm } from './useOrderForm';
import { useT } from '../i18n/i18n';
import styles from './OrderLinesEditor.module.css';

type Props<E> = { form: OrderForm<E>; layout: 'staff' | 'shop'; disabled?: boolean };

export function OrderLinesEditor<E>({ form, layout, disabled = false }: Props<E>) {
  const { errors } = form;
  const t = useT();
  return (
    <ol className={styles.lines}>
      {form.lines.map((l, i) => {
        const p = form.priced[i];
        const lineError = errors[`/lines/${i}/fields`] ?? errors[`/lines/${i}/sku`] ?? errors[`/lines/${i}/productId`] ?? errors[`/lines/${i}`];
        const total = formatMoney(p ? (p.unitPriceMinor + p.optionsPriceMinor) * p.quantity : 0, l.product.currency);
        const quantity = (
          <TextField label={t.lines.quantity} className={styles.qty} type="number" min={1} inputMode="numeric" disabled={disabled} pointer={`/lines/${i}/quantity`} error={errors[`/lines/${i}/quantity`]} value={l.quantity} onChange={(e) => form.updateLine(l.uid, { quantity: e.target.value })} />
        );
        const remove = disabled ? null : (
          <button type="button" className="link" onClick={() => form.removeLine(l.uid)} aria-label={layout === 'staff' ? `Remove line ${i + 1} (${l.product.name})` : t.lines.removeLabel(l.product.name)}>
            {t.lines.remove}
          </button>
        );
        const fields = <OrderFormFields fields={l.product.formFields} values={l.values} disabled={disabled} onChange={(k, v) => form.updateLine(l.uid, { values: { ...l.values, [k]: v } })} errors={under(errors, `/lines/${i}/fields/`)} currency={l.product.currency} idPrefix={fieldId(`/lines/${i}/fields`)} />;
        const stock = 'stock' in l.product ? (l.product as { stock?: { available: number } | null }).stock : null;
        return layout === 'staff' ? (
          <li key={l.uid} className={styles.line} data-line={l.uid} aria-label={`Line ${i + 1}: ${l.product.name}`}>
            <div className={styles.lineHead}>
              <div className="spacer">
                <strong>{l.product.name}</strong> <span className="muted">{l.product.sku}</span>
                <div className="muted">
                  {formatMoney(l.product.priceMinor, l.product.currency)} each
                  {stock ? ` · ${stock.available} available` : ''}
                </div>
              </div>
              {quantity}
              <div className={styles.lineTotal} aria-live="polite">
                <span className="muted">Line total</span>
                <strong>{total}</strong>
              </div>
              {remove}
            </div>
            {lineError ? <p className="field-error" role="alert">{lineError}</p> : null}
            {fields}
          </li>
        ) : (
          <li key={l.uid} className="panel" data-line={l.uid}>
            <div className="row">
              <h3 className="spacer">{l.product.name}</h3>
              {remove}
            </div>
            {lineError ? <p className="field-error" role="alert">{lineError}</p> : null}
            {fields}
            <div className={styles.lineFoot}>
              {quantity}
              <strong aria-live="polite">{total}</strong>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
