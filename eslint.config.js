// Lint: typescript-eslint's recommended rules plus the house layering rules:
// packages never import apps, and `fs`, database drivers and process.env stay at the edges.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const driverImports = [
  { name: 'pg', message: 'Database drivers belong in store adapters.' },
  { name: '@electric-sql/pglite', message: 'Database drivers belong in store adapters.' },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'scratch/**', '.bench-data/**', '**/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'max-params': ['warn', 4],
    },
  },
  {
    files: ['packages/**/*.ts'],
    ignores: ['packages/**/test/**', 'packages/**/*.test.ts', 'packages/**/scripts/**', 'packages/*/src/testing.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['@ariadne/server', '@ariadne/cli', '@ariadne/web'], message: 'Packages never import apps.' }],
      }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read the environment once in an app entry point.' }],
    },
  },
  {
    files: ['packages/schema/src/**/*.ts', 'packages/access/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...driverImports, { name: 'node:fs', message: 'Pure domain package: no file system.' }],
        patterns: [{ group: ['@ariadne/server', '@ariadne/cli', '@ariadne/web', '@ariadne/store'], message: 'Dependencies point inward.' }],
      }],
    },
  },
);
