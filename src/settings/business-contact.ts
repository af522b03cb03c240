/** How the business is reached, as mails and the customer's order page show it. Pure. */
import type { Settings } from './settings.ts';

export type BusinessContact = { name: string; email: string; phone: string; address: string };

export const businessContact = (s: Settings): BusinessContact => ({ name: s.businessName, email: s.contactEmail, phone: s.contactPhone, address: s.address });
