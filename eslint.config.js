// Lint rules that keep the architecture honest: the engine never touches Electron, the
// renderer never touches Node, and product code never reaches into fixtures.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'net', 'tls', 'http', 'https', 'child_process', 'crypto', 'stream', 'events', 'util', 'worker_threads'];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'fixtures/nest/**/dist/**', 'fixtures/nest/**/node_modules/**', '.rig/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['**/*.{js,mjs,cjs}', 'electron/**', 'fixtures/**', '*.config.ts', 'renderer/e2e/**'], languageOptions: { globals: globals.node } },
  {
    files: ['electron/core/**', 'electron/cli/**', 'electron/headless/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The engine runs without Electron (CLI, headless host, tests): keep electron imports in electron/main and electron/preload.' }] }],
    },
  },
  {
    files: ['electron/**', 'shared/**', 'renderer/**'],
    // Tests, their helpers (electron/test-support) and the benchmark suite (electron/bench) may start
    // fixture services; product code never touches them.
    ignores: ['renderer/e2e/**', '**/*.test.ts', 'electron/test-support/**', 'electron/bench/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/fixtures/**'], message: 'Product code never imports test fixtures.' }] }],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'shared/ is used by both sides.' }], patterns: [{ group: nodeBuiltins, message: 'shared/ runs in the renderer too: no Node modules.' }, { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ imports nothing from either side.' }] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/e2e/**'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The renderer talks to the engine only through renderer/bridge.' }], patterns: [{ group: nodeBuiltins, message: 'The renderer runs in a sandboxed browser: no Node modules.' }, { group: ['**/electron/**'], message: 'The renderer reaches the engine only through the contract in shared/.' }, { group: ['**/fixtures/**'], message: 'Product code never imports test fixtures.' }] }],
    },
  },
);
