/** Shapes of the authentication, users and storefront endpoints (the auth contract). */
import type { FormField } from './client';

export type Role = 'owner' | 'sales' | 'warehouse' | 'accounts' | 'viewer';
export const ROLES: Role[] = ['owner', 'sales', 'warehouse', 'accounts', 'viewer'];
export type SessionUser = { id: string; email: string; name: string; role: Role };
export type Session = { user: SessionUser; csrfToken: string; permissions: string[] };
export type StaffUser = SessionUser & { disabled?: boolean; createdAt?: string };

export type PublicProduct = {
  id: string;
  sku: string;
  name: string;
  description: string;
  priceMinor: number;
  currency: string;
  taxRateBp?: number;
  fulfilmentMode?: 'stock' | 'made_to_order' | 'third_party';
  leadTimeDays?: number;
  formFields: FormField[];
  /** Stock availability as the storefront may show it. */
  available?: boolean;
  availability?: string;
  stock?: { available: number } | number | null;
  [k: string]: unknown;
};
export type PublicCatalog = {
  business: { name: string; contactEmail: string; contactPhone: string; address: string; currency: string };
  products: PublicProduct[];
};
export type PublicOrderResult = { id: string; number: string; status: string; totals: { grandTotalMinor: number; [k: string]: number }; expectedCompletionDate: string | null; currency?: string; [k: string]: unknown };
