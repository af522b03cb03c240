/**
 * Every problem with an order form, known without writing anything: the checks
 * placing, submitting a draft and the draft's `missing` list share.
 */
import type { Conn } from '../shared/db.ts';
import { zodProblems, type FieldProblem } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import type { Settings } from '../settings/settings.ts';
import { getCustomer } from '../customers/customers.use-cases.ts';
import { normalisePhone, type Customer } from '../customers/customer.ts';
import { buildLines, type BuiltLine, type LineRequest } from './build-lines.ts';
import type { z } from 'zod';
import { deliveryInputSchema, placeOrderInputSchema, totalProblems, type DeliveryInput, type PlaceOrderInput } from './order.ts';

/** Every problem with a placement that can be known without writing anything. */
export async function checkPlacement(conn: Conn, input: PlaceOrderInput, settings: Settings): Promise<{ lines: BuiltLine[]; problems: FieldProblem[]; customer?: Customer | undefined }> {
  const { lines, problems } = await buildLines(conn, input.lines, settings.currency);
  problems.push(...deliveryProblems(input.delivery));
  const c = input.customer;
  let customer: Customer | undefined;
  if (c.id) {
    customer = await getCustomer(conn, c.id).catch(() => undefined);
    if (!customer) problems.push({ pointer: '/customer/id', code: 'not_found', message: 'No customer with this id' });
  } else if (c.phone && !normalisePhone(c.phone, settings.defaultCountry)) {
    problems.push({ pointer: '/customer/phone', code: 'invalid_phone', message: `"${c.phone}" is not a phone number we can read; include the country code` });
  }
  problems.push(...totalProblems(lines, settings.deliveryFeesMinor[input.delivery.method], settings.deliveryTaxRateBp, settings.currency));
  return { lines, problems, customer };
}

export function deliveryProblems(d: DeliveryInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if ((d.method === 'shipping' || d.method === 'local_delivery') && !d.address) {
    problems.push({ pointer: '/delivery/address', code: 'required', message: `Enter the address for ${d.method === 'shipping' ? 'shipping' : 'local delivery'}` });
  }
  if (d.requestedDate && d.requestedDate < new Date().toISOString().slice(0, 10)) {
    problems.push({ pointer: '/delivery/requestedDate', code: 'in_past', message: 'The requested date is in the past' });
  }
  return problems;
}


const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The parts of raw, possibly malformed lines that are safe to look up. */
function readableLines(raw: unknown): LineRequest[] {
  if (!Array.isArray(raw)) return [];
  return raw.slice(0, 200).map((l) => {
    if (!isRecord(l)) return {};
    return {
      productId: typeof l.productId === 'string' && isUuid(l.productId) ? l.productId : undefined,
      sku: typeof l.sku === 'string' && l.sku.length <= 64 ? l.sku : undefined,
      quantity: Number.isInteger(l.quantity) && (l.quantity as number) > 0 ? (l.quantity as number) : undefined,
      fields: isRecord(l.fields) ? l.fields : undefined,
    };
  });
}

/**
 * Every problem with an order form, even one that does not have the right shape:
 * the schema's complaints plus the product forms', stock-free checks of each line
 * and the delivery. Drafts use it for `missing`; placement uses it so a form with a
 * missing e-mail also hears about the missing fabric, all at once.
 */
export async function collectOrderProblems(
  conn: Conn,
  raw: unknown,
  settings: Settings,
  schema: z.ZodType<PlaceOrderInput> = placeOrderInputSchema,
): Promise<{ problems: FieldProblem[] }> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return checkPlacement(conn, parsed.data, settings);
  const problems: FieldProblem[] = zodProblems(parsed.error.issues);
  const body = isRecord(raw) ? raw : {};
  const more = (await buildLines(conn, readableLines(body.lines), settings.currency)).problems;
  const delivery = deliveryInputSchema.safeParse(body.delivery);
  if (delivery.success) more.push(...deliveryProblems(delivery.data));
  const seen = new Set(problems.map((p) => p.pointer));
  for (const p of more) {
    // A line the schema already faulted (e.g. no quantity) is not reported twice.
    if (!seen.has(p.pointer) && !(p.code === 'required' && seen.has(p.pointer.replace(/\/sku$/, '')))) problems.push(p);
  }
  return { problems };
}

export const draftProblems = (conn: Conn, draft: Record<string, unknown>, settings: Settings) => collectOrderProblems(conn, draft, settings);
