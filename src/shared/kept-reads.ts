/**
 * Reads a process may answer from what it read last, for up to `freshMs`: a change made in
 * this process calls `forget()` and is seen at once; one made in another process is seen
 * within `freshMs` (the rule API tokens follow). A read that started before a `forget()` is
 * answered but not kept, so it cannot outlive the change.
 */
export function keptReads<K, V>(freshMs: number): { get(key: K, read: () => Promise<V>, now?: number): Promise<V>; forget(): void } {
  const kept = new Map<K, { readAt: number; value: V }>();
  let generation = 0;
  return {
    forget() {
      generation++;
      kept.clear();
    },
    async get(key, read, now = Date.now()) {
      const hit = kept.get(key);
      if (hit && now >= hit.readAt && now - hit.readAt < freshMs) return hit.value;
      const startedIn = generation;
      const value = await read();
      if (startedIn === generation) kept.set(key, { readAt: now, value });
      return value;
    },
  };
}
