import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { boundaryRules } from './architecture.config.mjs';

export default tseslint.config(
  { ignores: ['node_modules', 'data', 'dist', 'web/dist', 'drizzle', 'test-results', 'coverage', 'scratch'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Imports between the folders of src/ only point down (architecture.config.mjs, docs/architecture.md).
  ...boundaryRules(),
  {
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      // The web shares the server's pure modules (no I/O, no Node, no zod), and only those.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@server/(?!(catalog/form-definition|shared/money|orders/totals|orders/verification)\\.ts$)',
              message: 'The web imports only the pure server modules form-definition.ts, money.ts and totals.ts; add a module here only if it is pure and imports nothing else.',
            },
          ],
        },
      ],
    },
  },
);
