/** The order's vocabulary: its states and the channels it comes in through. A leaf: imports nothing. */
export const ORDER_STATUSES = [
  'draft',
  'placed',
  'verified',
  'confirmed',
  'in_fulfilment',
  'shipped',
  'delivered',
  'completed',
  'on_hold',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const CHANNELS = ['web', 'phone', 'email', 'in_person', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];
