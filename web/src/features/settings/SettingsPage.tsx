/** The business's settings, and (for the owner) the staff users and their roles. */
import { useState, type FormEvent } from 'react';
import { ApiError, client, unwrap, type Problem, type Settings } from '../../api/client';
import { ROLES, type Role, type StaffUser } from '../../api/contract';
import { useSession } from '../../app/session';
import { useAsync } from '../../app/useAsync';
import { Checkbox, ErrorState, ErrorSummary, Loading, Page, SelectField, TextField, errorText } from '../../components/ui';
import { byPointer } from '../../lib/problems';
import { parseMoney, toMajor } from '../../lib/money';

type Storefront = Settings['storefront'];
/** The storefront's limits (src/storefront/storefront-settings.ts), as the form shows them. */
const STOREFRONT_FIELDS: { key: keyof Storefront; label: string; hint: string }[] = [
  { key: 'reservationHoldHours', label: 'Unpaid online orders hold stock for (hours)', hint: 'Then they are cancelled and the stock released, unless paid or confirmed' },
  { key: 'maxQuantityPerLine', label: 'Most units per line online', hint: 'Larger orders by phone or e-mail' },
  { key: 'maxUnitsPerOrder', label: 'Most units per online order', hint: 'All lines together' },
  { key: 'ordersPerAddressPerHour', label: 'Online orders per address per hour', hint: 'From one internet address' },
  { key: 'verificationMailsPerRecipientPerHour', label: 'Verification e-mails per recipient per hour', hint: 'Beyond it, verify by phone' },
];

export function SettingsPage() {
  const session = useSession();
  const settings = useAsync(() => unwrap(client.GET('/api/v1/settings')), []);
  return (
    <Page title="Settings">
      <div className="stack">
        {settings.error ? <ErrorState error={settings.error} retry={settings.reload} /> : !settings.data ? <Loading what="Loading settings" /> : <SettingsForm key={settings.data.version} settings={settings.data} onSaved={settings.set} readOnly={!session.can('settings.write')} />}
        {session.can('users.manage') ? <Users /> : null}
      </div>
    </Page>
  );
}

function SettingsForm({ settings, onSaved, readOnly }: { settings: Settings & { version: number }; onSaved: (s: Settings & { version: number }) => void; readOnly: boolean }) {
  const c = settings.currency;
  const [f, setF] = useState({ ...settings, fees: { shipping: toMajor(settings.deliveryFeesMinor.shipping, c), pickup: toMajor(settings.deliveryFeesMinor.pickup, c), local_delivery: toMajor(settings.deliveryFeesMinor.local_delivery, c) }, deliveryTax: String(settings.deliveryTaxRateBp / 100), limits: Object.fromEntries(STOREFRONT_FIELDS.map((x) => [x.key, String(settings.storefront[x.key])])) as Record<keyof Storefront, string> });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState(false);
  const errors = byPointer(problem?.errors ?? []);
  const set = (patch: Partial<typeof f>) => {
    setF((x) => ({ ...x, ...patch }));
    setSaved(false);
  };
  const example = `${f.orderNumberPrefix}-${f.orderNumberIncludesYear ? `${new Date().getFullYear()}-` : ''}000123`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const fee = (s: string) => parseMoney(s || '0', f.currency) ?? -1;
    try {
      const next = await unwrap(
        client.PATCH('/api/v1/settings', {
          params: { header: { 'if-match': `"${settings.version}"` } },
          body: {
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
          },
        }),
      );
      setProblem(null);
      setSaved(true);
      onSaved(next);
    } catch (err) {
      setProblem(err instanceof ApiError ? (err.status === 412 ? { ...err.problem, detail: 'Someone else changed the settings meanwhile; reload to see them.' } : err.problem) : null);
    }
  };
  return (
    <form className="panel stack" onSubmit={(e) => void submit(e)} noValidate>
      <h2>The business</h2>
      <ErrorSummary problem={problem} />
      <div aria-live="polite">{saved ? <p className="notice">Settings saved.</p> : null}</div>
      <fieldset disabled={readOnly} className="stack" style={{ border: 0, padding: 0, margin: 0 }}>
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
      {readOnly ? <p className="muted">Only the owner changes these.</p> : (
        <div className="row end">
          <button type="submit" className="primary">Save settings</button>
        </div>
      )}
    </form>
  );
}

function Users() {
  const session = useSession();
  const me = session.state.status === 'signed-in' ? session.state.user.id : null;
  const users = useAsync(() => unwrap(client.GET('/api/v1/users')), []);
  const [error, setError] = useState<string | null>(null);
  const change = async (u: StaffUser, body: { role?: Role; disabled?: boolean }) => {
    try {
      const next = await unwrap(client.PATCH('/api/v1/users/{id}', { params: { path: { id: u.id } }, body }));
      users.set({ items: (users.data?.items ?? []).map((x) => (x.id === next.id ? next : x)) });
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <section className="panel" aria-labelledby="users-h">
      <h2 id="users-h">Staff and roles</h2>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      {users.error ? (
        <ErrorState error={users.error} retry={users.reload} />
      ) : !users.data ? (
        <Loading what="Loading users" />
      ) : (
        <table className="list cards">
          <thead>
            <tr>
              <th>Name</th>
              <th>E-mail</th>
              <th>Role</th>
              <th>Access</th>
            </tr>
          </thead>
          <tbody>
            {users.data.items.map((u) => (
              <tr key={u.id}>
                <td data-label="Name">{u.name}</td>
                <td data-label="E-mail">{u.email}</td>
                <td data-label="Role">
                  <select aria-label={`Role of ${u.name}`} value={u.role} disabled={u.id === me} onChange={(e) => void change(u, { role: e.target.value as Role })}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td data-label="Access">
                  {u.id === me ? <span className="muted">You</span> : (
                    <button type="button" className={u.disabled ? '' : 'danger'} onClick={() => void change(u, { disabled: !u.disabled })}>
                      {u.disabled ? 'Enable' : 'Disable'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AddUser onAdded={(u) => users.set({ items: [...(users.data?.items ?? []), u] })} />
    </section>
  );
}

function AddUser({ onAdded }: { onAdded: (u: StaffUser) => void }) {
  const empty = { name: '', email: '', role: 'sales' as Role, password: '' };
  const [f, setF] = useState(empty);
  const [problem, setProblem] = useState<Problem | null>(null);
  const errors = byPointer(problem?.errors ?? []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onAdded(await unwrap(client.POST('/api/v1/users', { body: f })));
      setF(empty);
      setProblem(null);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.problem : null);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="stack" style={{ marginTop: '1rem' }}>
      <h3>Add a user</h3>
      <ErrorSummary problem={problem} />
      <div className="grid">
        <TextField label="Name" pointer="/name" error={errors['/name']} value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />
        <TextField label="E-mail" type="email" pointer="/email" error={errors['/email']} value={f.email} onChange={(e) => setF({ ...f, email: e.target.value })} />
        <SelectField label="Role" value={f.role} onChange={(e) => setF({ ...f, role: e.target.value as Role })}>
          {ROLES.map((r) => (
            <option key={r} value={r}>{r}</option>
          ))}
        </SelectField>
        <TextField label="First password" type="password" autoComplete="new-password" hint="At least 10 characters; they can change it" pointer="/password" error={errors['/password']} value={f.password} onChange={(e) => setF({ ...f, password: e.target.value })} />
      </div>
      <div className="row end">
        <button type="submit">Add user</button>
      </div>
    </form>
  );
}
