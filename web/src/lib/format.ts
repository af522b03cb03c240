import type { Channel, OrderStatus } from '../api/client';

export const STATUS_LABEL: Record<OrderStatus, string> = {
  draft: 'Draft',
  placed: 'Placed',
  verified: 'Verified',
  confirmed: 'Confirmed',
  in_fulfilment: 'In fulfilment',
  shipped: 'Shipped',
  delivered: 'Delivered',
  completed: 'Completed',
  on_hold: 'On hold',
  cancelled: 'Cancelled',
};
export const STATUSES = Object.keys(STATUS_LABEL) as OrderStatus[];

export const CHANNEL_LABEL: Record<Channel, string> = { web: 'Web', phone: 'Phone', email: 'E-mail', in_person: 'In person', api: 'API' };
export const CHANNELS = Object.keys(CHANNEL_LABEL) as Channel[];

export const humanize = (s: string) => s.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00` : iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}
