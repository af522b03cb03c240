/** Parties use cases: add, change and read the parties orders are handed to. */
import type { Conn, Db } from '../shared/db.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { webhookUrlProblem, type UrlPolicy } from '../webhooks/webhook-url.ts';
import { newWebhookSecret } from '../webhooks/webhook-signature.ts';
import type { Party, PartyInput, PartyPatch } from './party.ts';
import type { PartyKind } from './party-vocabulary.ts';
import { findPartiesByIds, findParty, findPartyOfKind, insertParty, listParties, updateParty } from './parties.repository.ts';

export type { Party };

/** A party as it was just saved, with its signing secret when one was made now (the only time it is shown). */
export type SavedParty = { party: Party; webhookSecret: string | null };

function checkWebhookUrl(url: string | null | undefined, policy: UrlPolicy): void {
  if (!url) return;
  const problem = webhookUrlProblem(url, policy);
  if (problem) throw new AppError('validation_failed', problem, [{ pointer: '/webhookUrl', code: 'invalid_url', message: problem }]);
}

/** Adds a supplier or manufacturer; one with a webhook address gets its signing secret. */
export async function createParty(db: Db, input: PartyInput, policy: UrlPolicy): Promise<SavedParty> {
  checkWebhookUrl(input.webhookUrl, policy);
  const webhookSecret = input.webhookUrl ? newWebhookSecret() : null;
  return { party: await insertParty(db, { ...input, webhookSecret }), webhookSecret };
}

export async function getParty(conn: Conn, id: string): Promise<Party> {
  const p = isUuid(id) ? await findParty(conn, id) : undefined;
  if (!p) throw notFound('The party');
  return p;
}

/**
 * Changes a party. Its webhook secret: made when it gets a webhook address it did not
 * have (answered once), kept when the address changes, dropped when the address is removed.
 */
export async function changeParty(db: Db, id: string, patch: PartyPatch, policy: UrlPolicy, expectedVersion?: number): Promise<SavedParty> {
  checkWebhookUrl(patch.webhookUrl, policy);
  return db.transaction(async (tx) => {
    const current = await getParty(tx, id);
    if (patch.active === false && (current.kind === 'warehouse' || current.kind === 'accounts')) {
      throw new AppError('validation_failed', `The ${current.name} is built in and cannot be switched off`, [{ pointer: '/active', code: 'not_allowed', message: 'A built-in party stays active' }]);
    }
    const version = expectedVersion ?? current.version;
    const webhookSecret = patch.webhookUrl && !current.webhookSecret ? newWebhookSecret() : null;
    const secretChange = webhookSecret ? { webhookSecret } : patch.webhookUrl === null ? { webhookSecret: null } : {};
    const row = await updateParty(tx, current.id, { ...patch, ...secretChange }, version);
    if (!row) throw new AppError('version_mismatch', `The party changed since version ${version}; reload it and try again`);
    return { party: row, webhookSecret };
  });
}

/** A new signing secret for a party with a webhook address (the old one stops working at once); answered once. */
export async function rotatePartySecret(db: Db, id: string): Promise<SavedParty> {
  return db.transaction(async (tx) => {
    const current = await getParty(tx, id);
    if (!current.webhookUrl) throw new AppError('invalid_transition', `${current.name} has no webhook address: set one first`);
    const webhookSecret = newWebhookSecret();
    const row = await updateParty(tx, current.id, { webhookSecret }, current.version);
    if (!row) throw new AppError('conflict', 'Someone else changed this party at the same moment; try again');
    return { party: row, webhookSecret };
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
