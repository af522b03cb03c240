/**
 * The page behind the feedback request's link: an overall rating 1–5, how likely the customer
 * recommends the business 0–10, an optional comment and the business's own questions; one
 * answer per order. From the same page (and the e-mail's "?stop=1" link) the customer stops
 * further feedback requests. No account, phone-first (390 px).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, client, unwrap, type Problem } from '../../api/client';
import { useAsync } from '../../app/useAsync';
import { useLocation } from '../../app/router';
import { Loading, errorText } from '../../components/ui';
import { CustomerPageError } from '../my-order/CustomerPageError';
import { LanguageProvider } from '../../i18n/i18n';
import { browserLanguage } from '../../i18n/language';
import { CATALOGUES } from '../../i18n/catalogues';
import { byPointer, fieldId } from '../../lib/problems';
import styles from '../my-order/CustomerOrder.module.css';
import local from './Survey.module.css';

type Answer = string | boolean | null;

export default function SurveyPage({ token }: { token: string }) {
  const { query } = useLocation();
  const loaded = useAsync(() => unwrap(client.GET('/api/v1/public/survey/{token}', { params: { path: { token } } })), [token]);
  const [rating, setRating] = useState<number | null>(null);
  const [recommend, setRecommend] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [answers, setAnswers] = useState<Answer[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [stopped, setStopped] = useState(false);
  const s = loaded.data;
  useEffect(() => {
    if (s) document.title = `${s.businessName} · ${s.orderNumber}`;
  }, [s]);
  const lang = s?.language ?? browserLanguage() ?? 'en';
  const all = CATALOGUES[lang];
  const t = all.survey;
  if (loaded.error) return <CustomerPageError lang={lang} error={loaded.error} />;
  if (!s) return <Loading what={all.loadingOrder} />;
  const errors = byPointer(problem?.errors ?? []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setProblem(null);
    try {
      const body = { ...(rating !== null ? { rating } : {}), ...(recommend !== null ? { recommend } : {}), ...(comment.trim() ? { comment } : {}), answers: s.questions.map((q) => answers[q.index] ?? null) };
      await unwrap(client.POST('/api/v1/public/survey/{token}', { params: { path: { token } }, body: body as { rating: number; recommend: number } }));
      setSent(true);
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) setProblem(err.problem);
      else setError(errorText(err, all));
    }
    setBusy(false);
  };
  const stop = async () => {
    setBusy(true);
    setError(null);
    try {
      await unwrap(client.POST('/api/v1/public/survey/{token}/opt-out', { params: { path: { token } } }));
      setStopped(true);
    } catch (err) {
      setError(errorText(err, all));
    }
    setBusy(false);
  };
  const setAnswer = (i: number, v: Answer) => setAnswers((a) => Object.assign([...a], { [i]: v }));
  const optedOut = stopped || s.optedOut;

  const stopBox = (
    <section className={styles.card} aria-labelledby="stop-h" data-testid="opt-out">
      <h2 id="stop-h">{t.stopHeading}</h2>
      {optedOut ? (
        <p role="status">{t.stopped}</p>
      ) : (
        <div className={styles.actions}>
          <p className="muted">{t.stopIntro}</p>
          <button type="button" disabled={busy} onClick={() => void stop()}>
            {t.stop}
          </button>
        </div>
      )}
    </section>
  );

  return (
    <LanguageProvider lang={lang}>
      <main className={styles.page}>
        <p className={styles.business}>{s.businessName}</p>
        <h1 className={styles.number}>{t.heading.replace('{number}', s.orderNumber)}</h1>
        {query.get('stop') === '1' ? stopBox : null}
        {sent ? (
          <p className={styles.done} role="status" data-testid="survey-thanks">
            {t.thanks}
          </p>
        ) : s.answered ? (
          <p className={styles.done} role="status">
            {t.answered}
          </p>
        ) : (
          <form className={styles.card} onSubmit={(e) => void submit(e)} noValidate aria-label={t.heading.replace('{number}', s.orderNumber)}>
            <p className="muted">{t.intro.replace('{business}', s.businessName)}</p>
            {problem ? (
              <p className="field-error" role="alert">
                {t.fixErrors}
              </p>
            ) : null}
            <Scale id={fieldId('/rating')} legend={t.rating} hint={t.ratingHint} from={1} to={5} value={rating} onChange={setRating} error={errors['/rating']} />
            <Scale id={fieldId('/recommend')} legend={t.recommend} hint={t.recommendHint} from={0} to={10} value={recommend} onChange={setRecommend} error={errors['/recommend']} />
            {s.questions.map((q) =>
              q.kind === 'yes_no' ? (
                <fieldset key={q.index} id={fieldId(`/answers/${q.index}`)} className={local.group}>
                  <legend>
                    {q.text} <span className="muted">{t.optional}</span>
                  </legend>
                  <div className={local.choices}>
                    {[true, false].map((v) => (
                      <label key={String(v)} className={local.choice}>
                        <input type="radio" name={`q${q.index}`} checked={answers[q.index] === v} onChange={() => setAnswer(q.index, v)} />
                        <span>{v ? t.yes : t.no}</span>
                      </label>
                    ))}
                  </div>
                  {errors[`/answers/${q.index}`] ? <span className="field-error">{errors[`/answers/${q.index}`]}</span> : null}
                </fieldset>
              ) : (
                <label key={q.index} className="field" id={fieldId(`/answers/${q.index}`)}>
                  <span>
                    {q.text} <span className="muted">{t.optional}</span>
                  </span>
                  <textarea rows={2} maxLength={2000} value={typeof answers[q.index] === 'string' ? (answers[q.index] as string) : ''} onChange={(e) => setAnswer(q.index, e.target.value)} />
                  {errors[`/answers/${q.index}`] ? <span className="field-error">{errors[`/answers/${q.index}`]}</span> : null}
                </label>
              ),
            )}
            <label className="field" id={fieldId('/comment')}>
              <span>{t.comment}</span>
              <textarea rows={4} maxLength={4000} value={comment} onChange={(e) => setComment(e.target.value)} aria-invalid={errors['/comment'] ? true : undefined} />
              {errors['/comment'] ? <span className="field-error">{errors['/comment']}</span> : null}
            </label>
            <div className={styles.actions}>
              <button type="submit" className="primary" disabled={busy}>
                {busy ? t.sending : t.send}
              </button>
            </div>
          </form>
        )}
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        {query.get('stop') === '1' ? null : stopBox}
      </main>
    </LanguageProvider>
  );
}

/** A row of numbered choices (radio buttons, large enough for a thumb), wrapping on a narrow screen. */
function Scale({ id, legend, hint, from, to, value, onChange, error }: { id: string; legend: string; hint: string; from: number; to: number; value: number | null; onChange: (v: number) => void; error: string | undefined }) {
  const values = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  return (
    <fieldset id={id} className={local.group} aria-invalid={error ? true : undefined} aria-describedby={`${id}-hint`}>
      <legend>{legend}</legend>
      <span id={`${id}-hint`} className="muted">
        {hint}
      </span>
      <div className={local.scale}>
        {values.map((v) => (
          <label key={v} className={`${local.choice} ${value === v ? local.chosen : ''}`}>
            <input type="radio" name={id} value={v} checked={value === v} onChange={() => onChange(v)} />
            <span>{v}</span>
          </label>
        ))}
      </div>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}
