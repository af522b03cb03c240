/**
 * Who may give each order command, and which need a reason. The routes check
 * the permission; the order view lists both beside `allowedCommands` so the web
 * shows only the buttons the user may press and asks for a reason where one is
 * needed, without a copy of this table.
 */
import type { Permission } from '../auth/permissions.ts';
import { NEEDS_REASON, type Command } from './lifecycle.ts';

export const COMMAND_PERMISSION: Record<Command, Permission> = {
  edit: 'orders.edit',
  submit: 'orders.place',
  verify: 'orders.verify',
  confirm: 'orders.confirm',
  start_fulfilment: 'orders.fulfil',
  ship: 'orders.fulfil',
  deliver: 'orders.fulfil',
  complete: 'orders.fulfil',
  hold: 'orders.hold',
  release: 'orders.hold',
  cancel: 'orders.cancel',
  add_note: 'orders.note',
};

export type CommandInfo = { command: Command; permission: Permission; needsReason: boolean };

export const commandInfo = (command: Command): CommandInfo => ({ command, permission: COMMAND_PERMISSION[command], needsReason: NEEDS_REASON.has(command) });
