/** Catalog use cases: create, change and read products. Each runs in one transaction. */
import type { Db, Conn } from '../shared/db.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { isUniqueViolation } from '../shared/pg-errors.ts';
import { assertValidForm, type PartyCheck, type Product, type ProductInput, type ProductPatch } from './product.ts';
import { findProduct, findProductsByIdsOrSkus, insertProduct, listProducts, updateProduct } from './products.repository.ts';

const duplicateSku = (sku: string) =>
  new AppError('duplicate', `A product with SKU "${sku}" already exists`, [{ pointer: '/sku', code: 'duplicate', message: `SKU ${sku} is taken` }]);

const noPartyCheck: PartyCheck = async () => [];

async function assertParty(conn: Conn, check: PartyCheck, partyId: string | null | undefined): Promise<void> {
  const problems = await check(conn, partyId);
  if (problems.length) throw new AppError('validation_failed', 'The product names an unknown supplier or manufacturer', problems);
}

export async function createProduct(db: Db, input: ProductInput, checkParty: PartyCheck = noPartyCheck): Promise<Product> {
  assertValidForm(input.formFields);
  if (input.initialStock !== undefined && input.fulfilmentMode !== 'stock') {
    throw new AppError('validation_failed', 'Only stocked products have stock', [
      { pointer: '/initialStock', code: 'not_allowed', message: 'initialStock applies only when fulfilmentMode is "stock"' },
    ]);
  }
  try {
    return await db.transaction(async (tx) => {
      await assertParty(tx, checkParty, input.partyId);
      const id = await insertProduct(tx, input);
      return (await findProduct(tx, id)) as Product;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateSku(input.sku);
    throw e;
  }
}

export async function changeProduct(db: Db, id: string, patch: ProductPatch, expectedVersion?: number, checkParty: PartyCheck = noPartyCheck): Promise<Product> {
  if (patch.formFields) assertValidForm(patch.formFields);
  try {
    return await db.transaction(async (tx) => {
      const current = await findProduct(tx, id);
      if (!current) throw notFound('The product');
      await assertParty(tx, checkParty, patch.partyId);
      const version = expectedVersion ?? current.version;
      if (!(await updateProduct(tx, current.id, patch, version))) {
        throw new AppError('version_mismatch', `The product changed since version ${version}; reload it and try again`);
      }
      return (await findProduct(tx, current.id)) as Product;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateSku(patch.sku ?? '');
    throw e;
  }
}

export async function getProduct(conn: Conn, idOrSku: string): Promise<Product> {
  const p = await findProduct(conn, idOrSku);
  if (!p) throw notFound(`The product "${idOrSku}"`);
  return p;
}

export { listProducts, findProductsByIdsOrSkus };
