import { describe, expect, it } from 'vitest';
import { addWorkingDays, subtractWorkingDays, type WorkingCalendar } from '../settings/working-calendar.ts';
import { expectedCompletionDate, lineWorkingDays } from './expected-completion.ts';

// 2026-12-04 is a Friday; 2026-12-07 a Monday.
const cal: WorkingCalendar = { workingWeekdays: [1, 2, 3, 4, 5], closedDates: ['2026-12-08'], dispatchDays: 1 };

describe('working days', () => {
  it('skip the weekend and closed dates', () => {
    expect(addWorkingDays(cal, '2026-12-04', 0)).toBe('2026-12-04');
    expect(addWorkingDays(cal, '2026-12-04', 1)).toBe('2026-12-07');
    expect(addWorkingDays(cal, '2026-12-04', 2)).toBe('2026-12-09'); // the 8th is closed
    expect(addWorkingDays(cal, '2026-12-05', 0)).toBe('2026-12-07'); // a Saturday counts from Monday
    expect(addWorkingDays(cal, '2026-12-05', 1)).toBe('2026-12-09');
    expect(subtractWorkingDays(cal, '2026-12-09', 1)).toBe('2026-12-07');
    expect(subtractWorkingDays(cal, '2026-12-07', 1)).toBe('2026-12-04');
    expect(subtractWorkingDays(cal, '2026-12-07', 5, '2026-12-04')).toBe('2026-12-04');
  });
  it('follow the weekdays the business works', () => {
    const sixDays = { ...cal, workingWeekdays: [1, 2, 3, 4, 5, 6] };
    expect(addWorkingDays(sixDays, '2026-12-04', 1)).toBe('2026-12-05');
  });
  it('are walked once per calendar, and a changed calendar (a new settings read) is walked anew', () => {
    const before = { workingWeekdays: [1, 2, 3, 4, 5], closedDates: [], dispatchDays: 1 };
    expect(addWorkingDays(before, '2026-12-04', 2)).toBe('2026-12-08');
    expect(addWorkingDays(before, '2026-12-04', 2)).toBe('2026-12-08'); // answered from what was walked
    expect(addWorkingDays(before, '2026-12-04', 3)).toBe('2026-12-09'); // another distance is its own walk
    // The business closes on the 7th: the settings read after the change are a new calendar.
    const after = { ...before, closedDates: ['2026-12-07'] };
    expect(addWorkingDays(after, '2026-12-04', 2)).toBe('2026-12-09');
    expect(addWorkingDays(after, '2026-12-04', 3)).toBe('2026-12-10');
    expect(addWorkingDays(before, '2026-12-04', 2)).toBe('2026-12-08');
  });
});

describe('the expected completion date', () => {
  const stock = { mode: 'stock', backordered: 0, productLeadTimeDays: 0, partyLeadTimeDays: null } as const;
  it('is the dispatch time for lines in stock', () => {
    expect(expectedCompletionDate(cal, '2026-12-04', [stock])).toBe('2026-12-07');
    expect(expectedCompletionDate({ ...cal, dispatchDays: 0 }, '2026-12-04', [stock])).toBe('2026-12-04');
  });
  it('waits for the lead time of back-ordered, made-to-order and third-party lines (the product first, else its party)', () => {
    expect(lineWorkingDays(cal, { ...stock, backordered: 1, productLeadTimeDays: 3 })).toEqual({ days: 4, basis: 'product_lead_time' });
    expect(lineWorkingDays(cal, { mode: 'made_to_order', backordered: 0, productLeadTimeDays: 0, partyLeadTimeDays: 10 })).toEqual({ days: 11, basis: 'party_lead_time' });
    expect(lineWorkingDays(cal, { mode: 'third_party', backordered: 0, productLeadTimeDays: 2, partyLeadTimeDays: 10 })).toEqual({ days: 3, basis: 'product_lead_time' });
    // Friday + 3 working days, skipping the weekend and the closed 8th: Wed 9th.
    expect(expectedCompletionDate(cal, '2026-12-04', [stock, { mode: 'third_party', backordered: 0, productLeadTimeDays: 2, partyLeadTimeDays: null }])).toBe('2026-12-10');
  });
  it('keeps a later requested date', () => {
    expect(expectedCompletionDate(cal, '2026-12-04', [stock], '2027-01-15')).toBe('2027-01-15');
    expect(expectedCompletionDate(cal, '2026-12-04', [stock], '2026-12-05')).toBe('2026-12-07');
  });
});
