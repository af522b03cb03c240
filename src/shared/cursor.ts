/** Keyset cursors for lists sorted newest first on (created_at, id). */
import { AppError } from './errors.ts';

export type CreatedAtKey = { createdAt: Date; id: string };

export const createdAtCursor = {
  encode: (r: CreatedAtKey) => Buffer.from(`${r.createdAt.toISOString()}|${r.id}`).toString('base64url'),
  decode(s: string): CreatedAtKey {
    const [at, id] = Buffer.from(s, 'base64url').toString().split('|');
    const createdAt = new Date(at ?? '');
    if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(createdAt.getTime())) {
      throw new AppError('validation_failed', 'The cursor is not one this API gave out', [{ pointer: 'after', code: 'invalid_cursor', message: 'Use nextCursor from the previous page' }]);
    }
    return { createdAt, id };
  },
};
