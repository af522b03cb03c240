/** The two faces of Orderly: the public storefront (/shop) and the back office for staff (everything else). */
import { lazy, Suspense, useEffect } from 'react';
import { Link, match, navigate, useLocation } from './router';
import { SessionProvider, useSession } from './session';
import { ErrorState, Loading } from '../components/ui';
import { LoginPage, SetupPage } from '../features/auth/LoginPage';
import { OrdersPage } from '../features/orders/OrdersPage';
import { OrderPage } from '../features/orders/OrderPage';
import { EditOrderPage, NewOrderPage } from '../features/orders/NewOrderPage';
import { CustomersPage, CustomerPage } from '../features/customers/CustomersPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { MoneyPage } from '../features/payments/MoneyPage';
import styles from './Shell.module.css';

const Storefront = lazy(() => import('../features/storefront/Storefront'));
const MyOrderPage = lazy(() => import('../features/my-order/MyOrderPage'));
const VerifyPage = lazy(() => import('../features/my-order/VerifyPage'));
const ProductsPage = lazy(() => import('../features/catalog/ProductsPage'));
const ProductPage = lazy(() => import('../features/catalog/ProductPage'));

export function App() {
  const { path } = useLocation();
  const verify = match('/verify/:token', path);
  if (verify) {
    return (
      <Suspense fallback={<Loading what="Loading your order" />}>
        <VerifyPage token={verify.token ?? ''} />
      </Suspense>
    );
  }
  const myOrder = match('/my-order/:token', path);
  if (myOrder) {
    return (
      <Suspense fallback={<Loading what="Loading your order" />}>
        <MyOrderPage token={myOrder.token ?? ''} />
      </Suspense>
    );
  }
  if (path === '/shop' || path.startsWith('/shop/')) {
    return (
      <Suspense fallback={<Loading what="Loading the shop" />}>
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

const NAV: { to: string; label: string; permission: string }[] = [
  { to: '/orders', label: 'Orders', permission: 'orders.read' },
  { to: '/orders/new', label: 'Take an order', permission: 'orders.place' },
  { to: '/catalog', label: 'Catalog', permission: 'catalog.read' },
  { to: '/customers', label: 'Customers', permission: 'customers.read' },
  { to: '/money', label: 'Money', permission: 'payments.read' },
  { to: '/settings', label: 'Settings', permission: 'settings.read' },
];

function Shell() {
  const { path } = useLocation();
  const session = useSession();
  const user = session.state.status === 'signed-in' ? session.state.user : null;
  const active = (to: string) => (to === '/orders' ? path === '/orders' || (path.startsWith('/orders/') && path !== '/orders/new') : path.startsWith(to));
  return (
    <div className={styles.shell}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className={styles.top}>
        <Link to="/orders" className={styles.brand}>
          Orderly
        </Link>
        <nav aria-label="Main" className={styles.nav}>
          {NAV.filter((n) => session.can(n.permission)).map((n) => (
            <Link key={n.to} to={n.to} aria-current={active(n.to) ? 'page' : undefined}>
              {n.label}
            </Link>
          ))}
          <a href="/shop" target="_blank" rel="noreferrer">
            Shop ↗
          </a>
        </nav>
        <div className={styles.user}>
          <span>
            {user?.name} <span className="muted">({user?.role})</span>
          </span>
          <button type="button" className="link" onClick={() => void session.logout()}>
            Log out
          </button>
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
  if (path === '/' || path === '/login' || path === '') return <Redirect to="/orders" />;
  if (match('/orders', path)) return <OrdersPage />;
  if (match('/orders/new', path)) return <NewOrderPage />;
  if ((m = match('/orders/:id/edit', path))) return <EditOrderPage key={m.id} id={m.id ?? ''} />;
  if ((m = match('/orders/:id', path))) return <OrderPage key={m.id} id={m.id ?? ''} />;
  if (match('/catalog', path)) return <ProductsPage />;
  if (match('/catalog/new', path)) return <ProductPage key="new" id={null} />;
  if ((m = match('/catalog/:id', path))) return <ProductPage key={m.id} id={m.id ?? ''} />;
  if (match('/customers', path)) return <CustomersPage />;
  if ((m = match('/customers/:id', path))) return <CustomerPage key={m.id} id={m.id ?? ''} />;
  if (match('/settings', path)) return <SettingsPage />;
  if (match('/money', path)) return <MoneyPage />;
  return (
    <div className="state">
      <h1>Page not found</h1>
      <p>
        There is nothing at {path}. <Link to="/orders">Go to the orders</Link>.
      </p>
    </div>
  );
}
