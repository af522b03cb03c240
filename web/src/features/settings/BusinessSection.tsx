/** The business: who it is, how it numbers orders, currency, delivery fees, the storefront's limits. */
import { useState, type FormEvent } from 'react';
import type { Settings } from '../../api/client';
import { Checkbox, ErrorSummary, SelectField, TextField } from '../../components/ui';
import { parseMoney, toMajor } from '../../lib/money';
import { useSettingsSave, type VersionedSettings } from './save';
import { SaveRow } from './SaveRow';

type Storefront = Settings['storefront'];
/** The storefront's limits (src/storefront/storefront-settings.ts), as the form shows them. */
const STOREFRONT_FIELDS: { key: keyof Storefront; label: string; hint: string }[] = [
  { key: 'reservationHoldHours', label: 'Unpaid online orders hold stock for (hours)', hint: 'Then they are cancelled and the stock released, unless paid or confirmed' },
  { key: 'maxQuantityPerLine', label: 'Most units per line online', hint: 'Larger orders by phone or e-mail' },
  { key: 'maxUnitsPerOrder', label: 'Most units per online order', hint: 'All lines together' },
  { key: 'ordersPerAddressPerHour', label: 'Online orders per address per hour', hint: 'From one internet address' },
  { key: 'verificationMailsPerRecipientPerHour', label: 'Verification e-mails per recipient per hour', hint: 'Beyond it, verify by phone' },
];

export function BusinessSection({ settings, onSaved, readOnly }: { settings: VersionedSettings; onSaved: (s: VersionedSettings) => void; readOnly: boolean }) {
  const c = settings.currency;
  const [f, setF] = useState({ ...settings, fees: { shipping: toMajor(settings.deliveryFeesMinor.shipping, c), pickup: toMajor(settings.deliveryFeesMinor.pickup, c), local_delivery: toMajor(settings.deliveryFeesMinor.local_delivery, c) }, deliveryTax: String(settings.deliveryTaxRateBp / 100), limits: Object.fromEntries(STOREFRONT_FIELDS.map((x) => [x.key, String(settings.storefront[x.key])])) as Record<keyof Storefront, string> });
  const { problem, errors, saved, busy, save, touched } = useSettingsSave(settings, onSaved);
  const set = (patch: Partial<typeof f>) => {
    setF((x) => ({ ...x, ...patch }));
    touched();
  };
  const example = `${f.orderNumberPrefix}-${f.orderNumberIncludesYear ? `${new Date().getFullYear()}-` : ''}000123`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const fee = (s: string) => parseMoney(s || '0', f.currency) ?? -1;
    await save({
      businessName: f.businessName,
      contactEmail: f.contactEmail,
      contactPhone: f.contactPhone,
      address: f.address,
      currency: f.currency,
      defaultCountry: f.defaultCountry,
      defaultLanguage: f.defaultLanguage,
      orderNumberPrefix: f.orderNumberPrefix,
      orderNumberIncludesYear: f.orderNumberIncludesYear,
      deliveryFeesMinor: { shipping: fee(f.fees.shipping), pickup: fee(f.fees.pickup), local_delivery: fee(f.fees.local_delivery) },
      deliveryTaxRateBp: Math.round(Number(f.deliveryTax || '0') * 100),
      storefront: Object.fromEntries(STOREFRONT_FIELDS.map((x) => [x.key, Number(f.limits[x.key] || '-1')])) as Storefront,
    });
  };
  return (
    <form className="panel stack" onSubmit={(e) => void submit(e)} noValidate>
      <h2>The business</h2>
      <ErrorSummary problem={problem} />
      <fieldset disabled={readOnly} className="stack" style={{ border: 0, padding: 0, marginInline: 0, marginBottom: 0 }}>
        <div className="grid">
          <TextField label="Business name" required pointer="/businessName" error={errors['/businessName']} value={f.businessName} onChange={(e) => set({ businessName: e.target.value })} />
          <TextField label="Contact e-mail" type="email" required pointer="/contactEmail" error={errors['/contactEmail']} value={f.contactEmail} onChange={(e) => set({ contactEmail: e.target.value })} />
          <TextField label="Contact phone" type="tel" pointer="/contactPhone" error={errors['/contactPhone']} value={f.contactPhone} onChange={(e) => set({ contactPhone: e.target.value })} />
          <TextField label="Address" pointer="/address" error={errors['/address']} value={f.address} onChange={(e) => set({ address: e.target.value })} />
        </div>
        <h3>Orders and money</h3>
        <div className="grid">
          <TextField label="Order number prefix" pointer="/orderNumberPrefix" error={errors['/orderNumberPrefix']} hint={`Orders are numbered like ${example}`} value={f.orderNumberPrefix} onChange={(e) => set({ orderNumberPrefix: e.target.value.toUpperCase() })} />
          <Checkbox label="Include the year in order numbers" checked={f.orderNumberIncludesYear} onChange={(e) => set({ orderNumberIncludesYear: e.target.checked })} />
          <TextField label="Currency" pointer="/currency" error={errors['/currency']} maxLength={3} value={f.currency} onChange={(e) => set({ currency: e.target.value.toUpperCase() })} />
          <TextField label="Country (for phone numbers)" pointer="/defaultCountry" error={errors['/defaultCountry']} maxLength={2} value={f.defaultCountry} onChange={(e) => set({ defaultCountry: e.target.value.toUpperCase() })} />
          <SelectField label="Language" value={f.defaultLanguage} onChange={(e) => set({ defaultLanguage: e.target.value as 'en' | 'tr' })}>
            <option value="en">English</option>
            <option value="tr">Türkçe</option>
          </SelectField>
        </div>
        <h3>Delivery fees</h3>
        <div className="grid">
          <TextField label={`Shipping (${f.currency})`} inputMode="decimal" pointer="/deliveryFeesMinor/shipping" error={errors['/deliveryFeesMinor/shipping']} value={f.fees.shipping} onChange={(e) => set({ fees: { ...f.fees, shipping: e.target.value } })} />
          <TextField label={`Local delivery (${f.currency})`} inputMode="decimal" pointer="/deliveryFeesMinor/local_delivery" error={errors['/deliveryFeesMinor/local_delivery']} value={f.fees.local_delivery} onChange={(e) => set({ fees: { ...f.fees, local_delivery: e.target.value } })} />
          <TextField label={`Pick-up (${f.currency})`} inputMode="decimal" pointer="/deliveryFeesMinor/pickup" error={errors['/deliveryFeesMinor/pickup']} value={f.fees.pickup} onChange={(e) => set({ fees: { ...f.fees, pickup: e.target.value } })} />
          <TextField label="Tax on delivery (%)" inputMode="decimal" pointer="/deliveryTaxRateBp" error={errors['/deliveryTaxRateBp']} value={f.deliveryTax} onChange={(e) => set({ deliveryTax: e.target.value })} />
        </div>
        <h3>Online orders (storefront)</h3>
        <div className="grid">
          {STOREFRONT_FIELDS.map((x) => (
            <TextField key={x.key} label={x.label} hint={x.hint} inputMode="numeric" pointer={`/storefront/${x.key}`} error={errors[`/storefront/${x.key}`]} value={f.limits[x.key]} onChange={(e) => set({ limits: { ...f.limits, [x.key]: e.target.value } })} />
          ))}
        </div>
      </fieldset>
      <SaveRow readOnly={readOnly} busy={busy} saved={saved} label="Save the business details" />
    </form>
  );
}

