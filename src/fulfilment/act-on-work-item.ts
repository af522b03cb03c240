/**
 * A party works its item: start, done, block (with a reason), unblock, or assign
 * it to a staff member. The reader's role decides which items they may act on
 * (the warehouse its items, accounts theirs, owner and sales all). One
 * transaction; a conditional update on the version, so two people moving one
 * item at once get a 409 instead of a silent overwrite. The move is on the
 * order's timeline.
 */
import type { Actor } from '../shared/actor.ts';
import type { Db } from '../shared/db.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { can, type Role } from '../auth/permissions.ts';
import { recordOrderEvent } from '../orders/order-facts.ts';
import { decideWork, workPermissionFor } from './work-item.ts';
import type { WorkItemCommand } from './work-vocabulary.ts';
import { findWorkItem, listWorkItems, updateWorkItemIf, userExists, type WorkItemRow } from './work-items.repository.ts';
import { presentWorkItems, type WorkItemView } from './work-item-view.ts';

export type WorkRequest = { command: WorkItemCommand; reason?: string | undefined } | { command: 'assign'; userId: string | null };

export async function actOnWorkItem(db: Db, id: string, req: WorkRequest, who: { actor: Actor; role: Role }, expectedVersion?: number): Promise<WorkItemView> {
  return db.transaction(async (tx) => {
    const item = isUuid(id) ? await findWorkItem(tx, id, true) : undefined;
    if (!item) throw notFound('The work item');
    const [listed] = await listWorkItems(tx, { ids: [item.id], limit: 1 });
    const partyKind = listed?.party?.kind ?? null;
    const needs = workPermissionFor(partyKind);
    if (!can(who.role, needs)) throw new AppError('forbidden', `Your role (${who.role}) does not work ${listed?.party?.name ?? 'this party'}'s items (needs ${needs})`, [], { permission: needs });
    if (expectedVersion !== undefined && expectedVersion !== item.version) {
      throw new AppError('version_mismatch', `The work item changed since version ${expectedVersion}; reload it and try again`, [], { currentVersion: item.version });
    }
    let set: Partial<Pick<WorkItemRow, 'state' | 'blockedReason' | 'assigneeUserId'>>;
    let event: Record<string, unknown>;
    if (req.command === 'assign') {
      if (item.state === 'done' || item.state === 'cancelled') throw new AppError('invalid_transition', `A ${item.state} work item cannot be assigned`);
      let name: string | null = null;
      if (req.userId !== null) {
        const u = await userExists(tx, req.userId);
        if (!u || u.disabled) throw new AppError('validation_failed', 'There is no such active staff member', [{ pointer: '/userId', code: 'not_found', message: 'Choose an active staff member' }]);
        name = u.name;
      }
      set = { assigneeUserId: req.userId };
      event = { assignee: name };
    } else {
      const reason = req.reason?.trim();
      if (req.command === 'block' && !reason) throw new AppError('validation_failed', 'Say why the work is blocked', [{ pointer: '/reason', code: 'required', message: 'Enter the reason it is blocked' }]);
      const d = decideWork(item.state, req.command);
      if (!d.ok) throw new AppError('invalid_transition', d.message, [], { state: item.state });
      set = { state: d.to, blockedReason: d.to === 'blocked' ? (reason ?? null) : null };
      event = { from: item.state, to: d.to, ...(reason ? { reason } : {}) };
    }
    const moved = await updateWorkItemIf(tx, item.id, item.version, set);
    if (!moved) throw new AppError('conflict', 'Someone else changed this work item at the same moment; reload it and try again');
    await recordOrderEvent(tx, item.orderId, `work_item_${req.command === 'done' ? 'done' : req.command === 'assign' ? 'assigned' : req.command === 'block' ? 'blocked' : req.command === 'unblock' ? 'unblocked' : 'started'}`, who.actor, {
      workItemId: item.id,
      kind: item.kind,
      party: listed?.party?.name ?? null,
      ...event,
    });
    const [view] = await presentWorkItems(tx, await listWorkItems(tx, { ids: [item.id], limit: 1 }), who.role);
    if (!view) throw new Error('the work item vanished');
    return view;
  });
}
