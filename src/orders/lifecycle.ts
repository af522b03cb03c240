/**
 * The order lifecycle, as one table you can read aloud: for each state, the
 * commands it accepts and where each leads. `decide` is the only place a
 * transition is judged; the HTTP layer and the UI's action buttons read the
 * same table. Pure.
 */
import type { ORDER_STATUSES } from './order-vocabulary.ts';
import type { GuardRefusal } from './order-events.ts';

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Where a command leads: a state, back to the state before the hold, or nowhere (the order stays). */
type Target = OrderStatus | 'back_from_hold' | 'stay';

export const LIFECYCLE = {
  draft: { edit: 'stay', submit: 'placed', cancel: 'cancelled', add_note: 'stay' },
  placed: { edit: 'stay', verify: 'verified', confirm: 'confirmed', hold: 'on_hold', cancel: 'cancelled', add_note: 'stay' },
  verified: { edit: 'stay', confirm: 'confirmed', hold: 'on_hold', cancel: 'cancelled', add_note: 'stay' },
  confirmed: { edit: 'stay', start_fulfilment: 'in_fulfilment', ship: 'shipped', hold: 'on_hold', cancel: 'cancelled', add_note: 'stay' },
  in_fulfilment: { ship: 'shipped', hold: 'on_hold', cancel: 'cancelled', add_note: 'stay' },
  shipped: { deliver: 'delivered', add_note: 'stay' },
  delivered: { complete: 'completed', add_note: 'stay' },
  completed: { add_note: 'stay' },
  on_hold: { release: 'back_from_hold', cancel: 'cancelled', add_note: 'stay' },
  cancelled: { add_note: 'stay' },
} as const satisfies Record<OrderStatus, Partial<Record<string, Target>>>;

export type Command = { [S in OrderStatus]: keyof (typeof LIFECYCLE)[S] }[OrderStatus];

export const COMMANDS = [
  'edit',
  'submit',
  'verify',
  'confirm',
  'start_fulfilment',
  'ship',
  'deliver',
  'complete',
  'hold',
  'release',
  'cancel',
  'add_note',
] as const satisfies readonly Command[];

/** Commands that move the order through POST /orders/:id/{command} (edit and submit have their own routes). */
export const TRANSITION_COMMANDS = ['verify', 'confirm', 'start_fulfilment', 'ship', 'deliver', 'complete', 'hold', 'release', 'cancel'] as const satisfies readonly Command[];
export type TransitionCommand = (typeof TRANSITION_COMMANDS)[number];

/** What each command is called on the timeline. */
export const EVENT_OF: Record<Command, string> = {
  edit: 'edited',
  submit: 'placed',
  verify: 'verified',
  confirm: 'confirmed',
  start_fulfilment: 'fulfilment_started',
  ship: 'shipped',
  deliver: 'delivered',
  complete: 'completed',
  hold: 'held',
  release: 'released',
  cancel: 'cancelled',
  add_note: 'note_added',
};

/** Commands that need a reason from the person giving them. */
export const NEEDS_REASON: ReadonlySet<Command> = new Set<Command>(['hold', 'cancel']);

export type OrderState = { status: OrderStatus; heldFrom: OrderStatus | null };

export type Decision =
  | { ok: true; from: OrderStatus; to: OrderStatus; heldFrom: OrderStatus | null; event: string }
  | { ok: false; reason: 'not_allowed_in_state' | 'reason_required'; message: string }
  | { ok: false; reason: 'refused'; refusal: GuardRefusal; message: string };

/** The commands that release a confirmed order to fulfilment. */
export const RELEASES_TO_FULFILMENT = ['start_fulfilment', 'ship'] as const satisfies readonly Command[];

export function allowedCommands(status: OrderStatus): Command[] {
  return Object.keys(LIFECYCLE[status]) as Command[];
}

/**
 * `refusal` is what a guard said about this move (see order-events.ts: the
 * verification policy, a payment hold); it counts only once the table allows
 * the move and any reason it needs was given.
 */
export function decide(state: OrderState, command: Command, reason?: string, refusal?: GuardRefusal): Decision {
  const targets: Partial<Record<Command, Target>> = LIFECYCLE[state.status];
  const target = targets[command];
  if (target === undefined) {
    return {
      ok: false,
      reason: 'not_allowed_in_state',
      message: `An order that is ${state.status.replace('_', ' ')} cannot be given "${command}"; allowed: ${allowedCommands(state.status).join(', ')}`,
    };
  }
  if (NEEDS_REASON.has(command) && !reason?.trim()) {
    return { ok: false, reason: 'reason_required', message: `Say why (reason) when you ${command} an order` };
  }
  if (refusal) return { ok: false, reason: 'refused', refusal, message: refusal.message };
  let to: OrderStatus;
  if (target === 'stay') to = state.status;
  else if (target === 'back_from_hold') to = state.heldFrom ?? 'placed';
  else to = target;
  const heldFrom = to === 'on_hold' ? state.status : to === state.status ? state.heldFrom : null;
  return { ok: true, from: state.status, to, heldFrom, event: EVENT_OF[command] };
}

/** States in which stock reserved for the order is still held (cancel releases it). */
export const HOLDS_RESERVATION: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['placed', 'verified', 'confirmed', 'in_fulfilment', 'on_hold']);

/**
 * States in which the order takes money: a payment is recorded, matched from a bank
 * statement, asked for by card, or its terms chosen. Not a draft (not placed yet) and
 * not a cancelled order: money that arrives for one anyway is returned to the customer,
 * not booked against it (the statement import lists it as unmatched). Refunds of money
 * already taken are not "taking payment" and stay possible in every state.
 */
export const TAKES_PAYMENT: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['placed', 'verified', 'confirmed', 'in_fulfilment', 'shipped', 'delivered', 'completed', 'on_hold']);

export function canTakePayment(status: OrderStatus): boolean {
  return TAKES_PAYMENT.has(status);
}

/** Why an order in this state takes no payment (for a problem or a list), or undefined when it does. */
export function whyNoPayment(status: OrderStatus): string | undefined {
  if (canTakePayment(status)) return undefined;
  return status === 'draft' ? 'A draft cannot be paid yet; submit it first' : 'A cancelled order takes no payment; return any money that arrives for it to the customer';
}

/** States in which the order's lines may still change. */
export const LINES_EDITABLE: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['draft', 'placed', 'verified']);
