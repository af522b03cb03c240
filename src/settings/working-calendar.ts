/**
 * The business's working days: which weekdays it works and the dates it is closed,
 * and how many working days a stocked order takes to leave (the dispatch time).
 * Dates are ISO calendar dates ("2026-12-31"), read in UTC. Pure.
 */
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-12-31').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'Not a real date');

export const workingCalendarSchema = z.strictObject({
  /** ISO weekdays the business works: 1 = Monday … 7 = Sunday. */
  workingWeekdays: z
    .array(z.number().int().min(1).max(7))
    .min(1, 'Choose at least one working day')
    .max(7)
    .refine((d) => new Set(d).size === d.length, 'A weekday is listed twice'),
  /** Dates the business is closed (holidays), whatever the weekday. */
  closedDates: z.array(isoDate).max(366),
  /** Working days a stocked order in stock takes to be picked, packed and sent. */
  dispatchDays: z.number().int().min(0).max(60),
});
export type WorkingCalendar = z.infer<typeof workingCalendarSchema>;

export const DEFAULT_CALENDAR: WorkingCalendar = { workingWeekdays: [1, 2, 3, 4, 5], closedDates: [], dispatchDays: 1 };

const DAY_MS = 86_400_000;
const toTime = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const toIso = (t: number) => new Date(t).toISOString().slice(0, 10);
/** ISO weekday of a time: 1 = Monday … 7 = Sunday. */
const weekday = (t: number) => ((new Date(t).getUTCDay() + 6) % 7) + 1;

/** The calendar date (UTC) of a moment. */
export const isoDay = (at: Date): string => at.toISOString().slice(0, 10);

export function isWorkingDay(cal: WorkingCalendar, iso: string): boolean {
  const t = toTime(iso);
  return cal.workingWeekdays.includes(weekday(t)) && !cal.closedDates.includes(iso);
}

/**
 * Dates already walked, per calendar. A calendar is a value: the settings are read into a new
 * object whenever they are read from the database (a change is a new object), and nothing
 * changes one in place. Placing an order walks the same few dates for every order of the
 * day, up to a lead time of weeks, one date string at a time.
 */
const walked = new WeakMap<WorkingCalendar, Map<string, string>>();
const WALKED_PER_CALENDAR = 1000;

/**
 * `days` working days after `from`: 0 is `from` itself when it is a working day,
 * else the next one; 1 is the first working day after `from`; and so on.
 */
export function addWorkingDays(cal: WorkingCalendar, from: string, days: number): string {
  let known = walked.get(cal);
  if (!known) {
    known = new Map();
    walked.set(cal, known);
  }
  const key = `${from} ${days}`;
  const hit = known.get(key);
  if (hit !== undefined) return hit;
  const out = walkWorkingDays(cal, from, days);
  if (known.size >= WALKED_PER_CALENDAR) known.clear();
  known.set(key, out);
  return out;
}

function walkWorkingDays(cal: WorkingCalendar, from: string, days: number): string {
  let t = toTime(from);
  // A calendar with no working day at all cannot be walked; the schema refuses it, this is a guard.
  const limit = 3660 + days * 7 + cal.closedDates.length;
  let steps = 0;
  const next = () => {
    t += DAY_MS;
    if (++steps > limit) throw new Error('the working calendar has no working days');
  };
  while (!isWorkingDay(cal, toIso(t))) next();
  for (let left = days; left > 0; left--) {
    next();
    while (!isWorkingDay(cal, toIso(t))) next();
  }
  return toIso(t);
}

/** `days` working days before `to` (never before `notBefore`); `to` itself counts when it is a working day and days is 0. */
export function subtractWorkingDays(cal: WorkingCalendar, to: string, days: number, notBefore?: string): string {
  let t = toTime(to);
  let steps = 0;
  const prev = () => {
    t -= DAY_MS;
    if (++steps > 3660 + days * 7 + cal.closedDates.length) throw new Error('the working calendar has no working days');
  };
  while (!isWorkingDay(cal, toIso(t))) prev();
  for (let left = days; left > 0; left--) {
    prev();
    while (!isWorkingDay(cal, toIso(t))) prev();
  }
  const out = toIso(t);
  return notBefore && out < notBefore ? notBefore : out;
}
