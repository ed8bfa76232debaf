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
      // Payloads come from services Patchbay does not control: they are shown as text, never parsed
      // as HTML or run as code (issue 8, "Payload rendering never executes content").
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render text as React children; HTML from a payload could run script.' },
        { selector: 'AssignmentExpression > MemberExpression.left[property.name=/^(innerHTML|outerHTML)$/]', message: 'Set textContent instead; HTML from a payload could run script.' },
        { selector: 'CallExpression[callee.property.name=/^(insertAdjacentHTML|createContextualFragment)$/]', message: 'Build DOM nodes or React elements; HTML from a payload could run script.' },
        { selector: "CallExpression[callee.object.name='document'][callee.property.name=/^(write|writeln)$/]", message: 'Build DOM nodes or React elements; HTML from a payload could run script.' },
      ],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-script-url': 'error',
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The renderer talks to the engine only through renderer/bridge.' }], patterns: [{ group: nodeBuiltins, message: 'The renderer runs in a sandboxed browser: no Node modules.' }, { group: ['**/electron/**'], message: 'The renderer reaches the engine only through the contract in shared/.' }, { group: ['**/fixtures/**'], message: 'Product code never imports test fixtures.' }] }],
    },
  },
);
