import { describe, expect, it } from 'vitest';
import { decideWork, dueDateFor, planWorkItems } from './work-item.ts';

const cal = { workingWeekdays: [1, 2, 3, 4, 5], closedDates: ['2026-12-08'], dispatchDays: 1 };

describe('planning work items', () => {
  const lines = [
    { id: 'sofa', name: 'Sofa', quantity: 2, mode: 'stock', partyId: null },
    { id: 'wardrobe', name: 'Wardrobe', quantity: 1, mode: 'made_to_order', partyId: 'maker' },
    { id: 'lamp', name: 'Lamp', quantity: 3, mode: 'third_party', partyId: 'supplier' },
    { id: 'shade', name: 'Shade', quantity: 1, mode: 'third_party', partyId: 'supplier' },
    { id: 'rug', name: 'Rug', quantity: 1, mode: 'third_party', partyId: null },
  ] as const;
  it('gives each party that must act one item with its lines, and blocks a line with no supplier', () => {
    const plan = planWorkItems(lines, { warehouseId: 'wh', accountsId: 'ar' });
    expect(plan.map((i) => [i.kind, i.partyId, i.lines.map((l) => l.orderLineId).join(',')])).toEqual([
      ['pick_pack', 'wh', 'sofa'],
      ['invoice_collect', 'ar', 'sofa,wardrobe,lamp,shade,rug'],
      ['production_order', 'maker', 'wardrobe'],
      ['purchase_order', 'supplier', 'lamp,shade'],
      ['purchase_order', null, 'rug'],
    ]);
    expect(plan[4]?.blockedReason).toBe('No supplier named for Rug');
  });
});

describe('due dates', () => {
  it('are the expected date for the warehouse and accounts, the dispatch time before it for suppliers', () => {
    expect(dueDateFor('pick_pack', '2026-12-09', cal, '2026-12-01')).toBe('2026-12-09');
    expect(dueDateFor('invoice_collect', '2026-12-09', cal, '2026-12-01')).toBe('2026-12-09');
    expect(dueDateFor('production_order', '2026-12-09', cal, '2026-12-01')).toBe('2026-12-07'); // the 8th is closed
    expect(dueDateFor('purchase_order', '2026-12-07', cal, '2026-12-01')).toBe('2026-12-04'); // over the weekend
    expect(dueDateFor('purchase_order', '2026-12-07', cal, '2026-12-07')).toBe('2026-12-07'); // never before today
  });
});

describe('the work item states', () => {
  it('move by the table', () => {
    expect(decideWork('todo', 'start')).toEqual({ ok: true, to: 'in_progress' });
    expect(decideWork('in_progress', 'done')).toEqual({ ok: true, to: 'done' });
    expect(decideWork('blocked', 'unblock')).toEqual({ ok: true, to: 'todo' });
    expect(decideWork('done', 'start').ok).toBe(false);
    expect(decideWork('cancelled', 'unblock').ok).toBe(false);
  });
});
