/** A settings section's footer: the save button and what happened. */

export function SaveRow({ readOnly, busy, saved, label }: { readOnly: boolean; busy: boolean; saved: boolean; label: string }) {
  if (readOnly) return null;
  return (
    <div className="row end">
      <span aria-live="polite">{saved ? <span className="notice" style={{ margin: 0, padding: '0.4rem 0.75rem' }}>Saved.</span> : null}</span>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Saving…' : label}
      </button>
    </div>
  );
}
