/** Work items: what a party is asked to do for an order, and the states it goes through. Leaf: imports nothing. */
export const WORK_ITEM_KINDS = ['pick_pack', 'invoice_collect', 'production_order', 'purchase_order'] as const;
export type WorkItemKind = (typeof WORK_ITEM_KINDS)[number];

export const WORK_ITEM_STATES = ['todo', 'in_progress', 'done', 'blocked', 'cancelled'] as const;
export type WorkItemState = (typeof WORK_ITEM_STATES)[number];

/** States in which a work item is still someone's to do (it shows in a queue; cancelling the order cancels it). */
export const OPEN_WORK_ITEM_STATES = ['todo', 'in_progress', 'blocked'] as const satisfies readonly WorkItemState[];

export const WORK_ITEM_COMMANDS = ['start', 'done', 'block', 'unblock'] as const;
export type WorkItemCommand = (typeof WORK_ITEM_COMMANDS)[number];

/** The state table: per state, the commands it accepts and where they lead. */
export const WORK_ITEM_MOVES: Record<WorkItemState, Partial<Record<WorkItemCommand, WorkItemState>>> = {
  todo: { start: 'in_progress', done: 'done', block: 'blocked' },
  in_progress: { done: 'done', block: 'blocked' },
  blocked: { unblock: 'todo' },
  done: {},
  cancelled: {},
};

export const WORK_ITEM_KIND_LABELS: Record<WorkItemKind, string> = {
  pick_pack: 'Pick and pack',
  invoice_collect: 'Invoice and collect',
  production_order: 'Production order',
  purchase_order: 'Purchase order',
};
