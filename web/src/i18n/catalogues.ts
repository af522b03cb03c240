/** Every catalogue by its language. */
import { en, type Messages } from './en';
import { tr } from './tr';
import type { Language } from './language';

export const CATALOGUES: Record<Language, Messages> = { en, tr };
