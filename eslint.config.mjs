// Lint rules, including the process boundaries of docs/architecture.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const electronImport = {
  name: 'electron',
  message:
    'Only src/main/electron/** and src/preload/** may import electron: the core and the shell models (src/main/shell) run in plain Node.',
};
const nodePatterns = [{ group: ['node:*'], message: 'Node built-ins are not available here.' }];
const shellPattern = {
  regex: '(^|/)shell/',
  message:
    "src/main/shell holds the desktop shell's models; the core and the CLI run without the shell and must not import it.",
};
const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'net',
  'http',
  'https',
  'stream',
];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-imports': ['error', { paths: [electronImport] }],
    },
  },
  {
    // A thrown value's errno code is read in one place (src/main/fs/errno.ts), not cast for.
    files: ['src/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "TSAsExpression TSQualifiedName[left.name='NodeJS'][right.name='ErrnoException']",
          message: 'Read the code with errnoCode() from src/main/fs/errno.ts instead of casting.',
        },
      ],
    },
  },
  {
    files: ['src/main/**', 'src/cli/**'],
    ignores: ['src/main/electron/**', 'src/main/shell/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronImport], patterns: [shellPattern] }],
    },
  },
  {
    files: ['src/main/electron/**', 'src/preload/**', 'e2e/**', 'playwright.config.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The sandboxed preload is bundled alone: electron, and src/shared, whose only value module it
    // may take is the zod-free channel list (types may come from anywhere in src/shared).
    files: ['src/preload/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!electron$|\\.\\./shared/)',
              message: 'The preload may import only electron and src/shared.',
            },
            {
              regex: '^\\.\\./shared/(?!ipc-channels$)',
              allowTypeImports: true,
              message:
                'The preload bundle must stay zod-free: take values only from src/shared/ipc-channels (types from anywhere in src/shared).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            electronImport,
            ...nodeBuiltins.map((name) => ({ name, message: 'shared code is platform-neutral' })),
          ],
          patterns: nodePatterns,
        },
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            electronImport,
            ...nodeBuiltins.map((name) => ({ name, message: 'the renderer has no Node' })),
          ],
          patterns: nodePatterns,
        },
      ],
    },
  },
);
