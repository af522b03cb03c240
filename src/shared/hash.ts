import { createHash } from 'node:crypto';

type Work = { value: unknown } | { text: string };

/**
 * JSON with object keys sorted, so equal values give equal text. Walks with its
 * own stack, not recursion: no nesting depth can exhaust the call stack.
 */
export function canonicalJson(root: unknown): string {
  const out: string[] = [];
  const stack: Work[] = [{ value: root }];
  while (stack.length > 0) {
    const item = stack.pop() as Work;
    if ('text' in item) {
      out.push(item.text);
      continue;
    }
    const v = item.value;
    let parts: Work[];
    if (Array.isArray(v)) {
      parts = [{ text: '[' }];
      for (let i = 0; i < v.length; i++) parts.push(...(i === 0 ? [] : [{ text: ',' }]), { value: v[i] as unknown });
      parts.push({ text: ']' });
    } else if (v && typeof v === 'object' && !(v instanceof Date)) {
      const keys = Object.keys(v)
        .sort()
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined);
      parts = [{ text: '{' }, ...keys.flatMap((k, i) => [{ text: `${i === 0 ? '' : ','}${JSON.stringify(k)}:` }, { value: (v as Record<string, unknown>)[k] }]), { text: '}' }];
    } else {
      out.push(JSON.stringify(v) ?? 'null');
      continue;
    }
    for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i] as Work);
  }
  return out.join('');
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
