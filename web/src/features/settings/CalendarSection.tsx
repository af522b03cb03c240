/** The working calendar (src/settings/working-calendar.ts): the weekdays the business works, its closed dates, and the dispatch time. Expected completion dates and due dates count these working days. */
import { useState, type FormEvent } from 'react';
import { Checkbox, ErrorSummary, TextArea, TextField } from '../../components/ui';
import { fieldId } from '../../lib/problems';
import { useSettingsSave, type VersionedSettings } from './save';
import { SaveRow } from './SaveRow';

const WEEKDAYS = [
  [1, 'Monday'],
  [2, 'Tuesday'],
  [3, 'Wednesday'],
  [4, 'Thursday'],
  [5, 'Friday'],
  [6, 'Saturday'],
  [7, 'Sunday'],
] as const;

export function CalendarSection({ settings, onSaved, readOnly }: { settings: VersionedSettings; onSaved: (s: VersionedSettings) => void; readOnly: boolean }) {
  const cal = settings.calendar;
  const [days, setDays] = useState<number[]>(cal.workingWeekdays);
  const [closed, setClosed] = useState(cal.closedDates.join('\n'));
  const [dispatch, setDispatch] = useState(String(cal.dispatchDays));
  const { problem, errors, saved, busy, save, touched } = useSettingsSave(settings, onSaved);
  const closedError = Object.entries(errors).find(([p]) => p.startsWith('/calendar/closedDates'))?.[1];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const closedDates = closed
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const n = Number(dispatch);
    await save({ calendar: { workingWeekdays: [...days].sort(), closedDates, dispatchDays: dispatch.trim() === '' || !Number.isInteger(n) ? -1 : n } });
  };
  return (
    <form className="panel stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="calendar-h">
      <h2 id="calendar-h">Working days</h2>
      <p className="muted">Expected completion dates, shown to customers before they order, and the due dates of work items count only these working days.</p>
      <ErrorSummary problem={problem} />
      <fieldset disabled={readOnly} style={{ border: 0, padding: 0, marginInline: 0, marginBottom: 0 }} className="stack">
        <legend className="sr-only">The working calendar</legend>
        <div id={fieldId('/calendar/workingWeekdays')} tabIndex={-1} className={`field ${errors['/calendar/workingWeekdays'] ? 'invalid' : ''}`} role="group" aria-label="Working weekdays">
          <span style={{ fontWeight: 600 }}>Working weekdays</span>
          <div className="row">
            {WEEKDAYS.map(([d, label]) => (
              <Checkbox
                key={d}
                label={label}
                checked={days.includes(d)}
                onChange={(e) => {
                  setDays(e.target.checked ? [...days, d] : days.filter((x) => x !== d));
                  touched();
                }}
              />
            ))}
          </div>
          {errors['/calendar/workingWeekdays'] ? <span className="field-error" role="alert">{errors["/calendar/workingWeekdays"]}</span> : null}
        </div>
        <TextArea
          label="Closed dates"
          hint="Holidays and other days you do not work, one per line, like 2026-12-25"
          pointer="/calendar/closedDates"
          error={closedError}
          rows={4}
          value={closed}
          onChange={(e) => {
            setClosed(e.target.value);
            touched();
          }}
        />
        <TextField
          label="Dispatch time (working days)"
          hint="How long an order in stock takes to be picked, packed and sent; added to lead times too"
          pointer="/calendar/dispatchDays"
          error={errors['/calendar/dispatchDays']}
          inputMode="numeric"
          value={dispatch}
          onChange={(e) => {
            setDispatch(e.target.value);
            touched();
          }}
        />
      </fieldset>
      <SaveRow readOnly={readOnly} busy={busy} saved={saved} label="Save working days" />
    </form>
  );
}
