import { describe, expect, it } from 'vitest';
import { completesOrder, fulfilmentState, progress, shipmentProblems, type LineFacts } from './shipment.ts';

const sofa: LineFacts = { id: 'a', sku: 'SOFA', name: 'Sofa', quantity: 3, fulfilmentMode: 'stock', reservedQty: 2, backorderedQty: 1 };
const wardrobe: LineFacts = { id: 'b', sku: 'WARD', name: 'Wardrobe', quantity: 1, fulfilmentMode: 'made_to_order', reservedQty: 0, backorderedQty: 0 };

describe('what may ship', () => {
  it('a stocked line ships only reserved units; a made-to-order line whatever is left', () => {
    const lines = progress([sofa, wardrobe], new Map());
    expect(lines.map((l) => [l.remaining, l.shippable])).toEqual([[3, 2], [1, 1]]);
    expect(shipmentProblems(lines, [{ orderLineId: 'a', quantity: 2 }, { orderLineId: 'b', quantity: 1 }])).toEqual([]);
    expect(shipmentProblems(lines, [{ orderLineId: 'a', quantity: 3 }]).map((p) => [p.pointer, p.code])).toEqual([['/lines/0/quantity', 'not_reserved']]);
    expect(shipmentProblems(lines, [{ orderLineId: 'b', quantity: 2 }]).map((p) => [p.pointer, p.code])).toEqual([['/lines/0/quantity', 'more_than_remaining']]);
  });

  it('names unknown and repeated lines, and refuses an empty shipment', () => {
    const lines = progress([sofa], new Map());
    expect(shipmentProblems(lines, [{ orderLineId: 'x', quantity: 1 }, { orderLineId: 'a', quantity: 1 }, { orderLineId: 'a', quantity: 1 }]).map((p) => p.code)).toEqual(['unknown_line', 'duplicate_line']);
    expect(shipmentProblems(lines, [{ orderLineId: 'a', quantity: 0 }]).map((p) => p.pointer)).toEqual(['/lines']);
  });

  it('what already shipped counts against what is left', () => {
    const lines = progress([{ ...sofa, reservedQty: 1, backorderedQty: 0 }], new Map([['a', 2]]));
    expect(lines[0]).toMatchObject({ shipped: 2, remaining: 1, shippable: 1 });
    expect(completesOrder(lines, [{ orderLineId: 'a', quantity: 1 }])).toBe(true);
    expect(completesOrder(lines, [])).toBe(false);
  });
});

describe('the fulfilment state', () => {
  const shipped = progress([{ ...sofa, reservedQty: 0, backorderedQty: 0 }], new Map([['a', 3]]));
  const partly = progress([sofa], new Map([['a', 1]]));
  it('is derived from the shipments', () => {
    expect(fulfilmentState(progress([sofa], new Map()), [], 'confirmed')).toBe('unfulfilled');
    expect(fulfilmentState(partly, [{ deliveredOn: '2026-01-02' }], 'in_fulfilment')).toBe('partially_shipped');
    expect(fulfilmentState(shipped, [{ deliveredOn: '2026-01-02' }, { deliveredOn: null }], 'shipped')).toBe('shipped');
    expect(fulfilmentState(shipped, [{ deliveredOn: '2026-01-02' }], 'delivered')).toBe('delivered');
  });
  it('an order moved before shipments were recorded takes it from its status', () => {
    expect(fulfilmentState(partly, [], 'shipped')).toBe('shipped');
    expect(fulfilmentState(partly, [], 'completed')).toBe('delivered');
  });
});
