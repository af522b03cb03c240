/** Fulfilment's vocabulary: how a shipment travels and where an order stands with its goods. A leaf: imports nothing. */
export const SHIPMENT_METHODS = ['carrier', 'local_delivery', 'pickup'] as const;
export type ShipmentMethod = (typeof SHIPMENT_METHODS)[number];

/** Derived from an order's shipments, never stored. */
export const FULFILMENT_STATES = ['unfulfilled', 'partially_shipped', 'shipped', 'delivered'] as const;
export type FulfilmentState = (typeof FULFILMENT_STATES)[number];
