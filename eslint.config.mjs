import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import nx from '@nx/eslint-plugin';

/**
 * Project boundaries (tags in each project.json): apps never import each other, the edge (gateway)
 * never imports core-only libs (persistence, mail-templates, webhooks), shared libs import neither
 * core nor edge, domain imports no other project and no package, and test helpers (type:test) are
 * for specs only. docs/architecture.md "Boundaries" has the picture.
 */
const boundaries = (specs) => ['error', {
  enforceBuildableLibDependency: false,
  allow: [],
  // persistence's own int-specs migrate their database with libs/testing, which runs persistence's migrations.
  ignoredCircularDependencies: [['persistence', 'testing']],
  depConstraints: [
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: specs ? ['type:lib', 'type:test'] : ['type:lib'] },
    { sourceTag: 'type:lib', onlyDependOnLibsWithTags: specs ? ['type:lib', 'type:test'] : ['type:lib'] },
    { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:lib', 'type:test'] },
    // Direct imports only: the gateway's specs reach libs/testing (which uses persistence) through
    // entries that do not load it, enforced by no-restricted-imports below.
    { sourceTag: 'scope:edge', onlyDependOnLibsWithTags: ['scope:edge', 'scope:shared'] },
    { allSourceTags: ['type:lib', 'scope:shared'], onlyDependOnLibsWithTags: ['scope:shared'] },
    { sourceTag: 'io:none', onlyDependOnLibsWithTags: ['io:none'], bannedExternalImports: ['*'] },
  ],
}];
const SPECS = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'apps/*/src/testing/**/*.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'libs/client/dist/**', 'node_modules/**', '.nx/**', 'coverage/**', 'tmp/**', '.sesame/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: { '@nx/enforce-module-boundaries': boundaries(false) },
  },
  {
    files: SPECS,
    rules: { '@nx/enforce-module-boundaries': boundaries(true) },
  },
  {
    // The gateway's specs take the test helpers through entries that do not load persistence.
    files: ['apps/gateway/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: '@sesame/testing', message: 'Import @sesame/testing/redis, /fakes or /events: the index loads persistence.' }],
        patterns: [{ group: ['@sesame/testing/database', '@sesame/testing/stack'], message: 'The gateway never loads persistence, not even in its specs.' }],
      }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node, fetch: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'libs/testing/**/*.ts', 'e2e/**/*.ts', 'faults/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
