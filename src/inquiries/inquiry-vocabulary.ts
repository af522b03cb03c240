/** The words of an inquiry: how it came in and where it stands. A leaf: imports nothing. */
export const INQUIRY_CHANNELS = ['phone', 'email', 'web', 'in_person'] as const;
export type InquiryChannel = (typeof INQUIRY_CHANNELS)[number];

export const INQUIRY_STATES = ['open', 'answered', 'quoted', 'won', 'lost'] as const;
export type InquiryState = (typeof INQUIRY_STATES)[number];

/** States in which the inquiry still needs someone: its follow-up date counts (overdue list). */
export const INQUIRY_OPEN_STATES = ['open', 'answered', 'quoted'] as const satisfies readonly InquiryState[];
