/** Saving one section of the settings: only its own keys, guarded by the version it was read at (If-Match). */
import { useState } from 'react';
import { ApiError, client, unwrap, type Problem, type Settings } from '../../api/client';
import { byPointer, type FieldErrors } from '../../lib/problems';

export type VersionedSettings = Settings & { version: number };
export type SettingsPatch = { [K in keyof Settings]?: Settings[K] };

export function useSettingsSave(settings: VersionedSettings, onSaved: (s: VersionedSettings) => void) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors: FieldErrors = byPointer(problem?.errors ?? []);
  const save = async (body: SettingsPatch): Promise<VersionedSettings | null> => {
    setBusy(true);
    try {
      const next = await unwrap(client.PATCH('/api/v1/settings', { params: { header: { 'if-match': `"${settings.version}"` } }, body }));
      setProblem(null);
      setSaved(true);
      onSaved(next);
      return next;
    } catch (err) {
      setSaved(false);
      if (err instanceof ApiError) setProblem(err.status === 412 ? { ...err.problem, detail: 'Someone else changed the settings meanwhile; reload the page to see their change, then make yours again.' } : err.problem);
      else setProblem({ title: 'Could not save', status: 0, code: 'error', detail: err instanceof Error ? err.message : 'Something went wrong', errors: [] });
      return null;
    } finally {
      setBusy(false);
    }
  };
  /** Call when the user edits: the "saved" message goes. */
  const touched = () => setSaved(false);
  return { problem, errors, saved, busy, save, touched };
}
