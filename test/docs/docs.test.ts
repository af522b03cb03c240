import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, can, type Permission } from '../../src/auth/permissions.ts';

describe('docs/security.md', () => {
  it('shows the permission table exactly as the code has it', () => {
    const doc = fs.readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8');
    for (const p of Object.keys(PERMISSIONS) as Permission[]) {
      const row = `| \`${p}\` | ${ROLES.map((r) => (can(r, p) ? 'yes' : '–')).join(' | ')} |`;
      expect(doc, p).toContain(row);
    }
  });
});
