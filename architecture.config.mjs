/**
 * Which way imports may point between the folders of src/ (docs/architecture.md
 * draws it). eslint.config.js turns it into no-restricted-imports rules, and
 * test/docs/architecture.test.ts checks the whole graph against it.
 *
 * A folder may import a folder on a LOWER layer, never one on its own layer or
 * above — except the leaves: vocabulary files that import nothing but other
 * leaves, which any folder may import.
 */

/** Bottom first. `config` is src/config.ts; `app` is the composition root (src/app.ts, main.ts, cli.ts and src/app/). */
export const LAYERS = [
  ['shared', 'config'],
  ['http'],
  ['settings', 'auth'],
  ['catalog', 'customers', 'parties'],
  ['inventory'],
  ['orders'],
  ['payments'],
  ['access'],
  ['fulfilment'],
  ['documents', 'webhooks'],
  ['notifications', 'storefront'],
  ['feedback', 'inquiries'],
  ['quotes', 'intake'],
  ['demo'],
  ['app'],
];

/** Leaf files (paths under src/): any folder may import them; they import only other leaves. */
export const LEAVES = [
  'shared/money.ts',
  'orders/order-vocabulary.ts',
  'payments/payment-vocabulary.ts',
  'payments/payment-settings.ts',
  'payments/bank-account.ts',
  'access/access-vocabulary.ts',
  'notifications/mail-vocabulary.ts',
  'notifications/i18n.ts',
  'catalog/form-definition.ts',
  'fulfilment/fulfilment-vocabulary.ts',
  'settings/carriers.ts',
  'documents/document-vocabulary.ts',
  'webhooks/webhook-vocabulary.ts',
  'webhooks/webhook-url.ts',
  'webhooks/webhook-signature.ts',
  'parties/party-vocabulary.ts',
  'fulfilment/work-vocabulary.ts',
  'intake/intake-vocabulary.ts',
  'inquiries/inquiry-vocabulary.ts',
  'quotes/quote-vocabulary.ts',
];

export const ROOT_FILES = { 'config.ts': 'config', 'app.ts': 'app', 'main.ts': 'app', 'cli.ts': 'app' };

export const layerOf = (folder) => LAYERS.findIndex((l) => l.includes(folder));

/** The folders `folder` must not import (same layer or above), each with the leaves it may still import. */
export function forbiddenFor(folder) {
  const level = layerOf(folder);
  return LAYERS.flat().filter((f) => f !== folder && layerOf(f) >= level);
}

const routesMessage = 'A routes file never imports another routes file: move what both need into a schemas or use-case file.';

/** ESLint flat-config objects: one per folder (and one for its routes files, which also may not import routes files). */
export function boundaryRules() {
  const configs = [];
  for (const folder of LAYERS.flat()) {
    if (folder === 'config' || folder === 'app') continue;
    const patterns = forbiddenFor(folder).map((other) => {
      const target = other === 'config' ? ['../config.ts'] : other === 'app' ? ['../app/*', '../app.ts', '../main.ts', '../cli.ts'] : [`../${other}/*`];
      const leaves = LEAVES.filter((l) => l.startsWith(`${other}/`)).map((l) => `!../${l}`);
      return {
        group: [...target, ...leaves],
        message: `src/${folder}/ is on a lower layer than ${other} (architecture.config.mjs): import only downwards, or react to an order event / take a parameter from the composition root instead.`,
      };
    });
    const files = [`src/${folder}/**/*.ts`];
    configs.push({ files, ignores: ['src/**/*.routes.ts', 'src/**/*.test.ts'], rules: { 'no-restricted-imports': ['error', { patterns }] } });
    configs.push({
      files: [`src/${folder}/**/*.routes.ts`],
      rules: { 'no-restricted-imports': ['error', { patterns: [...patterns, { group: ['./*.routes.ts', '../*/*.routes.ts'], message: routesMessage }] }] },
    });
  }
  // The composition root may import anything, but its routes list is the only place routes files are brought together.
  return configs;
}
