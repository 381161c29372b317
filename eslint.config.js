import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import importX, { createNodeResolver } from 'eslint-plugin-import-x'
import fs from 'node:fs'

const foldersOf = (dir) =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)

// Feature boundaries: a feature uses another feature through its public files only, never its queries or
// internals. One zone per feature folder: from inside it, every other feature's files are off limits
// except these.
const boundary = (root, publicFiles, message) =>
  foldersOf(root).map((feature) => ({
    target: `${root}/${feature}`,
    from: `${root}/!(${feature})/**`,
    except: publicFiles,
    message,
  }))
const serverBoundary = boundary(
  './src/features',
  ['**/*.service.ts', '**/*.contract.ts', '**/index.ts'],
  'A feature uses another feature through its *.service.ts, *.contract.ts or index.ts, never its queries or internals.',
)
const webBoundary = boundary(
  './src/web/features',
  ['**/index.ts'],
  'A web feature uses another through its index.ts; shared UI lives in src/web/components and src/web/lib.',
)

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'test-results', 'playwright-report', 'src/web/lib/api-types.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js'],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Type-aware rules for the bugs that cost most in this stack: a promise nobody waits for or catches, an
    // async function where a void callback is expected (an event handler, a listener), awaiting what is not
    // a promise, and a switch that misses a member of a union. Mark a deliberate fire-and-forget with `void`.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },
  {
    files: ['src/features/**'],
    plugins: { 'import-x': importX },
    rules: { 'import-x/no-restricted-paths': ['error', { zones: serverBoundary }] },
  },
  {
    // The web UI talks to the API only: it never imports server code.
    files: ['src/web/**'],
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          // It may check forms with the features' contracts (zod only, no server code) and zod's plain messages.
          zones: [
            { target: './src/web', from: ['./src/server', './src/cli'], message: 'The web UI talks to the API only.' },
            {
              target: './src/web',
              from: './src/core',
              except: ['./zod-messages.ts', './dates.ts'],
              message: 'The web UI talks to the API only.',
            },
            {
              target: './src/web',
              from: './src/features/**',
              except: ['**/src/features/*/*.contract.ts'],
              message: "The web UI talks to the API only; it may import a feature's contract (*.contract.ts).",
            },
            ...webBoundary,
          ],
        },
      ],
    },
  },
  { files: ['bin/**', 'scripts/**/*.js'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
)
