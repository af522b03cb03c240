/**
 * Who may do what: the one permission table. Every /api/v1 route names the
 * permission it needs (`config: { permission }`) or says it is public
 * (`config: { public: true }`); a route that says neither is refused to everyone.
 * Pure data; docs/security.md shows it as a table.
 */
export const ROLES = ['owner', 'sales', 'warehouse', 'accounts', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const ALL = ROLES;
const STAFF_WRITERS = ['owner', 'sales', 'warehouse', 'accounts'] as const;

export const PERMISSIONS = {
  'orders.read': ALL,
  'orders.place': ['owner', 'sales'],
  'orders.edit': ['owner', 'sales'],
  'orders.verify': ['owner', 'sales'],
  'orders.confirm': ['owner', 'sales'],
  'orders.hold': ['owner', 'sales', 'accounts'],
  'orders.cancel': ['owner', 'sales'],
  'orders.fulfil': ['owner', 'warehouse'],
  'orders.note': STAFF_WRITERS,
  'catalog.read': ALL,
  'catalog.write': ['owner', 'sales'],
  'stock.adjust': ['owner', 'warehouse'],
  'parties.read': ALL,
  'parties.write': ['owner'],
  /** See the work items (queues, an order's items). */
  'work.read': ALL,
  /** Act on work items at all (start, done, block, unblock, assign); which items, per party kind below. */
  'work.act': STAFF_WRITERS,
  'work.warehouse': ['owner', 'sales', 'warehouse'],
  'work.accounts': ['owner', 'sales', 'accounts'],
  'work.suppliers': ['owner', 'sales'],
  'customers.read': ALL,
  'customers.write': ['owner', 'sales', 'accounts'],
  /** Inquiries: questions customers ask before ordering (list, overdue follow-ups, timeline). */
  'inquiries.read': ALL,
  /** Record, answer (and e-mail the answer), assign, set follow-ups, move inquiries. */
  'inquiries.write': ['owner', 'sales'],
  /** The feedback page (scores, comments) and the follow-ups list: customer service, not the warehouse. */
  'feedback.read': ['owner', 'sales', 'accounts', 'viewer'],
  /** Mark a follow-up done (call the customer back). */
  'feedback.act': ['owner', 'sales', 'accounts'],
  /** What orders cost: line prices, totals and amounts in order answers (routes marked `config.showsPrices`). */
  'prices.read': ['owner', 'sales', 'accounts', 'viewer'],
  'payments.read': ['owner', 'sales', 'accounts', 'viewer'],
  'payments.record': ['owner', 'sales', 'accounts'],
  'payments.refund': ['owner', 'accounts'],
  /** Pick list, delivery note, purchase order: no prices on them. */
  'documents.read': ALL,
  'invoices.read': ['owner', 'sales', 'accounts', 'viewer'],
  'invoices.issue': ['owner', 'accounts'],
  'mail.read': ['owner', 'sales', 'accounts'],
  'mail.resend': ['owner', 'sales', 'accounts'],
  'mail.send': ['owner', 'sales', 'accounts'],
  'settings.read': ALL,
  'settings.write': ['owner'],
  'users.manage': ['owner'],
  'tokens.manage': ['owner'],
  'audit.read': ['owner'],
  'webhooks.manage': ['owner'],
  /** Quotes: read them (they carry prices) and prepare, send and withdraw them. */
  'quotes.read': ['owner', 'sales', 'accounts', 'viewer'],
  'quotes.write': ['owner', 'sales'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/**
 * Timeline entries that show more than `orders.read` allows: payments, card results,
 * refunds, invoices and credit notes carry amounts, references and what is due, so only a reader with
 * `payments.read` sees them (the warehouse does not). Matched by the entry's type
 * prefix, so a new payment entry type is hidden by default.
 */
const TIMELINE_ENTRY_PERMISSIONS: readonly (readonly [RegExp, Permission])[] = [
  [/^(payment|card|refund)/, 'payments.read'],
  [/^(invoice|credit_note)/, 'invoices.read'],
];

/** The permission a reader needs to see a timeline entry of this type. */
export function timelineEntryPermission(type: string): Permission {
  return TIMELINE_ENTRY_PERMISSIONS.find(([re]) => re.test(type))?.[1] ?? 'orders.read';
}

/** Money fields are named `…Minor` (amounts in minor units) throughout the API. */
const MONEY_KEY = /Minor$/;

/** `value` without any money field at any depth, for a reader without `prices.read`. */
export function withoutPrices(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPrices);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !MONEY_KEY.test(k)).map(([k, v]) => [k, withoutPrices(v)]));
}

export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(role, p));
}

/**
 * The greatest role that may do nothing beyond either `a` or `b` (an API token's role and
 * its maker's current role), or undefined when no role fits (e.g. sales and warehouse:
 * every role can do something one of them cannot). Worked out once per pair.
 */
export function lesserRole(a: Role, b: Role): Role | undefined {
  return LESSER.get(`${a} ${b}`);
}

const LESSER = new Map<string, Role>(
  ROLES.flatMap((a) =>
    ROLES.flatMap((b) => {
      const fits = ROLES.filter((r) => permissionsOf(r).every((p) => can(a, p) && can(b, p)));
      const best = fits.sort((x, y) => permissionsOf(y).length - permissionsOf(x).length)[0];
      return best ? [[`${a} ${b}`, best] as const] : [];
    }),
  ),
);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a staff member (session or API token) needs for this route. */
    permission?: Permission;
    /** A route anyone may call (health, docs, log-in, the storefront, access links). */
    public?: boolean;
    /** The use case records the change and its actor on the order's timeline, in its own transaction: no separate audit row. */
    onTimeline?: boolean;
    /**
     * The answer shows what orders cost (orders, order lists, timelines). A reader without
     * `prices.read` gets it with every money field (`…Minor`) left out, at any depth: the
     * route's response schema must allow their absence.
     */
    showsPrices?: boolean;
  }
}
