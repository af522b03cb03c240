/**
 * THE order-form container, shared by the staff order form (new order, draft,
 * edit of a placed order) and the shop: lines, contact, delivery and notes
 * state; live totals from the server's own totals module; the problem from the
 * last answer (the error summary moves the focus to its first field); one
 * Idempotency-Key per order; the busy flag; and the form kept in sessionStorage
 * as the user types, so a reload or a click on the menu loses nothing, with a
 * warning before the page is left with unsaved changes. Each page keeps only
 * its own fields (channel, customer search, …) and its layout.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, newIdempotencyKey, type Problem } from '../api/client';
import { errorText } from '../components/ui';
import { byPointer, type FieldErrors } from '../lib/problems';
import { useLanguage, useT } from '../i18n/i18n';
import { lineTotals, newLine, validQuantity, withMissing, firstInputOf, type ContactState, type DeliveryState, type LineProduct, type LineState } from './order-draft';

export type OrderFormValues<E> = { lines: LineState[]; contact: ContactState; delivery: DeliveryState; notes: string; extras: E };

type Stored<E> = { v: 1; values: OrderFormValues<E> };

export const emptyContact = (): ContactState => ({ name: '', email: '', phone: '', company: '' });
export const emptyDelivery = (country: string): DeliveryState => ({ method: 'shipping', line1: '', line2: '', city: '', postalCode: '', country, requestedDate: '', instructions: '' });

export type UseOrderFormOptions<E> = {
  /** What the form starts with (a new order's blanks, a draft's or an order's saved values). */
  initial: OrderFormValues<E>;
  /** sessionStorage key; null keeps nothing. */
  storageKey: string | null;
  /** Products the stored lines are matched against (a stored line whose product is gone is dropped). */
  products: readonly LineProduct[];
  deliveryFeesMinor: Partial<Record<DeliveryState['method'], number>>;
  deliveryTaxRateBp: number;
  /** Problems to show beside the fields from the start (what a draft still misses). */
  initialProblem?: Problem | null;
};

function load<E>(key: string | null, products: readonly LineProduct[]): { values: OrderFormValues<E>; dropped: number } | null {
  if (!key) return null;
  try {
    const raw = sessionStorage.getItem(key);
    if (!raw) return null;
    const stored = JSON.parse(raw) as Stored<E>;
    if (stored.v !== 1) return null;
    const byId = new Map(products.map((p) => [p.id, p]));
    const lines = stored.values.lines.flatMap((l) => {
      const p = byId.get(l.product.id);
      return p ? [{ ...newLine(p), quantity: l.quantity, values: l.values }] : [];
    });
    return { values: { ...stored.values, lines }, dropped: stored.values.lines.length - lines.length };
  } catch {
    return null;
  }
}

export function useOrderForm<E>(opts: UseOrderFormOptions<E>) {
  const { storageKey, products } = opts;
  const [restored] = useState(() => load<E>(storageKey, products));
  const [values, setValues] = useState<OrderFormValues<E>>(() => restored?.values ?? opts.initial);
  const [dirty, setDirty] = useState(restored !== null);
  const [problem, setProblem] = useState<Problem | null>(opts.initialProblem ?? null);
  const [busy, setBusy] = useState<string | null>(null);
  const t = useT();
  const lang = useLanguage();
  // One request at a time, even for a double click that lands before the button is disabled.
  const inFlight = useRef(false);
  const idempotencyKey = useRef(newIdempotencyKey());
  const focusLine = useRef<string | null>(null);

  const change = useCallback((patch: Partial<OrderFormValues<E>> | ((v: OrderFormValues<E>) => Partial<OrderFormValues<E>>)) => {
    setValues((v) => ({ ...v, ...(typeof patch === 'function' ? patch(v) : patch) }));
    setDirty(true);
  }, []);

  // Kept as the user types.
  useEffect(() => {
    if (!storageKey || !dirty) return;
    try {
      sessionStorage.setItem(storageKey, JSON.stringify({ v: 1, values } satisfies Stored<E>));
    } catch {
      // Storage full or refused: the form still works, it just does not survive a reload.
    }
  }, [storageKey, dirty, values]);

  // A warning before leaving the page (reload, close, another site) with unsaved changes.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  // After adding a line, move to its first field.
  useEffect(() => {
    if (!focusLine.current) return;
    const el = firstInputOf(focusLine.current);
    focusLine.current = null;
    el?.focus();
  }, [values.lines]);

  const fee = opts.deliveryFeesMinor[values.delivery.method] ?? 0;
  const { priced, totals } = useMemo(() => lineTotals(values.lines, fee, opts.deliveryTaxRateBp), [values.lines, fee, opts.deliveryTaxRateBp]);
  // A quantity below 1 or with a fraction is an error beside its field as it is typed; its line is left
  // out of the estimate, and `uncounted` says so (never silently).
  const quantityErrors: FieldErrors = useMemo(() => Object.fromEntries(values.lines.flatMap((l, i) => (validQuantity(l.quantity) ? [] : [[`/lines/${i}/quantity`, t.quantityProblem]]))), [values.lines, t]);
  // The server words its problems in English; in another language the ones the catalogue knows are shown in it.
  const shownProblem = useMemo(
    () => (problem && lang !== 'en' ? { ...problem, errors: problem.errors.map((e) => ({ ...e, message: t.fieldProblem[e.pointer] ?? t.problem[e.code] ?? e.message })) } : problem),
    [problem, lang, t],
  );
  const serverErrors = byPointer(shownProblem?.errors ?? []);

  /** Forgets what was kept (after the order is saved or placed, or on "Start over"). */
  const forget = useCallback(() => {
    if (storageKey) sessionStorage.removeItem(storageKey);
    setDirty(false);
  }, [storageKey]);

  return {
    ...values,
    values,
    dirty,
    /** How many stored lines were dropped on restore because their product is no longer on sale. */
    restored: restored ? { dropped: restored.dropped } : null,
    problem: shownProblem,
    setProblem,
    errors: { ...serverErrors, ...quantityErrors },
    /** Lines left out of the estimated total until their quantity is corrected. */
    uncounted: Object.keys(quantityErrors).length,
    busy,
    priced,
    totals,
    idempotencyKey,
    setContact: (contact: ContactState) => change({ contact }),
    setDelivery: (delivery: DeliveryState) => change({ delivery }),
    setNotes: (notes: string) => change({ notes }),
    setExtras: (patch: Partial<E>) => change((v) => ({ extras: { ...v.extras, ...patch } })),
    addLine: (p: LineProduct) => {
      const line = newLine(p);
      focusLine.current = line.uid;
      change((v) => ({ lines: [...v.lines, line] }));
    },
    updateLine: (uid: string, patch: Partial<LineState>) => change((v) => ({ lines: v.lines.map((l) => (l.uid === uid ? { ...l, ...patch } : l)) })),
    removeLine: (uid: string) => change((v) => ({ lines: v.lines.filter((l) => l.uid !== uid) })),
    /** Back to the starting values, forgetting what was kept. */
    reset: (to: OrderFormValues<E> = opts.initial) => {
      setValues(to);
      setProblem(null);
      forget();
    },
    forget,
    /**
     * Runs one request for the form: one at a time; on success forgets the kept
     * form and starts a new Idempotency-Key; on failure shows every problem
     * beside its field (with the required form fields the server did not reach).
     */
    submit: async <T,>(what: string, request: (idempotencyKey: string) => Promise<T>, onDone: (result: T) => void, opts2: { checkLines?: boolean } = {}) => {
      if (inFlight.current) return;
      inFlight.current = true;
      setBusy(what);
      try {
        const result = await request(idempotencyKey.current);
        idempotencyKey.current = newIdempotencyKey();
        setProblem(null);
        forget();
        inFlight.current = false;
        setBusy(null);
        onDone(result);
      } catch (err) {
        setProblem(err instanceof ApiError ? (opts2.checkLines ? withMissing(err.problem, values.lines, t.isRequired) : err.problem) : { title: t.couldNotSave, status: 0, code: 'error', detail: errorText(err, t), errors: [] });
        inFlight.current = false;
        setBusy(null);
      }
    },
  };
}

export type OrderForm<E> = ReturnType<typeof useOrderForm<E>>;
