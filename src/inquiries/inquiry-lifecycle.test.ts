import { describe, expect, it } from 'vitest';
import { allowedInquiryCommands, decideInquiry, INQUIRY_LIFECYCLE, isOpenInquiry } from './inquiry-lifecycle.ts';
import { INQUIRY_STATES } from './inquiry-vocabulary.ts';

describe('the inquiry lifecycle', () => {
  it('has a row for every state', () => {
    expect(Object.keys(INQUIRY_LIFECYCLE).sort()).toEqual([...INQUIRY_STATES].sort());
  });

  it('moves an open inquiry through answered and quoted to won', () => {
    expect(decideInquiry('open', 'answer')).toMatchObject({ ok: true, to: 'answered', event: 'answered' });
    expect(decideInquiry('answered', 'answer')).toMatchObject({ ok: true, to: 'answered' });
    expect(decideInquiry('answered', 'mark_quoted')).toMatchObject({ ok: true, to: 'quoted' });
    expect(decideInquiry('quoted', 'answer')).toMatchObject({ ok: true, to: 'quoted' });
    expect(decideInquiry('quoted', 'win')).toMatchObject({ ok: true, to: 'won', lostReason: null });
  });

  it('needs a reason to lose, keeps it, and forgets it on reopening', () => {
    expect(decideInquiry('open', 'lose')).toMatchObject({ ok: false, reason: 'reason_required' });
    expect(decideInquiry('open', 'lose', '  ')).toMatchObject({ ok: false, reason: 'reason_required' });
    expect(decideInquiry('open', 'lose', ' too dear ')).toMatchObject({ ok: true, to: 'lost', lostReason: 'too dear' });
    expect(decideInquiry('lost', 'reopen')).toMatchObject({ ok: true, to: 'open', lostReason: null });
  });

  it('refuses what the table does not allow, saying what is allowed', () => {
    const won = decideInquiry('won', 'answer');
    expect(won).toMatchObject({ ok: false, reason: 'not_allowed_in_state' });
    expect(won.ok ? '' : won.message).toContain('closed');
    expect(decideInquiry('lost', 'win')).toMatchObject({ ok: false, reason: 'not_allowed_in_state', message: expect.stringContaining('reopen') });
    expect(decideInquiry('open', 'reopen').ok).toBe(false);
    expect(allowedInquiryCommands('won')).toEqual([]);
  });

  it('counts follow-ups only while the inquiry is open, answered or quoted', () => {
    expect(INQUIRY_STATES.filter(isOpenInquiry)).toEqual(['open', 'answered', 'quoted']);
  });
});
