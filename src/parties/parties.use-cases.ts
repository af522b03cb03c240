/** Parties use cases: add, change and read the parties orders are handed to. */
import type { Conn, Db } from '../shared/db.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import type { Party, PartyInput, PartyPatch } from './party.ts';
import type { PartyKind } from './party-vocabulary.ts';
import { findPartiesByIds, findParty, findPartyOfKind, insertParty, listParties, updateParty } from './parties.repository.ts';

export type { Party };

export const createParty = (db: Db, input: PartyInput): Promise<Party> => insertParty(db, input);

export async function getParty(conn: Conn, id: string): Promise<Party> {
  const p = isUuid(id) ? await findParty(conn, id) : undefined;
  if (!p) throw notFound('The party');
  return p;
}

export async function changeParty(db: Db, id: string, patch: PartyPatch, expectedVersion?: number): Promise<Party> {
  return db.transaction(async (tx) => {
    const current = await getParty(tx, id);
    if (patch.active === false && (current.kind === 'warehouse' || current.kind === 'accounts')) {
      throw new AppError('validation_failed', `The ${current.name} is built in and cannot be switched off`, [{ pointer: '/active', code: 'not_allowed', message: 'A built-in party stays active' }]);
    }
    const version = expectedVersion ?? current.version;
    const row = await updateParty(tx, current.id, patch, version);
    if (!row) throw new AppError('version_mismatch', `The party changed since version ${version}; reload it and try again`);
    return row;
  });
}

/** Every problem with a product naming this party (by a JSON pointer at `at`): it must exist and make or supply things. */
export async function partyProblems(conn: Conn, partyId: string | null | undefined, at = '/partyId') {
  if (!partyId) return [];
  const p = isUuid(partyId) ? await findParty(conn, partyId) : undefined;
  if (!p) return [{ pointer: at, code: 'not_found', message: 'There is no such supplier or manufacturer' }];
  if (p.kind !== 'supplier' && p.kind !== 'manufacturer') return [{ pointer: at, code: 'invalid', message: `${p.name} does not make or supply products; choose a supplier or a manufacturer` }];
  return [];
}

export const builtInParty = async (conn: Conn, kind: Extract<PartyKind, 'warehouse' | 'accounts'>): Promise<Party> => {
  const p = await findPartyOfKind(conn, kind);
  if (!p) throw new Error(`the built-in ${kind} party is missing (migration 0008 makes it)`);
  return p;
};

export { listParties, findPartiesByIds };
