/** Small building blocks every page uses: page header, loading/empty/error states, text fields, the error summary, a dialog. */
import { useT } from '../i18n/i18n';
import { en, type Messages } from '../i18n/en';
import { useEffect, useId, useRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import type { OrderStatus, Problem } from '../api/client';
import { ApiError } from '../api/client';
import { STATUS_LABEL } from '../lib/format';
import { fieldId } from '../lib/problems';

export function Page({ title, actions, children, subtitle }: { title: ReactNode; subtitle?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // After navigation, screen readers and keyboard users start at the page's heading.
    if (document.activeElement === document.body || document.activeElement?.closest('nav')) h1.current?.focus({ preventScroll: true });
  }, []);
  return (
    <>
      <header className="page-head">
        <div>
          <h1 tabIndex={-1} ref={h1}>
            {title}
          </h1>
          {subtitle ? <p className="muted">{subtitle}</p> : null}
        </div>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </header>
      {children}
    </>
  );
}

export function Loading({ what }: { what?: string }) {
  const t = useT();
  what ??= t.loading;
  return (
    <p className="state loading" role="status">
      <span className="spinner" aria-hidden="true" /> {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state empty">{children}</div>;
}

export function errorText(e: unknown, t: Messages = en): string {
  if (e instanceof ApiError) {
    if (e.status === 0) return t.offline;
    if (e.status === 403) return e.problem.detail || 'Your role does not allow this.';
    return e.problem.detail || e.problem.title;
  }
  return e instanceof Error ? e.message : t.somethingWrong;
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const t = useT();
  const requestId = error instanceof ApiError ? error.problem.requestId : undefined;
  return (
    <div className="state error" role="alert">
      <p>
        <strong>{t.couldNotLoad}</strong> {errorText(error, t)}
        {requestId ? <span className="muted"> (request {requestId})</span> : null}
      </p>
      {retry ? (
        <button type="button" onClick={retry}>
          {t.tryAgain}
        </button>
      ) : null}
    </div>
  );
}

/** The list of every problem at the top of a form, each linking to its field. Announced when it appears. */
export function ErrorSummary({ problem, labels = {} }: { problem: Problem | null; labels?: Record<string, string> }) {
  const ref = useRef<HTMLDivElement>(null);
  const t = useT();
  // Each new answer moves the focus to the first field it names (or to this summary).
  useEffect(() => {
    const box = ref.current;
    if (!problem || !box) return;
    const scope = box.closest('form') ?? document;
    (scope.querySelector<HTMLElement>('[aria-invalid="true"]') ?? box).focus();
  }, [problem]);
  if (!problem) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} data-error-summary ref={ref}>
      <h2>{problem.errors.length > 0 ? t.needsAttention(problem.errors.length) : problem.title}</h2>
      {problem.errors.length > 0 ? (
        <ul>
          {problem.errors.map((e) => (
            <li key={e.pointer + e.code}>
              <a href={`#${fieldId(e.pointer)}`} onClick={(ev) => {
                const el = document.getElementById(fieldId(e.pointer)) ?? document.querySelector<HTMLElement>(`[data-pointers~="${e.pointer}"]`);
                if (el) {
                  ev.preventDefault();
                  el.focus();
                }
              }}>
                {labels[e.pointer] ? `${labels[e.pointer]}: ` : ''}
                {e.message}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{problem.detail}</p>
      )}
    </div>
  );
}

type Common = { label: ReactNode; error?: string | undefined; hint?: ReactNode; pointer?: string | undefined; className?: string | undefined };

function useFieldIds(pointer: string | undefined, error: string | undefined, hint: ReactNode, given?: string) {
  const auto = useId();
  const id = given ?? (pointer ? fieldId(pointer) : auto);
  const errorId = error ? `${id}-error` : undefined;
  const hintId = hint ? `${id}-hint` : undefined;
  return { id, errorId, hintId, describedBy: [errorId, hintId].filter(Boolean).join(' ') || undefined };
}

function Messages({ error, errorId, hint, hintId }: { error?: string | undefined; errorId?: string | undefined; hint?: ReactNode; hintId?: string | undefined }) {
  return (
    <>
      {hint ? <span className="hint" id={hintId}>{hint}</span> : null}
      {error ? (
        <span className="field-error" id={errorId} role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}

export function TextField({ label, error, hint, pointer, className, id, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  const ids = useFieldIds(pointer, error, hint, id);
  return (
    <div className={`field ${error ? 'invalid' : ''} ${className ?? ''}`}>
      <label htmlFor={ids.id}>
        {label}
        {input.required ? <span className="req" aria-hidden="true"> *</span> : null}
      </label>
      <input id={ids.id} aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy} {...input} />
      <Messages error={error} errorId={ids.errorId} hint={hint} hintId={ids.hintId} />
    </div>
  );
}

export function SelectField({ label, error, hint, pointer, className, children, id, ...select }: Common & SelectHTMLAttributes<HTMLSelectElement>) {
  const ids = useFieldIds(pointer, error, hint, id);
  return (
    <div className={`field ${error ? 'invalid' : ''} ${className ?? ''}`}>
      <label htmlFor={ids.id}>{label}</label>
      <select id={ids.id} aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy} {...select}>
        {children}
      </select>
      <Messages error={error} errorId={ids.errorId} hint={hint} hintId={ids.hintId} />
    </div>
  );
}

export function TextArea({ label, error, hint, pointer, className, id, ...area }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const ids = useFieldIds(pointer, error, hint, id);
  return (
    <div className={`field ${error ? 'invalid' : ''} ${className ?? ''}`}>
      <label htmlFor={ids.id}>
        {label}
        {area.required ? <span className="req" aria-hidden="true"> *</span> : null}
      </label>
      <textarea id={ids.id} aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy} {...area} />
      <Messages error={error} errorId={ids.errorId} hint={hint} hintId={ids.hintId} />
    </div>
  );
}

export function Checkbox({ label, className, ...input }: { label: ReactNode; className?: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className={`check ${className ?? ''}`}>
      <input type="checkbox" {...input} /> {label}
    </label>
  );
}

export function StatusBadge({ status }: { status: OrderStatus }) {
  return <span className={`badge status-${status}`}>{STATUS_LABEL[status]}</span>;
}

/** A modal dialog (the platform's <dialog>: focus is kept inside, Escape closes). */
export function Dialog({ open, title, onClose, children }: { open: boolean; title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} onClose={onClose} aria-labelledby={`${title}-title`.replace(/\s/g, '-')}>
      <h2 id={`${title}-title`.replace(/\s/g, '-')}>{title}</h2>
      {open ? children : null}
    </dialog>
  );
}
