/**
 * The e-mails customers get: which ones go by themselves (the acknowledgement per
 * channel), and the wording of each e-mail per language — edited with a live
 * preview against a real order, refused when it would not render, reset to the default.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, client, unwrap, type Channel, type Schemas } from '../../api/client';
import { useAsync } from '../../app/useAsync';
import { Checkbox, ErrorState, Loading, SelectField, TextArea, TextField, errorText } from '../../components/ui';
import { CHANNELS, CHANNEL_LABEL } from '../../lib/format';
import { byPointer, type FieldErrors } from '../../lib/problems';
import { useSettingsSave, type VersionedSettings } from './save';
import { SaveRow } from './SaveRow';

type Template = Schemas['MailTemplate'];
type Preview = Schemas['MailTemplatePreview'];

const NAMES: Record<Template['template'], string> = {
  order_received: 'Order received (acknowledgement)',
  order_confirmation: 'Order confirmed',
  verification_request: 'Please check your order',
  order_link: 'Link to the order page',
  staff_message: 'Message from staff',
  order_delayed: 'Delay notice',
  shipment_shipped: 'Shipment on its way / ready to collect',
  shipment_delivered: 'Order delivered',
  work_item_handoff: 'To a party: work for an order (hand-off)',
  work_item_cancelled: 'To a party: work cancelled with its order',
  inquiry_answer: 'Answer to an inquiry',
  quote_sent: 'Quote to the customer (with its PDF and a link to accept it)',
  feedback_request: 'Feedback request (survey after delivery)',
  complete_order: 'Draft sent back: answers missing',
  complete_order_reminder: 'Draft sent back: reminder',
};
const LANGUAGE_NAME: Record<Template['language'], string> = { en: 'English', tr: 'Türkçe' };

export function AcknowledgementSection({ settings, onSaved, readOnly }: { settings: VersionedSettings; onSaved: (s: VersionedSettings) => void; readOnly: boolean }) {
  const [channels, setChannels] = useState<Channel[]>(settings.notifications.acknowledgeChannels);
  const [reminderHours, setReminderHours] = useState(String(settings.notifications.completeReminderHours));
  const { errors, saved, busy, save, touched } = useSettingsSave(settings, onSaved);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await save({ notifications: { ...settings.notifications, acknowledgeChannels: channels, completeReminderHours: Number(reminderHours) } });
  };
  return (
    <form className="panel stack" onSubmit={(e) => void submit(e)} aria-labelledby="ack-h">
      <h2 id="ack-h">“We have received your order”</h2>
      <p className="muted">
        Orders from these channels get an e-mail the moment they come in, with the order number and what happens next (not when the order needs verifying: the “please check your order” e-mail goes instead).
      </p>
      <fieldset disabled={readOnly}>
        <legend>Acknowledge orders taken</legend>
        {CHANNELS.map((c) => (
          <Checkbox
            key={c}
            label={CHANNEL_LABEL[c]}
            checked={channels.includes(c)}
            onChange={(e) => {
              touched();
              setChannels(e.target.checked ? [...channels, c] : channels.filter((x) => x !== c));
            }}
          />
        ))}
        {errors['/notifications/acknowledgeChannels'] ? <p className="error-text">{errors['/notifications/acknowledgeChannels']}</p> : null}
      </fieldset>
      <TextField
        label="Remind a customer who has not completed a draft sent back to them after (hours)"
        type="number"
        min={1}
        max={1440}
        value={reminderHours}
        disabled={readOnly}
        pointer="/notifications/completeReminderHours"
        error={errors['/notifications/completeReminderHours']}
        onChange={(e) => {
          touched();
          setReminderHours(e.target.value);
        }}
      />
      <SaveRow readOnly={readOnly} busy={busy} saved={saved} label="Save" />
    </form>
  );
}

export function MailWording({ readOnly }: { readOnly: boolean }) {
  const list = useAsync(() => unwrap(client.GET('/api/v1/mail-templates')), []);
  const [name, setName] = useState<Template['template']>('order_received');
  const [language, setLanguage] = useState<Template['language']>('en');
  if (list.error) return <ErrorState error={list.error} retry={list.reload} />;
  if (!list.data) return <Loading what="Loading the e-mail wording" />;
  const current = list.data.items.find((t) => t.template === name && t.language === language);
  return (
    <section className="panel stack" aria-labelledby="wording-h">
      <h2 id="wording-h">E-mail wording</h2>
      <div className="row">
        <SelectField label="E-mail" value={name} onChange={(e) => setName(e.target.value as Template['template'])}>
          {(Object.keys(NAMES) as Template['template'][]).map((n) => (
            <option key={n} value={n}>
              {NAMES[n]}
              {list.data?.items.some((t) => t.template === n && t.customised) ? ' (your wording)' : ''}
            </option>
          ))}
        </SelectField>
        <SelectField label="Language" value={language} onChange={(e) => setLanguage(e.target.value as Template['language'])}>
          {(Object.keys(LANGUAGE_NAME) as Template['language'][]).map((l) => (
            <option key={l} value={l}>
              {LANGUAGE_NAME[l]}
            </option>
          ))}
        </SelectField>
      </div>
      {current ? <TemplateEditor key={`${name}/${language}`} template={current} readOnly={readOnly} onSaved={list.reload} /> : null}
    </section>
  );
}

function TemplateEditor({ template, readOnly, onSaved }: { template: Template; readOnly: boolean; onSaved: () => void }) {
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const [order, setOrder] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [flash, setFlash] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // The preview follows the text as it is typed (a moment after the last key).
  useEffect(() => {
    const t = setTimeout(() => {
      unwrap(
        client.POST('/api/v1/mail-templates/{template}/{language}/preview', {
          params: { path: { template: template.template, language: template.language } },
          body: { subject, body, ...(order.trim() ? { order: order.trim() } : {}) },
        }),
      )
        .then((p) => {
          setPreview(p);
          setPreviewError(null);
        })
        .catch((e: unknown) => setPreviewError(errorText(e)));
    }, 300);
    return () => clearTimeout(t);
  }, [subject, body, order, template.template, template.language]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFlash(null);
    try {
      await unwrap(client.PUT('/api/v1/mail-templates/{template}/{language}', { params: { path: { template: template.template, language: template.language } }, body: { subject, body } }));
      setErrors({});
      setFlash('Saved: e-mails from now on use this wording.');
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors.length) setErrors(byPointer(err.problem.errors));
      else setFlash(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const reset = async () => {
    setBusy(true);
    try {
      const d = await unwrap(client.DELETE('/api/v1/mail-templates/{template}/{language}', { params: { path: { template: template.template, language: template.language } } }));
      setSubject(d.subject);
      setBody(d.body);
      setErrors({});
      setFlash('Back to the default wording.');
      onSaved();
    } catch (err) {
      setFlash(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack" data-testid="template-editor">
      <p className="muted">{template.purpose}. Write <code>{'{{name}}'}</code> to print a value (the default wording shows which exist); <code>{'{{#list}}…{{/list}}'}</code> repeats or shows a part only when it is there. Blank lines make paragraphs.</p>
      <form className="stack" onSubmit={(e) => void save(e)}>
        <TextField label="Subject" value={subject} onChange={(e) => setSubject(e.target.value)} error={errors['/subject']} pointer="/subject" disabled={readOnly} />
        <TextArea label="Text" value={body} onChange={(e) => setBody(e.target.value)} error={errors['/body']} pointer="/body" rows={16} style={{ fontFamily: 'monospace' }} disabled={readOnly} />
        {flash ? <p className="notice" role="status">{flash}</p> : null}
        {readOnly ? null : (
          <div className="row">
            <button type="submit" className="primary" disabled={busy}>
              Save wording
            </button>
            <button type="button" onClick={() => void reset()} disabled={busy || (!template.customised && subject === template.default.subject && body === template.default.body)}>
              Reset to the default
            </button>
          </div>
        )}
      </form>
      <div className="panel" aria-labelledby="preview-h" data-testid="template-preview">
        <h3 id="preview-h">Preview</h3>
        <TextField label="With order (number; empty: sample data)" value={order} onChange={(e) => setOrder(e.target.value)} placeholder="SO-2026-000123" />
        {previewError ? <p className="notice error">{previewError}</p> : null}
        {preview?.problems.length ? (
          <div className="notice warn" role="alert">
            <strong>This wording would not be saved:</strong>
            <ul>
              {preview.problems.map((p) => (
                <li key={p.part}>
                  {p.part === 'subject' ? 'Subject' : 'Text'}: {p.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {preview?.rendered ? (
          <>
            <p>
              <strong>{preview.rendered.subject}</strong>
            </p>
            <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{preview.rendered.text}</pre>
          </>
        ) : null}
      </div>
    </div>
  );
}
