/** The feedback survey after delivery (src/settings/feedback-settings.ts): on or off, when it goes, what a low rating is, how long its link works, and the business's own questions. */
import { useState, type FormEvent } from 'react';
import { Checkbox, ErrorSummary, SelectField, TextField } from '../../components/ui';
import { useSettingsSave, type VersionedSettings } from './save';
import { SaveRow } from './SaveRow';

type Question = VersionedSettings['feedback']['questions'][number];
const num = (v: string) => (v.trim() === '' || !Number.isInteger(Number(v)) ? -1 : Number(v));

export function FeedbackSection({ settings, onSaved, readOnly }: { settings: VersionedSettings; onSaved: (s: VersionedSettings) => void; readOnly: boolean }) {
  const f = settings.feedback;
  const [enabled, setEnabled] = useState(f.enabled);
  const [delay, setDelay] = useState(String(f.delayDays));
  const [low, setLow] = useState(String(f.lowRatingAtMost));
  const [linkDays, setLinkDays] = useState(String(f.linkDays));
  const [questions, setQuestions] = useState<Question[]>(f.questions);
  const { problem, errors, saved, busy, save, touched } = useSettingsSave(settings, onSaved);
  const edit = (fn: () => void) => {
    fn();
    touched();
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await save({ feedback: { enabled, delayDays: num(delay), lowRatingAtMost: num(low), linkDays: num(linkDays), questions } });
  };
  return (
    <form className="panel stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="feedback-h">
      <h2 id="feedback-h">Feedback survey</h2>
      <p className="muted">A while after an order is delivered, the customer gets an e-mail asking how it went: a rating from 1 to 5, how likely they recommend you, a comment and your own questions. A low rating puts a “call the customer back” on the Feedback page.</p>
      <ErrorSummary problem={problem} />
      <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0 }} className="stack">
        <legend className="sr-only">The feedback survey</legend>
        <Checkbox label="Ask customers for feedback after delivery" checked={enabled} onChange={(e) => edit(() => setEnabled(e.target.checked))} />
        <TextField label="Days after delivery" pointer="/feedback/delayDays" error={errors['/feedback/delayDays']} inputMode="numeric" value={delay} onChange={(e) => edit(() => setDelay(e.target.value))} />
        <TextField label="A rating at or below this asks for a call back (1–5)" pointer="/feedback/lowRatingAtMost" error={errors['/feedback/lowRatingAtMost']} inputMode="numeric" value={low} onChange={(e) => edit(() => setLow(e.target.value))} />
        <TextField label="The survey link works for (days)" pointer="/feedback/linkDays" error={errors['/feedback/linkDays']} inputMode="numeric" value={linkDays} onChange={(e) => edit(() => setLinkDays(e.target.value))} />
        <div className="stack" role="group" aria-label="Your own questions">
          <span style={{ fontWeight: 600 }}>Your own questions (up to five, all optional for the customer)</span>
          {questions.map((q, i) => (
            <div key={i} className="row" style={{ alignItems: 'flex-end' }}>
              <TextField
                label={`Question ${i + 1}`}
                pointer={`/feedback/questions/${i}/text`}
                error={errors[`/feedback/questions/${i}/text`]}
                value={q.text}
                onChange={(e) => edit(() => setQuestions(questions.map((x, j) => (j === i ? { ...x, text: e.target.value } : x))))}
              />
              <SelectField label="Answer" pointer={`/feedback/questions/${i}/kind`} value={q.kind} onChange={(e) => edit(() => setQuestions(questions.map((x, j) => (j === i ? { ...x, kind: e.target.value as Question['kind'] } : x))))}>
                <option value="text">In words</option>
                <option value="yes_no">Yes / no</option>
              </SelectField>
              <button type="button" onClick={() => edit(() => setQuestions(questions.filter((_, j) => j !== i)))}>
                Remove
              </button>
            </div>
          ))}
          {questions.length < 5 ? (
            <div>
              <button type="button" onClick={() => edit(() => setQuestions([...questions, { text: '', kind: 'text' }]))}>
                Add a question
              </button>
            </div>
          ) : null}
        </div>
      </fieldset>
      <SaveRow readOnly={readOnly} busy={busy} saved={saved} label="Save feedback survey" />
    </form>
  );
}
