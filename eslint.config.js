import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import importX, { createNodeResolver } from 'eslint-plugin-import-x'

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
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/*.tables.ts'], message: 'A feature owns its tables: call its service instead.' }] },
      ],
    },
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
          ],
        },
      ],
    },
  },
  { files: ['bin/**', 'scripts/**/*.js'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
)
