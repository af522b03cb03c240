/**
 * A text box with a list of suggestions (WAI-ARIA combobox): type to filter,
 * Down/Up to move, Enter to choose, Escape to close. Used to find customers
 * and products by name, SKU, phone or e-mail.
 */
import { useId, useRef, useState, type InputHTMLAttributes, type ReactNode } from 'react';
import styles from './Combobox.module.css';

export type ComboboxProps<T> = {
  label: ReactNode;
  value: string;
  onInput: (text: string) => void;
  items: T[];
  itemKey: (t: T) => string;
  renderItem: (t: T) => ReactNode;
  onChoose: (t: T) => void;
  /** Shown under the box when it is open and there are no items. */
  emptyText?: string | undefined;
  error?: string | undefined;
  hint?: ReactNode;
  id?: string;
  inputProps?: InputHTMLAttributes<HTMLInputElement> & Record<`data-${string}`, string>;
};

export function Combobox<T>({ label, value, onInput, items, itemKey, renderItem, onChoose, emptyText, error, hint, id, inputProps }: ComboboxProps<T>) {
  const auto = useId();
  const inputId = id ?? `cb${auto}`;
  const listId = `${inputId}-list`;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const closing = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const reopen = () => {
    clearTimeout(closing.current);
    setOpen(true);
  };
  const showList = open && value.trim().length > 0 && (items.length > 0 || Boolean(emptyText));
  const choose = (t: T) => {
    onChoose(t);
    setOpen(false);
    setActive(0);
  };
  const errorId = error ? `${inputId}-error` : undefined;
  const hintId = hint ? `${inputId}-hint` : undefined;
  return (
    <div className={`field ${styles.box} ${error ? 'invalid' : ''}`}>
      <label htmlFor={inputId}>{label}</label>
      <input
        {...inputProps}
        id={inputId}
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={showList}
        aria-controls={listId}
        aria-activedescendant={showList && items[active] ? `${listId}-${active}` : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={[errorId, hintId].filter(Boolean).join(' ') || undefined}
        value={value}
        onChange={(e) => {
          onInput(e.target.value);
          reopen();
          setActive(0);
        }}
        onFocus={reopen}
        onBlur={() => {
          closing.current = setTimeout(() => setOpen(false), 150);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(a + 1, items.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter') {
            if (showList && items[active]) {
              e.preventDefault();
              choose(items[active]);
            } else if (value.trim()) {
              e.preventDefault();
            }
          } else if (e.key === 'Escape') {
            setOpen(false);
          }
        }}
      />
      {hint ? <span className="hint" id={hintId}>{hint}</span> : null}
      {error ? <span className="field-error" id={errorId} role="alert">{error}</span> : null}
      <ul id={listId} role="listbox" className={styles.list} hidden={!showList} aria-label="Suggestions">
        {items.map((t, i) => (
          <li
            key={itemKey(t)}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? styles.active : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              choose(t);
            }}
          >
            {renderItem(t)}
          </li>
        ))}
        {items.length === 0 && emptyText ? <li className={styles.empty}>{emptyText}</li> : null}
      </ul>
    </div>
  );
}
