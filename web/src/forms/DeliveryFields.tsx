/** Delivery method, address and date: part of the standard order form (staff and storefront). */
import { SelectField, TextArea, TextField } from '../components/ui';
import type { FieldErrors } from '../lib/problems';
import { formatMoney } from '../lib/money';
import { DELIVERY_LABEL, needsAddress, type DeliveryMethod, type DeliveryState } from './order-draft';

export function DeliveryFields({ value, onChange, errors, fees, currency }: { value: DeliveryState; onChange: (d: DeliveryState) => void; errors: FieldErrors; fees?: Partial<Record<DeliveryMethod, number>>; currency: string }) {
  const set = (patch: Partial<DeliveryState>) => onChange({ ...value, ...patch });
  const addrErr = errors['/delivery/address'];
  return (
    <div className="stack">
      <div className="grid">
        <SelectField label="Delivery" pointer="/delivery/method" error={errors['/delivery/method']} value={value.method} onChange={(e) => set({ method: e.target.value as DeliveryMethod })}>
          {(Object.keys(DELIVERY_LABEL) as DeliveryMethod[]).map((m) => (
            <option key={m} value={m}>
              {DELIVERY_LABEL[m]}
              {fees?.[m] ? ` (${formatMoney(fees[m] ?? 0, currency)})` : ''}
            </option>
          ))}
        </SelectField>
        <TextField label="Requested date" type="date" pointer="/delivery/requestedDate" error={errors['/delivery/requestedDate']} value={value.requestedDate} onChange={(e) => set({ requestedDate: e.target.value })} />
      </div>
      {needsAddress(value.method) ? (
        <fieldset className="grid" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend className="sr-only">Delivery address</legend>
          <TextField label="Street address" required autoComplete="address-line1" pointer="/delivery/address/line1" data-pointers="/delivery/address" error={errors['/delivery/address/line1'] ?? addrErr} value={value.line1} onChange={(e) => set({ line1: e.target.value })} />
          <TextField label="Address line 2" autoComplete="address-line2" pointer="/delivery/address/line2" error={errors['/delivery/address/line2']} value={value.line2} onChange={(e) => set({ line2: e.target.value })} />
          <TextField label="City" required autoComplete="address-level2" pointer="/delivery/address/city" error={errors['/delivery/address/city']} value={value.city} onChange={(e) => set({ city: e.target.value })} />
          <TextField label="Postal code" autoComplete="postal-code" pointer="/delivery/address/postalCode" error={errors['/delivery/address/postalCode']} value={value.postalCode} onChange={(e) => set({ postalCode: e.target.value })} />
          <TextField label="Country" required autoComplete="country" maxLength={2} hint="Two letters, e.g. GB" pointer="/delivery/address/country" error={errors['/delivery/address/country']} value={value.country} onChange={(e) => set({ country: e.target.value.toUpperCase() })} />
        </fieldset>
      ) : null}
      <TextArea label="Delivery instructions" rows={2} pointer="/delivery/instructions" error={errors['/delivery/instructions']} value={value.instructions} onChange={(e) => set({ instructions: e.target.value })} />
    </div>
  );
}
