/** The catalog: products with price, stock and how many order-form fields they ask for. */
import { useState } from 'react';
import { client, unwrap } from '../../api/client';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { useAsync } from '../../app/useAsync';
import { Empty, ErrorState, Loading, Page, TextField } from '../../components/ui';
import { formatMoney } from '../../lib/money';
import { humanize } from '../../lib/format';

export default function ProductsPage() {
  const session = useSession();
  const [q, setQ] = useState('');
  const list = useAsync(() => unwrap(client.GET('/api/v1/products', { params: { query: { limit: 200, ...(q.trim() ? { q: q.trim() } : {}) } } })), [q]);
  return (
    <Page
      title="Catalog"
      actions={session.can('catalog.write') ? <Link to="/catalog/new" className="button primary">New product</Link> : null}
    >
      <div className="panel" role="search" style={{ marginBottom: '1rem' }}>
        <TextField label="Find a product" type="search" placeholder="Name or SKU" value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      {list.error ? (
        <ErrorState error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading what="Loading products" />
      ) : list.data.items.length === 0 ? (
        <Empty>{q ? <p>No product matches “{q}”.</p> : <p>No products yet. {session.can('catalog.write') ? <Link to="/catalog/new">Add the first one</Link> : null}</p>}</Empty>
      ) : (
        <table className="list cards">
          <caption className="sr-only">Products</caption>
          <thead>
            <tr>
              <th>Product</th>
              <th>SKU</th>
              <th className="num">Price</th>
              <th className="num">Available</th>
              <th className="num">On hand</th>
              <th>Fulfilment</th>
              <th>Order form</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((p) => (
              <tr key={p.id}>
                <td data-label="Product">
                  <Link to={`/catalog/${p.id}`}>{p.name}</Link> {p.active ? null : <span className="badge">Inactive</span>}
                </td>
                <td data-label="SKU">{p.sku}</td>
                <td className="num" data-label="Price">{formatMoney(p.priceMinor, p.currency)}</td>
                <td className="num" data-label="Available">{p.stock ? p.stock.available : '—'}</td>
                <td className="num" data-label="On hand">{p.stock ? p.stock.onHand : '—'}</td>
                <td data-label="Fulfilment">{humanize(p.fulfilmentMode)}{p.leadTimeDays ? ` · ${p.leadTimeDays} d` : ''}</td>
                <td data-label="Order form">{p.formFields.length === 0 ? <span className="muted">No fields</span> : `${p.formFields.length} field${p.formFields.length === 1 ? '' : 's'}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
