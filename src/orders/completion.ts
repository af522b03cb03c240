/**
 * The expected completion date of lines as they are (or would be) taken: reads
 * the lead times of the products' suppliers and manufacturers, and — for a
 * preview, before anything is reserved — the stock available now; the rule
 * itself is the pure expectedCompletionDate.
 */
import type { Conn } from '../shared/db.ts';
import { AppError, pointer, type FieldProblem } from '../shared/errors.ts';
import { findProductsByIdsOrSkus } from '../catalog/catalog.use-cases.ts';
import type { Settings } from '../settings/settings.ts';
import { isoDay } from '../settings/working-calendar.ts';
import { findPartiesByIds } from '../parties/parties.use-cases.ts';
import type { BuiltLine } from './build-lines.ts';
import { expectedCompletionDate, lineWorkingDays, type CompletionLine } from './expected-completion.ts';

type Allocation = Map<number, { reserved: number; backordered: number }>;

async function completionLines(conn: Conn, lines: readonly BuiltLine[], backorderedAt: (l: BuiltLine) => number): Promise<CompletionLine[]> {
  const partyIds = [...new Set(lines.flatMap((l) => (l.product.partyId ? [l.product.partyId] : [])))];
  const leads = new Map((await findPartiesByIds(conn, partyIds)).map((p) => [p.id, p.leadTimeDays]));
  return lines.map((l) => ({
    mode: l.product.fulfilmentMode,
    backordered: l.product.fulfilmentMode === 'stock' ? backorderedAt(l) : 0,
    productLeadTimeDays: l.product.leadTimeDays,
    partyLeadTimeDays: l.product.partyId ? (leads.get(l.product.partyId) ?? null) : null,
  }));
}

/** The date for lines whose stock is already reserved (`allocation` says what was back-ordered). */
export async function completionDate(conn: Conn, lines: readonly BuiltLine[], allocation: Allocation, settings: Settings, takenAt: Date, requestedDate?: string): Promise<string> {
  const c = await completionLines(conn, lines, (l) => allocation.get(l.position)?.backordered ?? 0);
  return expectedCompletionDate(settings.calendar, isoDay(takenAt), c, requestedDate);
}

export type CompletionPreview = {
  expectedCompletionDate: string;
  lines: { position: number; sku: string; name: string; workingDays: number; basis: ReturnType<typeof lineWorkingDays>['basis'] }[];
};

/**
 * What the date would be if these lines were ordered now: stock is read, not
 * reserved (units beyond what is available now count as back-ordered, lines of
 * one product taking from the same stock in order). Only products and quantities
 * are checked; a line's form answers are not needed for a date.
 */
export async function previewCompletion(conn: Conn, req: { lines: { productId?: string | undefined; sku?: string | undefined; quantity: number }[]; requestedDate?: string | undefined }, settings: Settings, now = new Date()): Promise<CompletionPreview> {
  const found = await findProductsByIdsOrSkus(
    conn,
    req.lines.flatMap((r) => (r.productId ? [r.productId] : [])),
    req.lines.flatMap((r) => (!r.productId && r.sku ? [r.sku] : [])),
  );
  const problems: FieldProblem[] = [];
  const lines: BuiltLine[] = [];
  req.lines.forEach((r, i) => {
    const key = r.productId ? 'productId' : 'sku';
    const product = r.productId ? found.find((p) => p.id === r.productId) : found.find((p) => p.sku.toLowerCase() === r.sku?.toLowerCase());
    if (!r.productId && !r.sku) problems.push({ pointer: pointer('lines', i, 'sku'), code: 'required', message: 'Choose a product' });
    else if (!product || !product.active) problems.push({ pointer: pointer('lines', i, key), code: 'not_found', message: `There is no product ${r.productId ?? r.sku} on sale` });
    else lines.push({ position: i, product, quantity: r.quantity, answers: [], unitPriceMinor: product.priceMinor, optionsPriceMinor: 0, taxRateBp: product.taxRateBp });
  });
  if (problems.length) throw new AppError('validation_failed', 'Some lines name no product on sale', problems);
  const left = new Map<string, number>();
  const c = await completionLines(conn, lines, (l) => {
    const have = left.get(l.product.id) ?? Math.max(0, l.product.stock?.available ?? 0);
    const taken = l.product.allowBackorder || have >= l.quantity ? Math.min(have, l.quantity) : l.quantity;
    left.set(l.product.id, have - Math.min(have, taken));
    return l.quantity - Math.min(have, taken);
  });
  const date = expectedCompletionDate(settings.calendar, isoDay(now), c, req.requestedDate);
  return {
    expectedCompletionDate: date,
    lines: lines.map((l, i) => {
      const d = lineWorkingDays(settings.calendar, c[i] as CompletionLine);
      return { position: l.position, sku: l.product.sku, name: l.product.name, workingDays: d.days, basis: d.basis };
    }),
  };
}
