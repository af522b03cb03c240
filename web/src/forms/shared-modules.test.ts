/// <reference types="node" />
/**
 * The web has no copy of the order-form rules or of the money arithmetic: it
 * imports the server's pure modules. (This replaces the old property test that
 * compared a browser copy with the server's validator: with one module there is
 * nothing left to compare, so this checks that there really is only one.)
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as server from '../../../src/catalog/form-definition.ts';
import { formDefinitionSchema } from '../../../src/catalog/form-definition.schemas.ts';
import { computeTotals } from '../../../src/orders/totals.ts';
import { evaluateForm } from './form-state';
import { lineTotals, newLine } from './order-draft';
import { ESLint } from 'eslint';

const WEB = fileURLToPath(new URL('..', import.meta.url));
const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));

describe('the web and the server share one order-form module and one money module', () => {
  it('the web compiles forms with the server file itself (the @server alias resolves to src/)', async () => {
    const viaAlias = await import('@server/catalog/form-definition.ts');
    expect(viaAlias.compileForm).toBe(server.compileForm);
    const web = await import('@server/orders/totals.ts');
    expect(web.computeTotals).toBe(computeTotals);
  });

  it('no file in web/src re-implements the rules, the rounding or the totals', () => {
    const sources = files(WEB).filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts'));
    const offenders = sources.filter((f) => /RE2JS|function applyRate|function estimateTotals|function computeTotals|function holds\(|conditionHolds/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it("the browser's live form state is the server validator's answer", () => {
    const fields = formDefinitionSchema.parse([
      { key: 'fabric', label: 'Fabric', type: 'select', required: true, options: [{ value: 'linen', label: 'Linen' }, { value: 'leather', label: 'Leather', priceDeltaMinor: 35_000 }] },
      { key: 'care', label: 'Care kit', type: 'boolean', priceDeltaMinor: 2_500, shownWhen: { field: 'fabric', in: ['leather'] } },
      { key: 'paint', label: 'Paint', type: 'text', pattern: 'RAL ?\\d{4}', minLength: 7, maxLength: 8 },
    ]);
    const values = { fabric: 'leather', care: true, paint: 'RAL 9010' };
    const web = evaluateForm(fields, values);
    const result = server.compileForm(fields)(values);
    expect([...web.visible]).toEqual(result.visible);
    expect([...web.required]).toEqual(result.required);
    expect(web.priceDeltaMinor).toBe(37_500);
    expect(web.problems).toEqual([]);
    expect(evaluateForm(fields, { ...values, paint: 'RAL9' }).problems.map((p) => p.code)).toEqual(['too_short']);
  });

  it("the order form's live totals include the tax on delivery, as the server stores them", () => {
    const line = newLine({ id: 'p', sku: 'S', name: 'Sofa', priceMinor: 10_000, currency: 'EUR', taxRateBp: 2000, formFields: [] });
    const { totals } = lineTotals([line], 4_900, 2000);
    expect(totals).toEqual(computeTotals([{ quantity: 1, unitPriceMinor: 10_000, optionsPriceMinor: 0, taxRateBp: 2000 }], 4_900, 2000));
    expect(totals.taxTotalMinor).toBe(2_000 + 980);
    expect(totals.grandTotalMinor).toBe(10_000 + 4_900 + 2_980);
  });

  it('lint lets the web import those pure modules and refuses any other server file', async () => {
    const eslint = new ESLint({ cwd: fileURLToPath(new URL('../../..', import.meta.url)) });
    const lint = async (code: string) => (await eslint.lintText(code, { filePath: join(WEB, 'forms', 'probe.ts') }))[0]?.messages.filter((m) => m.ruleId === 'no-restricted-imports').length;
    expect(await lint("import { applyRate } from '@server/shared/money.ts';\nexport const a = applyRate;\n")).toBe(0);
    expect(await lint("import { getSettings } from '@server/settings/settings.service.ts';\nexport const a = getSettings;\n")).toBe(1);
  });
});
