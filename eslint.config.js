import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // The layers (docs/architecture.md): routes, plugins and jobs reach storage only through the
    // domain, so a rule never hides in a route and a query never in a plugin. Types included.
    files: ['src/routes/**', 'src/plugins/**', 'src/jobs/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/repositories/*', '**/repositories', '**/db/*', '**/db', 'kysely'],
              message: 'Routes, plugins and jobs go through src/domain/ (no queries of their own, no Kysely): call (or add) a domain function; name records from domain/records.ts and enumerations from domain/vocabulary.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**', 'bench/**', 'seeds/**'],
    rules: { 'no-console': 'off' },
  },
);
