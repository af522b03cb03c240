/** Response schemas of settings (the OpenAPI document names them). */
import { z } from 'zod';
import { settingsSchema } from './settings.ts';

export const settingsResponse = settingsSchema.extend({ version: z.number().int() }).meta({ id: 'Settings' });
