/** Customer use cases. Other capabilities (orders) call these, never the repository. */
import type { Conn, Db } from '../shared/db.ts';
import { AppError, notFound, type FieldProblem } from '../shared/errors.ts';
import { isUniqueViolation } from '../shared/pg-errors.ts';
import {
  customerSearchText,
  normaliseEmail,
  normalisePhone,
  type Customer,
  type CustomerInput,
  type CustomerPatch,
} from './customer.ts';
import {
  findCustomerByEmailKey,
  findCustomerById,
  insertCustomer,
  insertCustomerOrGetByEmail,
  searchCustomers as findCustomers,
  updateCustomer,
  findCustomerIdByPhone,
} from './customers.repository.ts';

function normalised(input: { email?: string | undefined; phone?: string | undefined }, defaultCountry: string, at: string) {
  const problems: FieldProblem[] = [];
  const email = input.email ? normaliseEmail(input.email) : undefined;
  let phone: string | undefined;
  if (input.phone) {
    phone = normalisePhone(input.phone, defaultCountry);
    if (!phone) problems.push({ pointer: `${at}/phone`, code: 'invalid_phone', message: `"${input.phone}" is not a phone number we can read; include the country code, e.g. +90 …` });
  }
  return { email, phone, problems };
}

const duplicateEmail = (existing: Customer, at: string) =>
  new AppError(
    'duplicate',
    `A customer with the e-mail ${existing.email} already exists: ${existing.name}`,
    [{ pointer: `${at}/email`, code: 'duplicate', message: `Already used by ${existing.name}` }],
    { existingCustomerId: existing.id, existingCustomer: `/api/v1/customers/${existing.id}` },
  );

export async function createCustomer(db: Db, input: CustomerInput, defaultCountry: string): Promise<Customer> {
  const { email, phone, problems } = normalised(input, defaultCountry, '');
  if (problems.length) throw new AppError('validation_failed', 'The customer has invalid fields', problems);
  if (email) {
    const existing = await findCustomerByEmailKey(db, email.key);
    if (existing) throw duplicateEmail(existing, '');
  }
  try {
    return await insertCustomer(db, {
      name: input.name,
      email: email?.display ?? null,
      emailNormalized: email?.key ?? null,
      phone: phone ?? null,
      company: input.company ?? null,
      addresses: input.addresses,
      notes: input.notes,
      language: input.language ?? null,
      searchText: customerSearchText({ name: input.name, email: email?.display ?? null, phone: phone ?? null, company: input.company ?? null }),
    });
  } catch (e) {
    if (isUniqueViolation(e) && email) {
      const existing = await findCustomerByEmailKey(db, email.key);
      if (existing) throw duplicateEmail(existing, '');
    }
    throw e;
  }
}

export async function changeCustomer(db: Db, id: string, patch: CustomerPatch, defaultCountry: string, expectedVersion?: number): Promise<Customer> {
  const current = await findCustomerById(db, id);
  if (!current) throw notFound('The customer');
  const { email, phone, problems } = normalised(patch, defaultCountry, '');
  if (problems.length) throw new AppError('validation_failed', 'The customer has invalid fields', problems);
  if (email) {
    const other = await findCustomerByEmailKey(db, email.key);
    if (other && other.id !== id) throw duplicateEmail(other, '');
  }
  const next = {
    name: patch.name ?? current.name,
    email: email ? email.display : current.email,
    phone: phone ?? current.phone,
    company: patch.company ?? current.company,
  };
  try {
    const updated = await updateCustomer(
      db,
      id,
      {
        ...next,
        ...(email ? { emailNormalized: email.key } : {}),
        ...(patch.addresses ? { addresses: { ...current.addresses, ...patch.addresses } } : {}),
        ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
        ...(patch.language !== undefined ? { language: patch.language } : {}),
        searchText: customerSearchText(next),
      },
      expectedVersion ?? current.version,
    );
    if (!updated) throw new AppError('version_mismatch', 'The customer was changed by someone else; reload and try again');
    return updated;
  } catch (e) {
    if (isUniqueViolation(e) && email) {
      const existing = await findCustomerByEmailKey(db, email.key);
      if (existing) throw duplicateEmail(existing, '');
    }
    throw e;
  }
}

/** The customer with this e-mail address (compared as normalised), if any. */
export async function findCustomerByEmail(conn: Conn, email: string): Promise<Customer | undefined> {
  return findCustomerByEmailKey(conn, normaliseEmail(email).key);
}

export async function getCustomer(conn: Conn, id: string): Promise<Customer> {
  const c = await findCustomerById(conn, id);
  if (!c) throw notFound('The customer');
  return c;
}

/**
 * Finds customers by name, e-mail, phone or company, however typed: case and accents
 * do not matter, and a phone number typed as spoken in the business's country
 * (07700 900123) finds the stored +447700900123.
 */
export async function searchCustomers(conn: Conn, f: { q?: string; after?: { name: string; id: string }; limit: number }, defaultCountry: string): Promise<Customer[]> {
  if (!f.q) return findCustomers(conn, f);
  const e164 = /\d{4}/.test(f.q) ? normalisePhone(f.q, defaultCountry) : undefined;
  return findCustomers(conn, { ...f, q: f.q, phoneDigits: e164 ? [e164.slice(1)] : [] });
}

/** The contact details an order freezes; `id` is the customer it is filed under (none while a storefront match awaits staff). */
export type CustomerSnapshot = { id: string | null; name: string; email: string | null; phone: string | null; company: string | null };

export const customerSnapshot = (c: Customer): CustomerSnapshot => ({ id: c.id, name: c.name, email: c.email, phone: c.phone, company: c.company });

export type OrderCustomerRef =
  | { id: string }
  | { name: string; email?: string | undefined; phone?: string | undefined; company?: string | undefined };

/**
 * How inline details that match an existing customer are treated. `link` (staff
 * placing an order): the order is filed under that customer, and what was not
 * typed is filled in from their record. `suggest` (an anonymous storefront
 * order): the order keeps exactly what was typed, is filed under nobody, and
 * names the match for staff to confirm or dismiss. The stored record is never
 * changed by either.
 */
export type CustomerMatch = 'link' | 'suggest';

/**
 * The customer of an order being placed: an existing one by id, or inline details
 * matched by e-mail (then by phone) or created. Runs inside the order's transaction.
 */
export async function resolveOrderCustomer(
  tx: Conn,
  ref: OrderCustomerRef,
  defaultCountry: string,
  at: string,
  match: CustomerMatch = 'link',
): Promise<{ snapshot?: CustomerSnapshot; suggestedCustomerId?: string; problems: FieldProblem[] }> {
  if ('id' in ref) {
    const c = await findCustomerById(tx, ref.id);
    if (!c) return { problems: [{ pointer: `${at}/id`, code: 'not_found', message: 'No customer with this id' }] };
    return { snapshot: customerSnapshot(c), problems: [] };
  }
  const { email, phone, problems } = normalised(ref, defaultCountry, at);
  if (problems.length) return { problems };
  const values = {
    name: ref.name,
    email: email?.display ?? null,
    phone: phone ?? null,
    company: ref.company ?? null,
    searchText: customerSearchText({ name: ref.name, email: email?.display ?? null, phone: phone ?? null, company: ref.company ?? null }),
  };
  let customer: Customer | undefined;
  let created = false;
  if (email) {
    ({ customer, created } = await insertCustomerOrGetByEmail(tx, { ...values, emailNormalized: email.key }));
  } else if (phone) {
    const byPhone = await findCustomerIdByPhone(tx, phone);
    customer = byPhone ? await findCustomerById(tx, byPhone) : undefined;
  }
  if (!customer) {
    customer = await insertCustomer(tx, { ...values, emailNormalized: null });
    created = true;
  }
  if (match === 'suggest' && !created) {
    // Only what the shopper typed; the stored record is named for staff, never copied.
    return { snapshot: { id: null, name: ref.name, email: email?.display ?? null, phone: phone ?? null, company: ref.company ?? null }, suggestedCustomerId: customer.id, problems: [] };
  }
  return {
    snapshot: {
      id: customer.id,
      name: ref.name,
      email: email?.display ?? customer.email,
      phone: phone ?? customer.phone,
      company: ref.company ?? customer.company,
    },
    problems: [],
  };
}
