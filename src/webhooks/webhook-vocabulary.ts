/** The webhooks' vocabulary: the events an endpoint can subscribe to, a delivery's states. A leaf: imports nothing. */
export const WEBHOOK_EVENTS = ['order.placed', 'order.confirmed', 'order.shipped', 'order.delivered', 'order.cancelled', 'order.delayed', 'shipment.shipped', 'shipment.delivered'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** What a party's own webhook address is told: a work item handed to it, or withdrawn (the order was cancelled). Not subscribable: every party with an address gets both. */
export const PARTY_WEBHOOK_EVENTS = ['work_item.handed_off', 'work_item.cancelled'] as const;
export type PartyWebhookEvent = (typeof PARTY_WEBHOOK_EVENTS)[number];

/** pending: queued or being retried; delivered: a 2xx answer; failed: every attempt failed (replay sends it again). */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];
