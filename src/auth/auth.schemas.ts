/** Response schemas of staff accounts, sessions and API tokens (the OpenAPI document names them). */
import { z } from 'zod';
import { ROLES } from './permissions.ts';

export const userSchema = z.object({ id: z.uuid(), email: z.string(), name: z.string(), role: z.enum(ROLES), disabled: z.boolean(), createdAt: z.date() }).meta({ id: 'User' });

export const meSchema = z.object({ user: userSchema, csrfToken: z.string(), permissions: z.array(z.string()) }).meta({ id: 'Me' });

export const tokenSchema = z.object({ id: z.uuid(), name: z.string(), role: z.enum(ROLES), createdAt: z.date(), lastUsedAt: z.date().nullable(), revokedAt: z.date().nullable() }).meta({ id: 'ApiToken' });
