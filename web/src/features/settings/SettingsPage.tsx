/**
 * The business's settings in sections (one tab each), every one saved on its own
 * with the version it was read at: the business, when orders are verified,
 * payments and bank details, carriers, e-mails to customers, the mail log, API tokens,
 * webhooks, staff and roles.
 */
import type { ReactNode } from 'react';
import { client, unwrap } from '../../api/client';
import { navigate, useLocation } from '../../app/router';
import { useSession } from '../../app/session';
import { useAsync } from '../../app/useAsync';
import { ErrorState, Loading, Page } from '../../components/ui';
import { BusinessSection } from './BusinessSection';
import { VerificationSection } from './VerificationSection';
import { CalendarSection } from './CalendarSection';
import { PaymentMethodsSection, BankDetailsSection } from './PaymentSections';
import { MailLog } from './MailLog';
import { AcknowledgementSection, MailWording } from './MailWording';
import { ApiTokens } from './ApiTokens';
import { Webhooks } from './Webhooks';
import { Users } from './Users';
import { CarriersSection } from './CarriersSection';
import { FeedbackSection } from './FeedbackSection';

type Tab = 'business' | 'calendar' | 'verification' | 'payments' | 'shipping' | 'wording' | 'feedback' | 'mail' | 'tokens' | 'webhooks' | 'staff';
const TABS: { id: Tab; label: string; permission: string }[] = [
  { id: 'business', label: 'Business', permission: 'settings.read' },
  { id: 'calendar', label: 'Working days', permission: 'settings.read' },
  { id: 'verification', label: 'Verification', permission: 'settings.read' },
  { id: 'payments', label: 'Payments', permission: 'settings.read' },
  { id: 'shipping', label: 'Carriers', permission: 'settings.read' },
  { id: 'wording', label: 'E-mail wording', permission: 'settings.read' },
  { id: 'feedback', label: 'Feedback survey', permission: 'settings.read' },
  { id: 'mail', label: 'Mail log', permission: 'mail.read' },
  { id: 'tokens', label: 'API tokens', permission: 'tokens.manage' },
  { id: 'webhooks', label: 'Webhooks', permission: 'webhooks.manage' },
  { id: 'staff', label: 'Staff', permission: 'users.manage' },
];

/** Who has a reason to open Settings (the menu shows it to them only): the owner, and those who read the mail log. */
export const canOpenSettings = (can: (p: string) => boolean) => can('settings.write') || can('mail.read');

export function SettingsPage() {
  const session = useSession();
  const { query } = useLocation();
  const tabs = TABS.filter((t) => session.can(t.permission));
  const tab = tabs.find((t) => t.id === query.get('tab'))?.id ?? tabs[0]?.id ?? 'business';
  const settings = useAsync(() => unwrap(client.GET('/api/v1/settings')), []);
  const server = useAsync(() => unwrap(client.GET('/api/v1/settings/server')), []);
  const readOnly = !session.can('settings.write');
  if (!canOpenSettings(session.can)) {
    return (
      <Page title="Settings">
        <p className="state">Your role does not change the settings. Your own password is under <a href="/account">My account</a>.</p>
      </Page>
    );
  }
  const needsSettings = tab === 'business' || tab === 'calendar' || tab === 'verification' || tab === 'payments' || tab === 'shipping' || tab === 'wording' || tab === 'feedback';
  let body: ReactNode;
  if (needsSettings && settings.error) body = <ErrorState error={settings.error} retry={settings.reload} />;
  else if (needsSettings && !settings.data) body = <Loading what="Loading settings" />;
  else if (tab === 'business' && settings.data) body = <BusinessSection settings={settings.data} onSaved={settings.set} readOnly={readOnly} />;
  else if (tab === 'calendar' && settings.data) body = <CalendarSection settings={settings.data} onSaved={settings.set} readOnly={readOnly} />;
  else if (tab === 'verification' && settings.data) body = <VerificationSection settings={settings.data} onSaved={settings.set} readOnly={readOnly} />;
  else if (tab === 'payments' && settings.data)
    body = (
      <>
        <PaymentMethodsSection settings={settings.data} onSaved={settings.set} readOnly={readOnly} cardPayments={server.data?.cardPayments ?? false} />
        <BankDetailsSection settings={settings.data} onSaved={settings.set} readOnly={readOnly} />
      </>
    );
  else if (tab === 'shipping' && settings.data) body = <CarriersSection settings={settings.data} onSaved={settings.set} readOnly={readOnly} />;
  else if (tab === 'wording' && settings.data)
    body = (
      <>
        <AcknowledgementSection settings={settings.data} onSaved={settings.set} readOnly={readOnly} />
        <MailWording readOnly={readOnly} />
      </>
    );
  else if (tab === 'feedback' && settings.data) body = <FeedbackSection settings={settings.data} onSaved={settings.set} readOnly={readOnly} />;
  else if (tab === 'mail') body = <MailLog localMailbox={server.data?.mailDelivery === 'local_mailbox'} />;
  else if (tab === 'tokens') body = <ApiTokens />;
  else if (tab === 'webhooks') body = <Webhooks />;
  else if (tab === 'staff') body = <Users />;
  return (
    <Page title="Settings" subtitle={readOnly ? 'Only the owner changes these.' : undefined}>
      <SettingsTabs tabs={tabs} current={tab} />
      <div className="stack" role="tabpanel" aria-label={tabs.find((t) => t.id === tab)?.label}>
        {body}
      </div>
    </Page>
  );
}

function SettingsTabs({ tabs, current }: { tabs: { id: Tab; label: string }[]; current: Tab }) {
  return (
    <div className="row" role="tablist" aria-label="Settings" style={{ marginBottom: '1rem' }}>
      {tabs.map((t) => (
        <button key={t.id} type="button" role="tab" aria-selected={current === t.id} className={current === t.id ? 'primary' : ''} onClick={() => navigate(`/settings?tab=${t.id}`, { replace: true })}>
          {t.label}
        </button>
      ))}
    </div>
  );
}
