import { describe, expect, it } from 'vitest';
import { ROLES, can, lesserRole, permissionsOf } from './permissions.ts';

describe('lesserRole: what an API token may do when its maker now has another role', () => {
  it('is the token role under an owner, the maker role for an owner token, and itself for the same role', () => {
    for (const r of ROLES) {
      expect(lesserRole(r, 'owner')).toBe(r);
      expect(lesserRole('owner', r)).toBe(r);
      expect(lesserRole(r, r)).toBe(r);
    }
  });

  it('never allows anything either role lacks, and is the largest role that fits; none fits sales and warehouse', () => {
    for (const a of ROLES) {
      for (const b of ROLES) {
        const r = lesserRole(a, b);
        const fits = ROLES.filter((x) => permissionsOf(x).every((p) => can(a, p) && can(b, p)));
        if (r === undefined) {
          expect(fits, `${a} ${b}`).toEqual([]);
          continue;
        }
        for (const p of permissionsOf(r)) expect(can(a, p) && can(b, p), `${a} ${b} ${p}`).toBe(true);
        for (const x of fits) expect(permissionsOf(x).length).toBeLessThanOrEqual(permissionsOf(r).length);
      }
    }
    expect(lesserRole('sales', 'warehouse')).toBeUndefined();
    expect(lesserRole('sales', 'accounts')).toBe('viewer');
  });
});
