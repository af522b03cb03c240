/** The mail log's vocabulary: what became of a message. A leaf: imports nothing. */
export const MAIL_STATUSES = ['queued', 'sent', 'kept_locally', 'failed', 'bounced'] as const;
