/** The two faces of Orderly: the public storefront (/shop) and the back office for staff (everything else). */
import { CATALOGUES } from '../i18n/catalogues';
import { browserLanguage } from '../i18n/language';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, match, navigate, useLocation } from './router';
import { SessionProvider, useSession } from './session';
import { ErrorState, Loading } from '../components/ui';
import { LoginPage, SetupPage } from '../features/auth/LoginPage';
import { OrdersPage } from '../features/orders/OrdersPage';
import { OrderPage } from '../features/orders/OrderPage';
import { AtRiskPage } from '../features/orders/AtRiskPage';
import { EditOrderPage, NewOrderPage, NewQuotePage } from '../features/orders/NewOrderPage';
import { QuoteDetailPage, QuotesPage } from '../features/quotes/QuotesPage';
import { CustomersPage, CustomerPage } from '../features/customers/CustomersPage';
import { SettingsPage, canOpenSettings } from '../features/settings/SettingsPage';
import { AccountPage } from '../features/settings/AccountPage';
import { HomePage } from '../features/home/HomePage';
import { MoneyPage } from '../features/payments/MoneyPage';
import { GoodsInPage } from '../features/fulfilment/GoodsInPage';
import styles from './Shell.module.css';

const Storefront = lazy(() => import('../features/storefront/Storefront'));
const MyOrderPage = lazy(() => import('../features/my-order/MyOrderPage'));
const VerifyPage = lazy(() => import('../features/my-order/VerifyPage'));
const QuotePage = lazy(() => import('../features/quotes/QuotePage'));
const ProductsPage = lazy(() => import('../features/catalog/ProductsPage'));
const ProductPage = lazy(() => import('../features/catalog/ProductPage'));
const PartiesPage = lazy(() => import('../features/parties/PartiesPage'));
const WorkQueuePage = lazy(() => import('../features/work/WorkItems'));
const CompleteOrderPage = lazy(() => import('../features/complete/CompleteOrderPage'));
const SurveyPage = lazy(() => import('../features/feedback/SurveyPage'));
const FeedbackPage = lazy(() => import('../features/feedback/FeedbackPage').then((m) => ({ default: m.FeedbackPage })));
const InboxPage = lazy(() => import('../features/intake/InboxPage').then((m) => ({ default: m.InboxPage })));
const InboundMessagePage = lazy(() => import('../features/intake/InboxPage').then((m) => ({ default: m.InboundMessagePage })));
const InquiriesPage = lazy(() => import('../features/inquiries/InquiriesPage').then((m) => ({ default: m.InquiriesPage })));
const NewInquiryPage = lazy(() => import('../features/inquiries/InquiriesPage').then((m) => ({ default: m.NewInquiryPage })));
const InquiryPage = lazy(() => import('../features/inquiries/InquiriesPage').then((m) => ({ default: m.InquiryPage })));

export function App() {
  const { path } = useLocation();
  const verify = match('/verify/:token', path);
  if (verify) {
    return (
      <Suspense fallback={<Loading what={CATALOGUES[browserLanguage() ?? 'en'].loadingOrder} />}>
        <VerifyPage token={verify.token ?? ''} />
      </Suspense>
    );
  }
  const quote = match('/quote/:token', path);
  if (quote) {
    return (
      <Suspense fallback={<Loading what={CATALOGUES[browserLanguage() ?? 'en'].loadingQuote} />}>
        <QuotePage token={quote.token ?? ''} />
      </Suspense>
    );
  }
  const complete = match('/complete/:token', path);
  if (complete) {
    return (
      <Suspense fallback={<Loading what={CATALOGUES[browserLanguage() ?? 'en'].loading} />}>
        <CompleteOrderPage token={complete.token ?? ''} />
      </Suspense>
    );
  }
  const survey = match('/survey/:token', path);
  if (survey) {
    return (
      <Suspense fallback={<Loading what={CATALOGUES[browserLanguage() ?? 'en'].loadingOrder} />}>
        <SurveyPage token={survey.token ?? ''} />
      </Suspense>
    );
  }
  const myOrder = match('/my-order/:token', path);
  if (myOrder) {
    return (
      <Suspense fallback={<Loading what={CATALOGUES[browserLanguage() ?? 'en'].loadingOrder} />}>
        <MyOrderPage token={myOrder.token ?? ''} />
      </Suspense>
    );
  }
  if (path === '/shop' || path.startsWith('/shop/')) {
    return (
      <Suspense fallback={<Loading what={CATALOGUES[browserLanguage() ?? 'en'].loadingShop} />}>
        <Storefront />
      </Suspense>
    );
  }
  return (
    <SessionProvider>
      <StaffApp />
    </SessionProvider>
  );
}

function StaffApp() {
  const { path } = useLocation();
  const session = useSession();
  if (path === '/setup') return <SetupPage />;
  switch (session.state.status) {
    case 'loading':
      return <Loading what="Starting Orderly" />;
    case 'error':
      return (
        <main className={styles.main}>
          <ErrorState error={new Error(session.state.message)} retry={session.retry} />
        </main>
      );
    case 'anonymous':
      return <LoginPage expired={session.state.expired ?? false} />;
    case 'signed-in':
      return <Shell />;
  }
}

/** The staff menu: each role sees what it works with (the warehouse: no order form it cannot submit, no settings). */
const NAV: { to: string; label: string; shown: (can: (p: string) => boolean) => boolean }[] = [
  { to: '/', label: 'Today', shown: (can) => can('orders.read') },
  { to: '/orders', label: 'Orders', shown: (can) => can('orders.read') },
  { to: '/orders/new', label: 'Take an order', shown: (can) => can('orders.place') },
  { to: '/orders/at-risk', label: 'At risk', shown: (can) => can('orders.read') },
  { to: '/quotes', label: 'Quotes', shown: (can) => can('quotes.read') },
  { to: '/inbox', label: 'Inbox', shown: (can) => can('mail.read') && can('orders.place') },
  { to: '/inquiries', label: 'Inquiries', shown: (can) => can('inquiries.write') },
  // Each role's own queue: the warehouse picks and packs, accounts invoice and collect, owner and sales see every queue.
  { to: '/work?queue=warehouse', label: 'To pick and pack', shown: (can) => can('work.warehouse') && !can('work.suppliers') },
  { to: '/work?queue=accounts', label: 'To invoice / collect', shown: (can) => can('work.accounts') && !can('work.suppliers') },
  { to: '/work', label: 'Work queues', shown: (can) => can('work.suppliers') },
  { to: '/catalog', label: 'Catalog', shown: (can) => can('catalog.read') },
  { to: '/customers', label: 'Customers', shown: (can) => can('customers.read') },
  { to: '/goods-in', label: 'Goods in', shown: (can) => can('stock.adjust') },
  { to: '/parties', label: 'Parties', shown: (can) => can('work.suppliers') },
  { to: '/money', label: 'Money', shown: (can) => can('payments.read') },
  { to: '/feedback', label: 'Feedback', shown: (can) => can('feedback.read') },
  { to: '/settings', label: 'Settings', shown: canOpenSettings },
];

function Shell() {
  const { path } = useLocation();
  const session = useSession();
  const user = session.state.status === 'signed-in' ? session.state.user : null;
  const active = (to: string) => (to === '/' ? path === '/' : to === '/orders' ? path === '/orders' || (path.startsWith('/orders/') && path !== '/orders/new' && path !== '/orders/at-risk') : path.startsWith(to.split('?')[0] ?? to));
  // On a phone the menu folds behind a button; following a link in it closes it.
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <div className={styles.shell}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className={`${styles.top} no-print`}>
        <Link to="/" className={styles.brand}>
          Orderly
        </Link>
        <button type="button" className={styles.menuButton} aria-expanded={menuOpen} aria-controls="staff-menu" onClick={() => setMenuOpen((o) => !o)}>
          <span aria-hidden="true">{menuOpen ? '✕' : '☰'}</span> Menu
        </button>
        <div id="staff-menu" className={`${styles.menu} ${menuOpen ? styles.open : ''}`} onClick={(e) => (e.target as HTMLElement).closest('a') && setMenuOpen(false)}>
          <nav aria-label="Main" className={styles.nav}>
            {NAV.filter((n) => n.shown(session.can)).map((n) => (
              <Link key={n.to} to={n.to} aria-current={active(n.to) ? 'page' : undefined}>
                {n.label}
              </Link>
            ))}
            <a href="/shop" target="_blank" rel="noreferrer">
              Shop ↗
            </a>
          </nav>
          <div className={styles.user}>
            <Link to="/account" title="My account and password">
              {user?.name} <span className="muted">({user?.role})</span>
            </Link>
            <button type="button" className="link" onClick={() => void session.logout()}>
              Log out
            </button>
          </div>
        </div>
      </header>
      <main id="main" className={styles.main}>
        <Suspense fallback={<Loading />}>
          <Routes path={path} />
        </Suspense>
      </main>
    </div>
  );
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Routes({ path }: { path: string }) {
  let m: Record<string, string> | null;
  if (path === '/' || path === '') return <HomePage />;
  if (path === '/login' || path === '/home') return <Redirect to="/" />;
  if (match('/account', path)) return <AccountPage />;
  if (match('/orders', path)) return <OrdersPage />;
  if (match('/orders/new', path)) return <NewOrderPage />;
  if (match('/orders/at-risk', path)) return <AtRiskPage />;
  if ((m = match('/orders/:id/edit', path))) return <EditOrderPage key={m.id} id={m.id ?? ''} />;
  if ((m = match('/orders/:id', path))) return <OrderPage key={m.id} id={m.id ?? ''} />;
  if (match('/quotes', path)) return <QuotesPage />;
  if (match('/quotes/new', path)) return <NewQuotePage />;
  if ((m = match('/quotes/:id', path))) return <QuoteDetailPage key={m.id} id={m.id ?? ''} />;
  if (match('/catalog', path)) return <ProductsPage />;
  if (match('/catalog/new', path)) return <ProductPage key="new" id={null} />;
  if ((m = match('/catalog/:id', path))) return <ProductPage key={m.id} id={m.id ?? ''} />;
  if (match('/customers', path)) return <CustomersPage />;
  if (match('/inquiries', path)) return <InquiriesPage />;
  if (match('/inquiries/new', path)) return <NewInquiryPage />;
  if ((m = match('/inquiries/:id', path))) return <InquiryPage key={m.id} id={m.id ?? ''} />;
  if (match('/parties', path)) return <PartiesPage />;
  if (match('/work', path)) return <WorkQueuePage />;
  if ((m = match('/customers/:id', path))) return <CustomerPage key={m.id} id={m.id ?? ''} />;
  if (match('/settings', path)) return <SettingsPage />;
  if (match('/feedback', path)) return <FeedbackPage />;
  if (match('/money', path)) return <MoneyPage />;
  if (match('/goods-in', path)) return <GoodsInPage />;
  if (match('/inbox', path)) return <InboxPage />;
  if ((m = match('/inbox/:id', path))) return <InboundMessagePage key={m.id} id={m.id ?? ''} />;
  return (
    <div className="state">
      <h1>Page not found</h1>
      <p>
        There is nothing at {path}. <Link to="/orders">Go to the orders</Link>.
      </p>
    </div>
  );
}
