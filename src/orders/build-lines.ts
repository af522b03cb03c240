/**
 * Turns requested lines into priced lines: finds each product, runs its order
 * form's validator, and freezes name, price, options and tax. Reports every
 * problem of every line at once — including a price the options bring below
 * zero and a line total past MAX_AMOUNT_MINOR. Shared by placing, submitting
 * and editing.
 */
import { compileForm, type CompiledForm, type FrozenAnswer } from '../catalog/form-definition.ts';
import { findProductsByIdsOrSkus } from '../catalog/catalog.use-cases.ts';
import type { Product } from '../catalog/product.ts';
import type { Conn } from '../shared/db.ts';
import { pointer, type FieldProblem } from '../shared/errors.ts';
import { applyRate, formatMoney, MAX_AMOUNT_MINOR } from '../shared/money.ts';

export type LineRequest = { productId?: string | undefined; sku?: string | undefined; quantity?: number | undefined; fields?: Record<string, unknown> | undefined };

export type BuiltLine = {
  position: number;
  product: Product;
  quantity: number;
  answers: FrozenAnswer[];
  unitPriceMinor: number;
  optionsPriceMinor: number;
  taxRateBp: number;
};

const compiled = new Map<string, CompiledForm>();
function formOf(p: Product): CompiledForm {
  const key = `${p.id}:${p.version}`;
  let form = compiled.get(key);
  if (!form) {
    if (compiled.size > 2000) compiled.clear();
    form = compileForm(p.formFields);
    compiled.set(key, form);
  }
  return form;
}

export async function buildLines(conn: Conn, requests: readonly LineRequest[], currency: string): Promise<{ lines: BuiltLine[]; problems: FieldProblem[] }> {
  const ids = requests.flatMap((r) => (r.productId ? [r.productId] : []));
  const skus = requests.flatMap((r) => (!r.productId && r.sku ? [r.sku] : []));
  const found = await findProductsByIdsOrSkus(conn, ids, skus);
  const problems: FieldProblem[] = [];
  const lines: BuiltLine[] = [];

  requests.forEach((r, i) => {
    const at = (...p: (string | number)[]) => pointer('lines', i, ...p);
    if (r.productId && r.sku) {
      problems.push({ pointer: at('sku'), code: 'ambiguous', message: 'Give either productId or sku, not both' });
      return;
    }
    const product = r.productId ? found.find((p) => p.id === r.productId) : r.sku ? found.find((p) => p.sku.toLowerCase() === r.sku?.toLowerCase()) : undefined;
    if (!r.productId && !r.sku) {
      problems.push({ pointer: at('sku'), code: 'required', message: 'Choose a product' });
    } else if (!product) {
      problems.push({ pointer: at(r.productId ? 'productId' : 'sku'), code: 'not_found', message: `There is no product ${r.productId ?? r.sku}` });
    } else if (!product.active) {
      problems.push({ pointer: at(r.productId ? 'productId' : 'sku'), code: 'inactive', message: `${product.name} is no longer sold` });
    } else if (product.currency !== currency) {
      problems.push({ pointer: at(r.productId ? 'productId' : 'sku'), code: 'currency_mismatch', message: `${product.name} is priced in ${product.currency}, the order is in ${currency}` });
    }
    if (r.quantity === undefined) problems.push({ pointer: at('quantity'), code: 'required', message: 'Enter a quantity' });
    if (!product) return;
    const result = formOf(product)(r.fields ?? {});
    for (const p of result.problems) problems.push({ pointer: at('fields', p.field), code: p.code, message: p.message });
    if (result.problems.length === 0 && r.quantity !== undefined && product.active) {
      const unitMinor = product.priceMinor + result.priceDeltaMinor;
      if (unitMinor < 0) {
        problems.push({ pointer: at('fields'), code: 'negative_price', message: 'The chosen options bring the price below zero' });
        return;
      }
      const subtotalMinor = unitMinor * r.quantity;
      // The price and the options' change each times the quantity, and the total with tax: all stay within the bound (and so exact).
      const partsMinor = Math.max(product.priceMinor, Math.abs(result.priceDeltaMinor)) * r.quantity;
      if (partsMinor > MAX_AMOUNT_MINOR || subtotalMinor + applyRate(subtotalMinor, product.taxRateBp) > MAX_AMOUNT_MINOR) {
        problems.push({ pointer: at('quantity'), code: 'amount_too_large', message: `This line would come to more than ${formatMoney(MAX_AMOUNT_MINOR, currency)}, the most one order can hold` });
        return;
      }
      lines.push({
        position: i,
        product,
        quantity: r.quantity,
        answers: result.answers,
        unitPriceMinor: product.priceMinor,
        optionsPriceMinor: result.priceDeltaMinor,
        taxRateBp: product.taxRateBp,
      });
    }
  });
  return { lines, problems };
}
