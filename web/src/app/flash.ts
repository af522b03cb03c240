/** A message carried to the next page (e.g. "Order SO-2026-000123 placed"). */
let pending: string | null = null;
export const setFlash = (m: string) => {
  pending = m;
};
export const takeFlash = (): string | null => {
  const m = pending;
  pending = null;
  return m;
};
