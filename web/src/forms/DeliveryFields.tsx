/** Delivery method, address and date: part of the standard order form (staff and storefront). */
import { useMemo } from 'react';
import { SelectField, TextArea, TextField } from '../components/ui';
import { countryOptions } from './countries';
import type { FieldErrors } from '../lib/problems';
import { formatMoney } from '../lib/money';
import { useT } from '../i18n/i18n';
import { DELIVERY_LABEL, needsAddress, type DeliveryMethod, type DeliveryState } from './order-draft';

export type PreviousAddress = { line1: string; line2?: string | undefined; city: string; postalCode?: string | undefined; country: string };

export function DeliveryFields({ value, onChange, errors, fees, currency, previous = [], language = 'en' }: { value: DeliveryState; onChange: (d: DeliveryState) => void; errors: FieldErrors; fees?: Partial<Record<DeliveryMethod, number>>; currency: string; previous?: PreviousAddress[]; language?: string }) {
  const t = useT().deliveryForm;
  const set = (patch: Partial<DeliveryState>) => onChange({ ...value, ...patch });
  const addrErr = errors['/delivery/address'];
  const countries = useMemo(() => countryOptions(language), [language]);
  const known = countries.some((c) => c.code === value.country);
  return (
    <div className="stack">
      <div className="grid">
        <SelectField label={t.method} pointer="/delivery/method" error={errors['/delivery/method']} value={value.method} onChange={(e) => set({ method: e.target.value as DeliveryMethod })}>
          {(Object.keys(DELIVERY_LABEL) as DeliveryMethod[]).map((m) => (
            <option key={m} value={m}>
              {t.methods[m] ?? DELIVERY_LABEL[m]}
              {fees?.[m] ? ` (${formatMoney(fees[m] ?? 0, currency)})` : ''}
            </option>
          ))}
        </SelectField>
        <TextField label={t.requestedDate} type="date" pointer="/delivery/requestedDate" error={errors['/delivery/requestedDate']} value={value.requestedDate} onChange={(e) => set({ requestedDate: e.target.value })} />
      </div>
      {needsAddress(value.method) ? (
        <fieldset className="grid" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend className="sr-only">{t.address}</legend>
          {previous.length > 0 ? (
            <SelectField
              label="Previous addresses"
              className="span-all"
              value=""
              hint="Where this customer's earlier orders went"
              onChange={(e) => {
                const a = previous[Number(e.target.value)];
                if (a) set({ line1: a.line1, line2: a.line2 ?? '', city: a.city, postalCode: a.postalCode ?? '', country: a.country });
              }}
            >
              <option value="">Choose one to fill in the address…</option>
              {previous.map((a, i) => (
                <option key={i} value={i}>
                  {[a.line1, a.line2, a.city, a.postalCode, a.country].filter(Boolean).join(', ')}
                </option>
              ))}
            </SelectField>
          ) : null}
          <TextField label={t.line1} required autoComplete="address-line1" pointer="/delivery/address/line1" data-pointers="/delivery/address" error={errors['/delivery/address/line1'] ?? addrErr} value={value.line1} onChange={(e) => set({ line1: e.target.value })} />
          <TextField label={t.line2} autoComplete="address-line2" pointer="/delivery/address/line2" error={errors['/delivery/address/line2']} value={value.line2} onChange={(e) => set({ line2: e.target.value })} />
          <TextField label={t.city} required autoComplete="address-level2" pointer="/delivery/address/city" error={errors['/delivery/address/city']} value={value.city} onChange={(e) => set({ city: e.target.value })} />
          <TextField label={t.postalCode} autoComplete="postal-code" pointer="/delivery/address/postalCode" error={errors['/delivery/address/postalCode']} value={value.postalCode} onChange={(e) => set({ postalCode: e.target.value })} />
          <SelectField label={t.country} autoComplete="country" pointer="/delivery/address/country" error={errors['/delivery/address/country']} value={value.country} onChange={(e) => set({ country: e.target.value })}>
            {known ? null : <option value={value.country}>{value.country || t.chooseCountry}</option>}
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </SelectField>
        </fieldset>
      ) : null}
      <TextArea label={t.instructions} rows={2} pointer="/delivery/instructions" error={errors['/delivery/instructions']} value={value.instructions} onChange={(e) => set({ instructions: e.target.value })} />
    </div>
  );
}
