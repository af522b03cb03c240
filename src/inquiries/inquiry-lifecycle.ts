/**
 * The inquiry lifecycle as one table (like orders/lifecycle.ts): for each state,
 * the commands it accepts and where each leads. `decideInquiry` is the only place
 * a move is judged; the routes and the back office's buttons read the same table. Pure.
 */
import { INQUIRY_OPEN_STATES, type InquiryState } from './inquiry-vocabulary.ts';

type Target = InquiryState | 'stay';

export const INQUIRY_LIFECYCLE = {
  open: { answer: 'answered', mark_quoted: 'quoted', win: 'won', lose: 'lost' },
  answered: { answer: 'stay', mark_quoted: 'quoted', win: 'won', lose: 'lost', reopen: 'open' },
  quoted: { answer: 'stay', mark_quoted: 'stay', win: 'won', lose: 'lost', reopen: 'open' },
  won: {},
  lost: { reopen: 'open' },
} as const satisfies Record<InquiryState, Partial<Record<string, Target>>>;

export const INQUIRY_COMMANDS = ['answer', 'mark_quoted', 'win', 'lose', 'reopen'] as const;
export type InquiryCommand = (typeof INQUIRY_COMMANDS)[number];

/** The commands with their own route body (answer has /answers); the rest move through POST /inquiries/:id/{command}. */
export const MOVE_COMMANDS = ['mark_quoted', 'win', 'lose', 'reopen'] as const satisfies readonly InquiryCommand[];
export type MoveCommand = (typeof MOVE_COMMANDS)[number];

/** What each command is called on the timeline. */
export const INQUIRY_EVENT_OF: Record<InquiryCommand, string> = { answer: 'answered', mark_quoted: 'quoted', win: 'won', lose: 'lost', reopen: 'reopened' };

export type InquiryDecision =
  | { ok: true; from: InquiryState; to: InquiryState; event: string; lostReason: string | null }
  | { ok: false; reason: 'not_allowed_in_state' | 'reason_required'; message: string };

export function allowedInquiryCommands(state: InquiryState): InquiryCommand[] {
  return Object.keys(INQUIRY_LIFECYCLE[state]) as InquiryCommand[];
}

/** `lose` needs a reason (kept on the inquiry); any other move clears a former one. */
export function decideInquiry(state: InquiryState, command: InquiryCommand, reason?: string): InquiryDecision {
  const targets: Partial<Record<InquiryCommand, Target>> = INQUIRY_LIFECYCLE[state];
  const target = targets[command];
  if (target === undefined) {
    const allowed = allowedInquiryCommands(state);
    return { ok: false, reason: 'not_allowed_in_state', message: `An inquiry that is ${state} cannot be given "${command}"; allowed: ${allowed.length ? allowed.join(', ') : 'nothing (it is closed)'}` };
  }
  const why = reason?.trim();
  if (command === 'lose' && !why) return { ok: false, reason: 'reason_required', message: 'Say why the inquiry was lost (reason)' };
  const to = target === 'stay' ? state : target;
  return { ok: true, from: state, to, event: INQUIRY_EVENT_OF[command], lostReason: to === 'lost' ? (why ?? null) : null };
}

/** Whether the follow-up date of an inquiry in this state still counts. */
export const isOpenInquiry = (state: InquiryState): boolean => (INQUIRY_OPEN_STATES as readonly InquiryState[]).includes(state);
